"""Asks for the second factor before any private view is served (see accounts/policy.py).

Runs right after django-otp's OTPMiddleware, which runs right after AuthenticationMiddleware:
`request.user.is_verified()` then says whether this session has passed the second factor.
"""

from urllib.parse import urlencode

from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from . import policy


class TwoFactorMiddleware:
    """A signed-in user who must (or chose to) use a second factor and has not given it in this
    session is sent to the code page, or, with no device yet and a role that requires one, to set
    it up. Public pages are untouched. The API is held to the same rule, whatever headers a call
    carries; only a valid API token (ticket agencies' systems) passes, since the call then acts as
    the token's account, not the session's (issue 15, D2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._check(request)
        return response if response is not None else self.get_response(request)

    def _check(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        path = request.path_info
        if not policy.is_protected_path(path) or policy.is_verified(user):
            return None
        has_device = policy.has_two_factor(user)
        if not has_device and not policy.is_required(user):
            return None
        if path.startswith("/api/") and _valid_api_token(request):
            return None
        if path.startswith("/api/"):
            return JsonResponse(
                {
                    "detail": _(
                        "Two-factor authentication is required: enter your code on the website "
                        "first, or call the API with a token."
                    )
                },
                status=403,
            )
        target = reverse("accounts:verify" if has_device else "accounts:enrol")
        next_url = request.get_full_path() if request.method == "GET" else path
        return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url})}")


def _valid_api_token(request) -> bool:
    """Does the call carry ``Token <key>`` for a key of an active account? Then DRF's token
    authentication, first on every API view (registry/api.py), authenticates it as that account
    and never falls back to the session. Any other header (``Bearer x``, a malformed or unknown
    token) is no reason to skip the second factor: DRF's TokenAuthentication ignores other schemes
    and its SessionAuthentication would then accept the password-only session."""
    parts = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(parts) != 2 or parts[0].lower() != TokenAuthentication.keyword.lower():
        return False
    return Token.objects.filter(key=parts[1], user__is_active=True).exists()
