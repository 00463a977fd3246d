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


def translations_of(request, page):
    """Live, real translations of `page` (aliases excluded) in every locale, with their locale."""
    cache = getattr(request, "_kaiku_translations", None)
    if cache is None:
        cache = request._kaiku_translations = {}
    if page.pk not in cache:
        queryset = Page.objects.filter(
            translation_key=page.translation_key, live=True, alias_of__isnull=True
        )
        cache[page.pk] = list(public_pages(request, queryset).select_related("locale"))
    return cache[page.pk]
