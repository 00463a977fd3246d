from django.conf import settings

from .languages import active_language, html_lang

TEXT_SIZES = ("normal", "large", "larger")
TEXT_SIZE_COOKIE = "kaiku_text_size"


def text_size(request) -> str:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "normal")
    return size if size in TEXT_SIZES else "normal"


def site_chrome(request):
    """What every page's frame needs: the interface language, its lang attribute, the text size."""
    language = active_language()
    return {
        "ui_language": language,
        "ui_lang": html_lang(language),
        "text_size": text_size(request),
        "PLAIN_FINNISH": settings.PLAIN_FINNISH,
        # Lifetime of Wagtail's fragment caches ({% wagtailcache FRAGMENT_TTL … %}); every purge
        # empties them sooner (core/signals.py).
        "FRAGMENT_TTL": settings.CACHE_FRAGMENT_TTL,
    }
