from wagtail import hooks

from .admin_guards import linkable_pages


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_linkable_pages(pages, request):
    """The link chooser lists the user's own pages and published pages without unpublished title
    changes: never another region's drafts (core/admin_guards.py)."""
    return pages.filter(pk__in=linkable_pages(request.user).values("pk"))
