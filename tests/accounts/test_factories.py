"""The role factories give the roles the code recognises (core/roles.py, accounts/policy.py)."""

import pytest

from accounts import policy
from core.roles import is_national
from regions.models import Region
from regions.permissions import can_coordinate
from registry import permissions
from registry.models import Organisation
from tests.accounts.factories import (
    PASSWORD,
    CoordinatorFactory,
    NationalEditorFactory,
    RegistryStaffFactory,
    SuperuserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_national_roles_require_two_factor():
    for user in (SuperuserFactory(), NationalEditorFactory()):
        assert is_national(user) and policy.is_required(user)
        assert user.has_perm("wagtailadmin.access_admin")


def test_a_user_without_a_role_signs_in_with_the_password_and_has_no_device():
    user = UserFactory()
    assert user.check_password(PASSWORD)
    assert not is_national(user) and not policy.is_required(user)
    assert policy.confirmed_device(user) is None
    assert policy.confirmed_device(UserFactory(otp_device=True)) is not None


def test_a_coordinator_coordinates_their_region_only():
    own = Region.objects.create(slug="testi-oma-alue", name_fi="Oma alue")
    other = Region.objects.create(slug="testi-muu-alue", name_fi="Muu alue")
    user = CoordinatorFactory(region=own)
    assert can_coordinate(user, own) and not can_coordinate(user, other)
    assert policy.is_required(user)


def test_registry_staff_are_members_of_their_organisation():
    unit = Organisation.objects.create(name="Testiyksikkö", kind="venue")
    user = RegistryStaffFactory(organisation=unit, role="manager", is_unit_account=True)
    membership = user.registry_memberships.get()
    assert membership.organisation == unit
    assert (membership.role, membership.is_unit_account) == ("manager", True)
    assert permissions.can_work_at(user, unit) and not policy.is_required(user)
