"""The demo's sign-in facts: every demo user whose role requires two-factor authentication has an
authenticator device with one fixed, published demo key (in demo/fixtures/users.json), so that a
reviewer can sign in; the demo's ticket agency has an API token for the registry API. `make demo`
prints both.

Demo data only: a real deployment never runs load_demo, and `demo_otp` refuses any other key.
"""

from base64 import b32decode

from django_otp.oath import TOTP
from rest_framework.authtoken.models import Token

# Type this into an authenticator app ("enter a setup key", time-based); spaces do not matter.
DEMO_TOTP_SECRET = "KAIK UKOR TTID EMOK AIKU KORT TIDE MO22"  # noqa: S105  (published demo key)
DEMO_TOTP_KEY = b32decode(DEMO_TOTP_SECRET.replace(" ", "")).hex()
# Accounts whose own systems call the registry API in the demo.
DEMO_API_USERS = ["lipputoimisto"]


def demo_api_tokens():
    """(username, token key) of each demo API account, for load_demo to print."""
    tokens = Token.objects.filter(user__username__in=DEMO_API_USERS).select_related("user")
    return sorted((token.user.username, token.key) for token in tokens)


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
