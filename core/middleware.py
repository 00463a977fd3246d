"""Site-wide request policies: private pages are never cached; staff sessions end when idle."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.cache import add_never_cache_headers, patch_vary_headers

import csp.constants
import csp.middleware
import csp.utils

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


# Response attributes through which a view changes its policy (django-csp's decorators).
_CSP_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware with the settings' policy built once per process.

    django-csp builds the header anew for every response (a copy of the policy, then the string):
    a fifth of a desk API request's middleware time. A response without a nonce and without a
    view's own policy gets the settings' policy, the same string every time; the rest go through
    django-csp unchanged."""

    _policies = None  # (policy, report-only policy) of the settings

    def process_response(self, request, response):
        if (
            getattr(request, "is_preview", False)
            and getattr(response, "_csp_replace", None) is None
        ):
            # Wagtail's preview panel shows a preview in a frame of the admin, on the same origin;
            # the site's frame-ancestors 'none' blanked it (issue 17, item 5).
            response._csp_replace = {"frame-ancestors": ["'self'"]}
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _CSP_PER_RESPONSE
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):
            return response  # Django's debug pages, as django-csp leaves them
        policies = CSPMiddleware._policies
        if policies is None:
            policies = CSPMiddleware._policies = (
                csp.utils.build_policy(),
                csp.utils.build_policy(report_only=True),
            )
        for header, value, exempt, setting in (
            (csp.constants.HEADER, policies[0], "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                csp.constants.HEADER_REPORT_ONLY,
                policies[1],
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            prefixes = tuple(
                (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            )
            if (
                value
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp: a nonce asked for after the header is written is an error.
            request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


@receiver(setting_changed)
def _forget_csp_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        CSPMiddleware._policies = None
