"""Admin screens: region settings (coordinators edit only their own region), the national fee and
the municipalities (national office only), and the coordinators' dashboard panel."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.roles import is_national

from .models import Municipality, NationalFee, Region
from .permissions import can_coordinate, regions_coordinated_by


class RegionPermissionPolicy(ModelPermissionPolicy):
    """National editors do everything; coordinators view and change their own regions only."""

    def user_has_permission(self, user, action):
        if is_national(user):
            return True
        if action in ("change", "view"):
            return regions_coordinated_by(user).exists()
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if is_national(user):
            return True
        return action in ("change", "view") and can_coordinate(user, instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if is_national(user):
            return Region.objects.all()
        if {"change", "view"} & set(actions):
            return regions_coordinated_by(user)
        return Region.objects.none()

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


class NationalOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return is_national(user)

    def user_has_any_permission(self, user, actions):
        return is_national(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return is_national(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return is_national(user)


def _guard_region_views(patterns, policy):
    """Every view of one region (history, usage …) checks that region first: another region's
    is a 403 (the history listed another region's changes; tests/security)."""

    def wrap(view):
        def guarded(request, *args, **kwargs):
            region = Region.objects.filter(pk=kwargs["pk"]).first()
            if region is None:
                raise Http404
            if not policy.user_has_any_permission_for_instance(
                request.user, ["change", "view"], region
            ):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    for pattern in patterns:
        if "pk" in pattern.pattern.regex.groupindex:
            pattern.callback = wrap(pattern.callback)
    return patterns


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    menu_label = _("Region settings")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name_fi", "status", "wellbeing_county", "population"]
    search_fields = ["name_fi", "name_sv"]
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return _guard_region_views(super().get_urlpatterns(), self.permission_policy)

    @property
    def index_view_class(self):
        base = super().index_view_class

        class IndexView(base):
            def get_base_queryset(self):
                # Each coordinator lists only their own regions.
                return regions_coordinated_by(self.request.user)

        return IndexView

    @property
    def edit_view_class(self):
        base = super().edit_view_class

        class EditView(base):
            def get_object(self, queryset=None):
                obj = super().get_object(queryset)
                if not self.permission_policy.user_has_permission_for_instance(
                    self.request.user, "change", obj
                ):
                    raise PermissionDenied
                return obj

        return EditView

    @property
    def delete_view_class(self):
        base = super().delete_view_class

        class DeleteView(base):
            def get_object(self, queryset=None):
                obj = super().get_object(queryset)
                if not is_national(self.request.user):
                    raise PermissionDenied
                return obj

        return DeleteView


class NationalFeeViewSet(ModelViewSet):
    model = NationalFee
    icon = "table"
    menu_label = _("Maintenance fees")
    add_to_settings_menu = True
    list_display = ["year", "total", "total_population", "municipal_share"]
    inspect_view_enabled = False
    copy_view_enabled = False


class MunicipalityViewSet(ModelViewSet):
    """Municipalities and their centre points: national reference data, kept by the national
    office (a region's coordinators choose among them on their partner pages)."""

    model = Municipality
    icon = "home"
    menu_label = _("Municipalities")
    add_to_settings_menu = True
    list_display = ["name_fi", "name_sv", "region", "joined", "latitude", "longitude"]
    list_filter = ["region", "joined"]
    search_fields = ["name_fi", "name_sv"]
    inspect_view_enabled = False
    copy_view_enabled = False


class CoordinatorPanel(Component):
    """The coordinators' section on the admin dashboard: each of the user's regions with its yearly
    fee and a warning when it has no third-sector card distributor (DOMAIN.md, "Distributors")."""

    name = "kaiku_regions"
    template_name = "regions/admin/coordinator_panel.html"
    order = 90

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        from .services import regions_overview

        return {"rows": regions_overview(self.user), "national": is_national(self.user)}
