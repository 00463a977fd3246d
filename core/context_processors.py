from django.conf import settings
from django.utils.functional import SimpleLazyObject

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
        # For Wagtail's fragment cache tags: {% wagtailcache ttl "name" … cache_generation %} is
        # purged with the full-page cache (core/pagecache.py); read only if a fragment asks.
        "cache_generation": SimpleLazyObject(lambda: _generation(request)),
        "FRAGMENT_TTL": settings.PAGE_CACHE_TIMEOUT,
    }


def _generation(request):
    from .pagecache import current_generation

    return current_generation(request)
