"""Creating a region creates its coordinators' group; each RegionPage (in every locale) grants that
group page permissions on itself, and nothing else: coordinators edit only their own region's pages.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.models import GroupPagePermission

from .models import Region, RegionPage

# add/change/publish: create, edit, publish and (for leaf pages, see PagePermissionTester.can_delete)
# delete partners; never bulk_delete, so the region page itself, which has children, stays.
COORDINATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
)


def coordinators_group_name(region):
    return f"Koordinaattorit: {region.name_fi}"


def ensure_coordinators_group(region):
    """The region's coordinators' group, created (with admin access) when missing."""
    if region.coordinators_group_id:
        return region.coordinators_group
    name = coordinators_group_name(region)
    group = Group.objects.filter(name=name, coordinated_region__isnull=True).first()
    if group is None:
        if Group.objects.filter(name=name).exists():
            name = f"{name} ({region.slug})"
        group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    Region.objects.filter(pk=region.pk).update(coordinators_group=group)
    region.coordinators_group = group
    return group


def grant_page_permissions(group, page):
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=COORDINATOR_PAGE_PERMISSIONS
    )
    for permission in permissions:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@receiver(post_save, sender=Region)
def _region_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    group = ensure_coordinators_group(instance)
    for page in RegionPage.objects.filter(region=instance):
        grant_page_permissions(group, page)


@receiver(post_save, sender=RegionPage)
def _region_page_saved(sender, instance, raw=False, **kwargs):
    if raw or not instance.region_id:
        return
    region = Region.objects.select_related("coordinators_group").get(pk=instance.region_id)
    grant_page_permissions(ensure_coordinators_group(region), instance)
