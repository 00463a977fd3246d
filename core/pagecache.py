"""Full-page cache for anonymous visitors: a cached public page costs a dictionary lookup in the
worker (core.nearcache) or, the first time a worker serves it, one cache round trip.

What is cached: a `GET` of a public, language-prefixed URL by a visitor without a session or messages
cookie, answered `200` with no `Set-Cookie`, no CSRF token in the page, no `Vary` on anything but
cookies (the visitor has none that matter but the text size, which is in the key), and no
`private`/`no-store`/`no-cache`. The admin, the API, the registry desks
and its dashboards, previews (they live under /admin/), search and signed-in users are never cached.
A query string is cached only when every parameter is a known filter (`PAGE_CACHE_QUERY_PARAMS`), so
random query strings cannot flood the cache.

Keys: host, path, the known query parameters in a fixed order, and the text-size cookie (the only
cookie that changes the markup). The language is in the path (`/fi/`, `/sv/`, `/en/`, `/fi-x-selko/`),
so every language is cached separately.

Purge: every entry carries the cache *generation* it was rendered under; the generation changes when
content that any public page may show changes (publish, unpublish, move, delete, snippets, images,
documents, settings; see `core.signals`). Lookup reads the generation and the entry in one `get_many`
round trip and serves the entry only when the two agree. A request notes the generation *before* it
reads the database, so a page rendered from data older than a publish is always tagged with the older
generation and never served after it. Pages that show live registry figures (home, public statistics)
set a short lifetime with `set_page_cache_timeout()`. Each worker keeps local copies of the entries
it served (core.nearcache), dropped as soon as Redis pub/sub announces a new generation. A CDN in front is purged through Wagtail's
frontend cache app (`wagtail.contrib.frontend_cache`) when configured (settings: FRONTEND_CACHE_*).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from time import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse

from . import nearcache
from .context_processors import TEXT_SIZE_COOKIE

logger = logging.getLogger(__name__)

GENERATION_KEY = "kaiku:pagecache:generation"
HEADER = "X-Kaiku-Cache"
LIVE_FIGURES_TTL = 300  # seconds a page with live registry figures may be served from the cache
_NOT_CACHEABLE_CONTROL = ("private", "no-store", "no-cache")
_SKIPPED_HEADERS = {"set-cookie", HEADER.lower()}


def new_generation() -> str:
    """Make every cached page stale at once (called after content changes commit)."""
    generation = secrets.token_hex(8)
    cache.set(GENERATION_KEY, generation, timeout=None)
    nearcache.publish(generation)
    return generation


def current_generation(request=None) -> str:
    """The generation this request renders under: noted once per request (by the middleware when it
    looked the page up), so that fragments cached during the request agree with the page."""
    generation = getattr(request, "_kaiku_generation", None) if request is not None else None
    if generation is None:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = secrets.token_hex(8)
            if cache.add(GENERATION_KEY, generation, timeout=None):
                nearcache.publish(generation)
            else:
                generation = cache.get(GENERATION_KEY) or generation
        if request is not None:
            request._kaiku_generation = generation
    return generation


def set_page_cache_timeout(response, seconds: int):
    """A view's answer may be cached for at most `seconds` (live figures age quickly)."""
    response._kaiku_cache_timeout = seconds
    return response


def _cacheable_request(request) -> bool:
    if request.method != "GET" or not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    path = request.path_info
    parts = path.split("/", 3)
    if len(parts) < 3 or parts[1] not in _language_prefixes():
        return False
    if parts[2] in _excluded_segments():
        return False
    allowed = settings.PAGE_CACHE_QUERY_PARAMS
    return all(name in allowed for name in request.GET)


_PREFIXES: frozenset | None = None
_EXCLUDED: frozenset | None = None


def _language_prefixes() -> frozenset:
    global _PREFIXES
    if _PREFIXES is None:
        _PREFIXES = frozenset(code for code, _name in settings.LANGUAGES)
    return _PREFIXES


def _excluded_segments() -> frozenset:
    global _EXCLUDED
    if _EXCLUDED is None:
        _EXCLUDED = frozenset(settings.REGISTRY_URL_SEGMENTS) | frozenset(
            settings.PAGE_CACHE_EXCLUDED_SEGMENTS
        )
    return _EXCLUDED


def _key(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    query = "&".join(
        f"{name}={'|'.join(request.GET.getlist(name))}" for name in sorted(request.GET)
    )
    text_size = request.COOKIES.get(TEXT_SIZE_COOKIE, "")
    raw = f"{host}\n{request.path_info}\n{query}\n{text_size}"
    return (
        "kaiku:page:"
        + hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
    )


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token (its cookie is set too: belt and braces)
    if any(token in response.get("Cache-Control", "") for token in _NOT_CACHEABLE_CONTROL):
        return False
    # `Vary: Cookie` comes from reading the (here empty) session; the only cookie that changes the
    # markup is in the key. Anything else in Vary means the page differs by request headers.
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"cookie", "accept-encoding"}


def _current_entry(entry, generation) -> bool:
    return isinstance(entry, tuple) and len(entry) == 5 and entry[0] == generation


def _cached_response(entry, state):
    _generation, status, headers, content, _expires = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = state
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous public pages (see the module docstring). Placed right after
    WhiteNoise, before sessions and locale, so that a hit costs what a static file costs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        if key is None:
            return self.get_response(request)
        near = nearcache.near()
        entry = near.get(key) if near is not None else None
        if entry is not None:
            return _cached_response(entry, "hit")
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if generation is not None and _current_entry(entry, generation):
            if near is not None:
                near.put(key, entry)
            return _cached_response(entry, "hit")
        if generation is None:
            # Empty or restarted cache: start a generation (`add` keeps a concurrent one).
            generation = current_generation()
        request._kaiku_generation = generation
        response = self.get_response(request)
        if generation is not None and _storable(request, response):
            timeout = getattr(response, "_kaiku_cache_timeout", settings.PAGE_CACHE_TIMEOUT)
            headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
            entry = (generation, response.status_code, headers, response.content, time() + timeout)
            cache.set(key, entry, timeout)
            if near is not None:
                near.put(key, entry)
            response[HEADER] = "miss"
        return response
