"""Admin: shows (a translatable snippet) and the venues' Linked Events sources, each scoped to the
coordinator's own region (shows.permissions); a venue's contact person sees the shows of their own
venue and, in their small admin (accounts/partner_hooks.py), only "Shows" in this menu."""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.action_menu import PublishMenuItem, UnpublishMenuItem
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


def _may_publish(context):
    user = context["request"].user
    instance = context.get("instance")
    if instance is not None and instance.pk is not None:
        return show_policy.user_has_permission_for_instance(user, "publish", instance)
    return show_policy.user_has_permission(user, "publish")


class PolicyPublishMenuItem(PublishMenuItem):
    """Publish, for those the shows' policy lets publish (the region's coordinators and the
    national office). Wagtail's own item asks for the model-wide Django permission, which our
    roles do not use: coordinators would see only "Submit for review"."""

    def is_shown(self, context):
        return not context.get("locked_for_user") and _may_publish(context)


class PolicyUnpublishMenuItem(UnpublishMenuItem):
    def is_shown(self, context):
        instance = context.get("instance")
        return (
            not context.get("locked_for_user")
            and context["view"] == "edit"
            and instance.live
            and _may_publish(context)
        )


@hooks.register("construct_snippet_action_menu")
def publish_by_policy(menu_items, request, context):
    if context.get("model") is not Show:
        return
    menu_items[:] = [
        item for item in menu_items if not isinstance(item, PublishMenuItem | UnpublishMenuItem)
    ]
    for item in (PolicyUnpublishMenuItem(order=20), PolicyPublishMenuItem(order=30)):
        if item.is_shown(context):
            menu_items.append(item)
    menu_items.sort(key=lambda item: item.order)
