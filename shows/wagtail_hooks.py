"""Admin: shows (a translatable snippet) and the venues' Linked Events sources, each scoped to the
coordinator's own region (shows.permissions); a venue's contact person sees the shows of their own
venue and, in their small admin (accounts/partner_hooks.py), only "Shows" in this menu."""

from django.utils.translation import gettext_lazy as _

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from materials.wagtail_hooks import guard_pk_views

from .models import Show, VenueEventSource
from .permissions import ShowPolicy, VenueRegionPolicy

show_policy = ShowPolicy(Show)
source_policy = VenueRegionPolicy(VenueEventSource)
register_permission_policy(Show, show_policy)
register_permission_policy(VenueEventSource, source_policy)


class ScopedViewSet(SnippetViewSet):
    """Lists only the user's own region's objects; every URL with a <pk> checks the object's
    region first (another region's is a 403)."""

    copy_view_enabled = False
    inspect_view_enabled = False

    def get_queryset(self, request):
        return self.permission_policy.instances_user_has_permission_for(
            request.user, "view"
        ).select_related("venue")

    def get_urlpatterns(self):
        return guard_pk_views(self, super().get_urlpatterns(), self.permission_policy)


class ShowViewSet(ScopedViewSet):
    model = Show
    icon = "date"
    menu_label = _("Shows")
    url_prefix = "shows"
    list_display = ["title", "venue", "start", "kind", "cancelled", "source"]
    list_filter = ["kind", "cancelled", "source"]
    search_fields = ["title"]
    search_backend_name = None  # the ORM's icontains: shows are not in the search index


class VenueEventSourceViewSet(ScopedViewSet):
    model = VenueEventSource
    icon = "link-external"
    menu_label = _("Linked Events sources")
    url_prefix = "show-sources"
    list_display = ["venue", "place_id", "enabled", "last_run_at", "last_error"]
    list_filter = ["enabled"]


class ShowsGroup(SnippetViewSetGroup):
    items = (ShowViewSet, VenueEventSourceViewSet)
    menu_icon = "date"
    menu_label = _("Shows")
    menu_name = "shows"
    menu_order = 260


register_snippet(ShowsGroup)
