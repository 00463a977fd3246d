"""Per-request memoised page queries for the page frame (menu, footer, switcher, alternates).

Wagtail's `.public()` reads every view restriction on each call; the frame needs it four times
per request. Here the restrictions are read once per request, and a page's translations once.
"""

from django.db.models import Q

from wagtail.models import Page


def private_q(request) -> Q:
    """Q matching pages in a private section (one query per request)."""
    cached = getattr(request, "_kaiku_private_q", None)
    if cached is None:
        cached = Page.objects.all().private_q()
        request._kaiku_private_q = cached
    return cached


def public_pages(request, queryset):
    return queryset.exclude(private_q(request))


def counterparts_of(request, page):
    """Live public pages sharing `page`'s translation key in every locale, with their locale:
    real translations and the aliases wagtail-localize's synchronised tree keeps for untranslated
    pages (they share the key). One query per page and request."""
    cache = getattr(request, "_kaiku_counterparts", None)
    if cache is None:
        cache = request._kaiku_counterparts = {}
    if page.pk not in cache:
        queryset = Page.objects.filter(translation_key=page.translation_key, live=True)
        cache[page.pk] = list(public_pages(request, queryset).select_related("locale"))
    return cache[page.pk]


def translations_of(request, page):
    """Live, real translations of `page` (aliases excluded) in every locale, with their locale."""
    return [p for p in counterparts_of(request, page) if p.alias_of_id is None]
