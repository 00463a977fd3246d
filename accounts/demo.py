"""Demo data: every demo user whose role requires two-factor authentication gets an authenticator
device with one fixed, published demo key, so that a reviewer can sign in (`make demo` prints it).

The demo's ticket agency also gets an API token for the registry API (`make demo` prints it).

Demo data only: a real deployment never runs load_demo, and `demo_otp` refuses any other key.
"""

from base64 import b32decode

from django.contrib.auth import get_user_model

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from . import policy, twofactor

# Type this into an authenticator app ("enter a setup key", time-based); spaces do not matter.
DEMO_TOTP_SECRET = "KAIK UKOR TTID EMOK AIKU KORT TIDE MO22"  # noqa: S105  (published demo key)
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET.replace(" ", "")).hex()
# Accounts whose own systems call the registry API in the demo (registry/demo.py makes them).
DEMO_API_USERS = ["lipputoimisto"]


def load(report):
    for user in get_user_model().objects.filter(is_active=True).order_by("pk"):
        if policy.is_required(user):
            give_demo_device(user)
    for user in get_user_model().objects.filter(username__in=DEMO_API_USERS):
        Token.objects.get_or_create(user=user)  # kept as it is on every later load


def demo_api_tokens():
    """(username, token key) of each demo API account, for load_demo to print."""
    tokens = Token.objects.filter(user__username__in=DEMO_API_USERS).select_related("user")
    return sorted((token.user.username, token.key) for token in tokens)


def give_demo_device(user) -> TOTPDevice:
    """A confirmed device with the demo key (kept as it is when it already has the key)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=twofactor.TOTP_NAME, confirmed=True)
    if device.key != DEMO_TOTP_KEY or device.pk is None:
        device.key = DEMO_TOTP_KEY
        device.last_t = -1
        device.drift = 0
        device.throttle_reset(commit=False)
        device.save()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


def usable_code(device, now=None) -> str | None:
    """The code the device accepts next: the current time step's, else the next step's (a code
    already accepted is refused, see `last_t`). None when both were used: wait for the next step."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if now is not None:
        totp.time = now
    for offset in (0, 1):
        totp.drift = device.drift + offset
        if totp.t() > device.last_t:
            return f"{totp.token():0{device.digits}d}"
    return None
