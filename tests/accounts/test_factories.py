"""The role factories give the roles the code recognises (core/roles.py, accounts/policy.py)."""

import pytest

from accounts import policy
from core.roles import is_national
from regions.permissions import can_coordinate, regions_coordinated_by
from registry import permissions
from tests.accounts.factories import (
    PASSWORD,
    CoordinatorFactory,
    NationalEditorFactory,
    RegistryStaffFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.regions.factories import RegionFactory
from tests.registry.factories import VenueOrganisationFactory

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
    own, other = RegionFactory(), RegionFactory()
    user = CoordinatorFactory(region=own)
    assert can_coordinate(user, own) and not can_coordinate(user, other)
    assert policy.is_required(user)


def test_registry_staff_are_members_of_their_organisation():
    unit = VenueOrganisationFactory()
    user = RegistryStaffFactory(organisation=unit, role="manager", is_unit_account=True)
    membership = user.registry_memberships.get()
    assert membership.organisation == unit
    assert (membership.role, membership.is_unit_account) == ("manager", True)
    assert permissions.can_work_at(user, unit) and not policy.is_required(user)


def test_registry_staff_default_to_a_distributor_unit_of_a_region():
    membership = RegistryStaffFactory().registry_memberships.get()
    assert membership.organisation.is_distributor and membership.organisation.region is not None
    assert (membership.role, membership.is_unit_account) == ("staff", False)


def test_a_coordinator_without_a_region_given_gets_a_new_one():
    user = CoordinatorFactory()
    assert regions_coordinated_by(user).count() == 1
