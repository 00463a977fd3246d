from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.roles import is_national

from .admin_views import (
    CoordinatorPanel,
    MunicipalityViewSet,
    NationalFeeViewSet,
    NationalOnlyPolicy,
    RegionPermissionPolicy,
    RegionViewSet,
)
from .models import Municipality, NationalFee, Region, RegionIndexPage, RegionPage

register_permission_policy(Region, RegionPermissionPolicy(Region))
register_permission_policy(NationalFee, NationalOnlyPolicy(NationalFee))
register_permission_policy(Municipality, NationalOnlyPolicy(Municipality))


@hooks.register("register_admin_viewset")
def register_region_viewset():
    return RegionViewSet("regions")


@hooks.register("register_admin_viewset")
def register_fee_viewset():
    return NationalFeeViewSet("national_fees")


@hooks.register("register_admin_viewset")
def register_municipality_viewset():
    return MunicipalityViewSet("municipalities")


@hooks.register("construct_homepage_panels")
def add_coordinator_panel(request, panels):
    from .permissions import regions_coordinated_by

    if regions_coordinated_by(request.user).exists():
        panels.append(CoordinatorPanel(request.user))


@hooks.register("before_delete_page")
def protect_region_pages(request, page):
    """A region's page (and the regions index) is removed only by the national office."""
    if page.specific_class in (RegionPage, RegionIndexPage) and not is_national(request.user):
        raise PermissionDenied(_("Only the national office can remove a region's page."))
