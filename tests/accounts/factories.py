"""Users in their roles, for tests that build their own data (issue 19).

Roles as the code asks for them (core/roles.py, regions/permissions.py, registry/permissions.py):

- ``SuperuserFactory``: the national office's administrator;
- ``NationalEditorFactory``: a member of the national editors' group, with the page, document and
  image permissions the national office has (the demo's group has the same, in
  demo/fixtures/users.json);
- ``CoordinatorFactory(region=...)``: a member of a region's coordinators' group;
- ``RegistryStaffFactory(organisation=..., role=..., is_unit_account=...)``: desk staff of one
  registry organisation (distributor unit, venue or ticket agency);
- ``UserFactory``: an account with no role.

Pass ``otp_device=True`` for a confirmed authenticator device (``TOTPDeviceFactory``); tests/otp.py
creates one when a verified client signs in a user whose role requires it. Every user's password
is ``PASSWORD``. Usernames come from a sequence and never match the demo's.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import national_editors_group
from regions.signals import ensure_coordinators_group

PASSWORD = "Testi-Salasana-2026"  # noqa: S105  (test accounts only)

# What the national office may do (the demo's national editors' group has the same,
# demo/fixtures/users.json).
NATIONAL_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
NATIONAL_COLLECTION_PERMISSIONS = {
    "wagtaildocs": ("add_document", "change_document", "delete_document", "choose_document"),
    "wagtailimages": ("add_image", "change_image", "delete_image", "choose_image"),
}


def national_editors():
    """The national editors' group with its admin, page and collection permissions."""
    group = national_editors_group()
    group.permissions.add(
        Permission.objects.get_by_natural_key("access_admin", "wagtailadmin", "admin")
    )
    root_page = Page.get_first_root_node()
    for codename in NATIONAL_PAGE_PERMISSIONS if root_page is not None else ():  # flushed: no tree
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=permission
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codenames in (
        NATIONAL_COLLECTION_PERMISSIONS.items() if root_collection is not None else ()
    ):  # flushed: no collections
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator-app device (random key)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory("tests.accounts.factories.UserFactory")
    name = "app"
    confirmed = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"testi-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    first_name = "Testi"
    last_name = factory.Sequence(lambda n: f"Käyttäjä {n}")
    password = factory.django.Password(PASSWORD)
    is_active = True

    @factory.post_generation
    def otp_device(self, create, extracted, **kwargs):
        if create and extracted:
            TOTPDeviceFactory(user=self, **kwargs)


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"testi-paakayttaja-{n}")
    is_staff = True
    is_superuser = True


class NationalEditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"testi-toimittaja-{n}")

    @factory.post_generation
    def national(self, create, extracted, **kwargs):
        if create:
            self.groups.add(national_editors())


class CoordinatorFactory(UserFactory):
    """A coordinator of ``region`` (a new region from tests/regions/factories.py when not given)."""

    username = factory.Sequence(lambda n: f"testi-koordinaattori-{n}")

    @factory.post_generation
    def region(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            from tests.regions.factories import RegionFactory

            extracted = RegionFactory(**kwargs)
        self.groups.add(ensure_coordinators_group(extracted))


class RegistryStaffFactory(UserFactory):
    """Desk staff of ``organisation`` (a new distributor unit, tests/registry/factories.py, when
    not given), with the membership's ``role`` ("staff" or "manager") and ``is_unit_account``."""

    username = factory.Sequence(lambda n: f"testi-rekisteri-{n}")
    organisation = None
    role = "staff"
    is_unit_account = False

    @classmethod
    def _create(cls, model_class, *args, organisation, role, is_unit_account, **kwargs):
        from tests.registry.factories import DistributorUnitFactory, MembershipFactory

        user = super()._create(model_class, *args, **kwargs)
        MembershipFactory(
            user=user,
            organisation=organisation or DistributorUnitFactory(),
            role=role,
            is_unit_account=is_unit_account,
        )
        return user
