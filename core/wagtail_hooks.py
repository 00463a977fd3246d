from wagtail import hooks

from .admin_guards import linkable_pages


@hooks.register("construct_page_chooser_queryset")
def chooser_shows_linkable_pages(pages, request):
    """The link chooser lists the user's own pages and published pages without unpublished title
    changes: never another region's drafts (core/admin_guards.py)."""
    return pages.filter(pk__in=linkable_pages(request.user).values("pk"))


@hooks.register("register_admin_viewset")
def register_refusal_log():
    """The national office's audit of refused requests (core/refusals.py), under Reports."""
    from .refusals import refusal_log_viewset

    return refusal_log_viewset


@hooks.register("insert_global_admin_js")
def messages_stay_until_dismissed():
    """Success and refusal messages stay until dismissed (WCAG 2.2.1; core/static/core/admin-messages.js)."""
    from django.templatetags.static import static
    from django.utils.html import format_html
    from django.utils.translation import gettext

    return format_html(
        '<script src="{}" data-dismiss-label="{}"></script>',
        static("core/admin-messages.js"),
        gettext("Dismiss"),
    )
