"""Site-wide request policies: private pages are never cached; staff sessions end when idle."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.utils.cache import add_never_cache_headers, patch_vary_headers

PRIVATE_PREFIXES = ("/admin/", "/api/")
IDLE_KEY = "_kaiku_last_seen"


def _is_private_path(path: str) -> bool:
    if path.startswith(PRIVATE_PREFIXES):
        return True
    # Registry desks live under the language prefix: /fi/kaikukanta/..., /sv/kaikukanta/...
    parts = path.split("/", 3)
    return len(parts) > 2 and parts[2] in settings.REGISTRY_URL_SEGMENTS


class PrivateResponseMiddleware:
    """`Cache-Control: no-store` on the admin, the registry and the API, and on every response to a
    signed-in user: no shared cache or browser back button may keep a private page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if _is_private_path(request.path_info) or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0, private"
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
