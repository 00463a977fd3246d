"""Per-page guards on Wagtail admin views that show a page without asking about it.

Wagtail checks what a user may *do* with a page, but some admin views show a page (its draft title,
translations, workflow) before or without asking, and a coordinator's "explorable root" is the
tree's root (their region's pages are in every locale), so every page is under it. Found by
tests/security/test_permission_matrix.py, each reading another region's unpublished page titles:

- the explorer of any page, the move confirmation (GET), the workflow-cancellation dialog and the
  other admin views that take a page id: now only for pages the user may explore (their own
  region's pages and the pages above them), otherwise Wagtail's "permission denied";
- the bulk-action confirmation lists, by title, the requested pages the user may *not* act on:
  the requested ids are narrowed to the objects the user may see before the action runs;
- the page chooser (rich-text links) browses the whole tree by draft title: it keeps the user's
  explorable pages and the live pages whose title has no unpublished change (core/wagtail_hooks.py
  filters its listings, the guard its parent page and chosen pages);
- the page-types report names, for each page type, the page edited last, anywhere in the tree:
  the national office's report only;
- wagtail-localize's snippet API lists every instance of any snippet model to any admin user (a
  region's brochures, commitments with their organisations): it serves translatable snippets only,
  its purpose (the translation editor's snippet chooser).

`guard_admin_urls` wraps Wagtail's admin URL patterns in place (no hook upstream:
core/upstream_workarounds.py); config/urls.py calls it.
"""

from functools import wraps

from django.apps import apps
from django.db.models import F, Q
from django.http import Http404

from wagtail.admin.auth import permission_denied
from wagtail.models import Page, TranslatableMixin
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from .roles import is_national
from .upstream_workarounds import replace_views

# Keyword arguments of admin URL patterns that carry a page's id.
PAGE_ID_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk")
# Wagtail's admin API filters its pages itself; the chooser has its own rule (linkable pages).
UNGUARDED_NAMESPACES = ("wagtailadmin_api",)
CHOOSER_CHILD = "wagtailadmin_choose_page_child"
CHOOSER_CHOSEN = "wagtailadmin_choose_page_chosen_multiple"
BULK_ACTION = "wagtail_bulk_action"
SNIPPET_API = ("wagtail_localize:snippets_api_listing", "wagtail_localize:snippets_api_detail")
NATIONAL_ONLY = (
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
)


def explorable_pages(user):
    """The pages this user may open in the admin: their own and the pages above them."""
    return policy_registry.get_by_type(Page).explorable_instances(user)


def linkable_pages(user):
    """The pages the link chooser shows: the explorable ones, and live pages whose title shows
    nothing unpublished (their draft title is their live title)."""
    return Page.objects.filter(
        Q(pk__in=explorable_pages(user).values("pk")) | Q(live=True, title=F("draft_title"))
    )


def visible_objects(model, user):
    """The objects of `model` this user may see in the admin."""
    if issubclass(model, Page):
        return explorable_pages(user)
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(
        user, ["add", "change", "delete", "view", "publish", "lock", "unlock"]
    )


def _all_visible(pages, ids):
    ids = {int(pk) for pk in ids}
    return pages.filter(pk__in=ids).count() == len(ids)


def _page_guard(view, kwarg_names, pages_for_user):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        ids = [kwargs[name] for name in kwarg_names if kwargs.get(name) is not None]
        if (
            ids
            and request.user.is_authenticated
            and not _all_visible(pages_for_user(request.user), ids)
        ):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


def _chosen_guard(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        visible = linkable_pages(request.user) if request.user.is_authenticated else None
        if ids and visible is not None and not _all_visible(visible, ids):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


def _bulk_guard(view):
    @wraps(view)
    def guarded(request, app_label, model_name, action, *args, **kwargs):
        if request.user.is_authenticated:
            from wagtail.admin.views.bulk_action.registry import bulk_action_registry

            try:
                model = apps.get_model(app_label, model_name)
            except LookupError as error:
                raise Http404 from error
            action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
            if action_class is None:
                raise Http404
            ids = request.GET.getlist("id")
            if "all" in ids:
                listing = action_class(request, model).get_all_objects_in_listing_query(
                    request.GET.get("childOf")
                )
                ids = [str(pk) for pk in listing]
            visible = {
                str(pk)
                for pk in visible_objects(model, request.user)
                .filter(pk__in=[pk for pk in ids if str(pk).isdigit()])
                .values_list("pk", flat=True)
            }
            query = request.GET.copy()
            query.setlist("id", [pk for pk in ids if pk in visible])
            request.GET = query
        return view(request, app_label, model_name, action, *args, **kwargs)

    return guarded


def _national_guard(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated and not is_national(request.user):
            return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


def _snippet_api_guard(view):
    @wraps(view)
    def guarded(request, app_label, model_name, *args, **kwargs):
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError as error:
            raise Http404 from error
        if not (issubclass(model, TranslatableMixin) and model in get_snippet_models()):
            raise Http404
        return view(request, app_label, model_name, *args, **kwargs)

    return guarded


def _wrap(pattern, name, namespace):
    converters = set(pattern.pattern.regex.groupindex)
    if name == CHOOSER_CHILD:
        return _page_guard(pattern.callback, ["parent_page_id"], linkable_pages)
    if name == CHOOSER_CHOSEN:
        return _chosen_guard(pattern.callback)
    if name == BULK_ACTION:
        return _bulk_guard(pattern.callback)
    if name in SNIPPET_API:
        return _snippet_api_guard(pattern.callback)
    if name in NATIONAL_ONLY:
        return _national_guard(pattern.callback)
    if namespace.startswith(UNGUARDED_NAMESPACES) or name.startswith("wagtailadmin_choose_page"):
        return None
    names = [k for k in PAGE_ID_KWARGS if k in converters]
    if namespace == "wagtailadmin_pages" and "pk" in converters:
        names.append("pk")  # revisions_compare
    if names:
        return _page_guard(pattern.callback, names, explorable_pages)
    return None


def guard_admin_urls(patterns):
    """Wrap, in place, the views of the admin URL patterns described in the module's doc (Wagtail
    has no hook for it: core/upstream_workarounds.py)."""
    return replace_views(patterns, _wrap)
