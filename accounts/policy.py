"""Who must use two-factor authentication, and where a second factor is asked for.

The national office (superusers and national editors) and every region's coordinators must use it:
they see the whole registry of their region or the country and approve what is published (issue 7).
Everyone else who signs in (registry desk staff) may turn it on. Whoever has it on is asked for a
code after the password before any private view is served.
"""

from django.conf import settings

from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import is_national
from regions.permissions import regions_coordinated_by

# Private areas: the Wagtail admin, the registry API (session auth only: token clients pass), the
# documents (coordinator-only files) and, under the language prefix, the registry's desks and
# statistics dashboards (settings.REGISTRY_URL_SEGMENTS).
PROTECTED_PREFIXES = ("/admin/", "/api/", "/documents/")
# Inside /admin/: signing in and out, and the password reset, come before the second factor.
EXEMPT_PREFIXES = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


def is_required(user) -> bool:
    """National administrators and regional coordinators must have a second factor."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_national(user) or regions_coordinated_by(user).exists()


def confirmed_device(user):
    """The user's authenticator-app device, if set up (one per user)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_two_factor(user) -> bool:
    return confirmed_device(user) is not None


def is_protected_path(path: str) -> bool:
    if path.startswith(EXEMPT_PREFIXES):
        return False
    if path.startswith(PROTECTED_PREFIXES):
        return True
    # /fi/registry/..., /sv/registry/statistics/...: the first segment after the language prefix.
    parts = path.split("/", 3)
    return len(parts) > 2 and parts[2] in settings.REGISTRY_URL_SEGMENTS


def is_verified(user) -> bool:
    """Has this session passed the second factor? (django-otp's OTPMiddleware sets `is_verified`.)"""
    check = getattr(user, "is_verified", None)
    return bool(check and check())
