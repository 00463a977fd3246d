"""Site-wide request policies: what a shared cache may keep (the HTTP caching contract, README:
Caching), and staff sessions end when idle."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import patch_cache_control, patch_vary_headers

PRIVATE_PREFIXES = ("/admin/", "/api/", "/text-size/")
PRIVATE = "no-store, no-cache, must-revalidate, max-age=0, private"
PUBLIC_STATUSES = frozenset({200, 301, 302, 404})
IDLE_KEY = "_kaiku_last_seen"


def _is_private_path(path: str) -> bool:
    """The admin (previews included), the API, the text-size switch, the root's language redirect
    (it reads Accept-Language and the language cookie), the registry's desks and the card check."""
    if path == "/" or path.startswith(PRIVATE_PREFIXES):
        return True
    # Desks live under the language prefix: /fi/kaikukanta/..., /sv/registry/...
    parts = path.split("/", 3)
    return len(parts) > 2 and parts[2] in settings.CACHE_PRIVATE_SEGMENTS


def _is_personal(request, response) -> bool:
    user = getattr(request, "user", None)
    return (
        _is_private_path(request.path_info)
        or (user is not None and user.is_authenticated)
        or bool(response.cookies)
        or bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))  # the page holds a CSRF token
    )


def _is_public_page(request, response) -> bool:
    """A language-prefixed page asked for without free text or unknown parameters (a search answer
    or a tracking parameter would fill the shared cache with one copy per query)."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in PUBLIC_STATUSES
        and request.path_info.split("/", 2)[1] in dict(settings.LANGUAGES)
        and all(name in settings.CACHE_PUBLIC_QUERY_PARAMS for name in request.GET)
    )


class CacheControlMiddleware:
    """`Cache-Control` by the caching contract. Public pages: `public, max-age=0, s-maxage=…`, so
    that browsers revalidate and Varnish keeps the page until a purge (a view may have set a
    shorter s-maxage, e.g. for live figures). Anything personal or not a public page: `no-store,
    private` and `Vary: Cookie`. Placed outside the session, CSRF and auth middleware, so that it
    sees every cookie they set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        personal = _is_personal(request, response)
        if not personal and _is_public_page(request, response):
            patch_cache_control(response, public=True, max_age=0)
            if "s-maxage" not in response["Cache-Control"]:
                patch_cache_control(response, s_maxage=settings.CACHE_PUBLIC_S_MAXAGE)
            # The session read for the user bar adds `Vary: Cookie`; an anonymous public page
            # varies only on the text-size cookie, which Varnish puts in its hash.
            vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
            kept = [v for v in vary if v.lower() != "cookie"]
            if kept:
                response["Vary"] = ", ".join(kept)
            elif vary:
                del response["Vary"]
        elif personal or "Cache-Control" not in response:
            response["Cache-Control"] = PRIVATE
            patch_vary_headers(response, ("Cookie",))
        return response


class IdleSessionTimeoutMiddleware:
    """Signs a user out after `SESSION_IDLE_TIMEOUT` seconds without a request (shared desk PCs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
            else:
                # Write at most once a minute to keep session saves cheap.
                if last_seen is None or now - last_seen > 60:
                    request.session[IDLE_KEY] = now
        return self.get_response(request)


class LiveFiguresPage:
    """A page mixin for pages showing live registry figures (the home's figures, a show's card
    tickets left): registry writes purge nothing, so a shared cache keeps such a page for
    CACHE_LIVE_S_MAXAGE only (its template says the figures may be a few minutes old)."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_cache_control(response, s_maxage=settings.CACHE_LIVE_S_MAXAGE)
        return response
