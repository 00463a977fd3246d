"""Two-factor authentication in tests (accounts/).

`client.force_login(user)` skips the password; with `VerifiedClient` it also skips the second
factor, as if the user had typed their code: the session is marked verified with the user's
authenticator device (created, confirmed, when a role that requires one has none yet). The
enforcement itself stays on in every setting; tests of the second factor use
`client.force_login(user, otp_verified=False)` or sign in through the real pages.
"""

from django.test import Client

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import policy


def verify_session(client, user):
    """Mark `client`'s session as having passed the second factor (django_otp.login's effect)."""
    device = policy.confirmed_device(user)
    if device is None:
        if not policy.is_required(user):
            return None
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class VerifiedClient(Client):
    def force_login(self, user, backend=None, otp_verified=True):
        super().force_login(user, backend)
        if otp_verified:
            verify_session(self, user)
