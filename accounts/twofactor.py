"""Every change to a user's second factor: enrolment, verification, backup codes, turning off, reset.

django-otp keeps the devices: one TOTP device (an authenticator app) and one static device holding
the one-time backup codes. Its TOTP device refuses a code at or before the last accepted time step
(`last_t`), so a code cannot be replayed, and both devices throttle failed attempts exponentially
(1, 2, 4, 8 ... seconds, settings.OTP_*_THROTTLE_FACTOR). Verification runs in a transaction with
the device row locked, so two requests with the same code cannot both pass.
"""

import logging
import math
import re
from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

import django_otp
import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger(__name__)

BACKUP_CODE_COUNT = 10
TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"
_TOTP_RE = re.compile(r"\d{6}")
_BACKUP_RE = re.compile(r"[a-z2-7]{8}")


@dataclass(frozen=True)
class Outcome:
    """The answer to a code: `ok`, or why not (`malformed`, `wrong`, `replayed`, `throttled`)."""

    ok: bool
    reason: str = ""
    wait_seconds: int = 0
    device: object = None


def normalise_totp(code: str) -> str | None:
    """Six digits; spaces and hyphens people type from the app are ignored."""
    code = re.sub(r"[\s-]", "", code or "")
    return code if _TOTP_RE.fullmatch(code) else None


def normalise_backup(code: str) -> str | None:
    """A backup code: eight letters a–z and digits 2–7, any case, spaces and hyphens ignored."""
    code = re.sub(r"[\s-]", "", code or "").lower()
    return code if _BACKUP_RE.fullmatch(code) else None


def throttle_wait(device) -> int:
    """Seconds until `device` accepts another attempt (0: now)."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return 0
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


# --- Enrolment ------------------------------------------------------------------------------


def pending_device(user) -> TOTPDevice:
    """The authenticator device being set up: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device) -> str:
    """The secret in base32, as authenticator apps take it typed, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device, title: str) -> str:
    """The otpauth:// link as an inline SVG QR code (no image request, nothing inline to run)."""
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(
        scale=5, border=4, omitsize=True, title=title, svgclass="twofactor-qr__code"
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def confirm_enrolment(user, device_pk, code) -> tuple[Outcome, list[str]]:
    """Confirm the pending device with a code from the app; returns the new backup codes."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device_pk, user=user, confirmed=False)
            .first()
        )
        if device is None:
            return Outcome(False, "wrong"), []
        outcome = _verify_totp(device, code)
        if not outcome.ok:
            return outcome, []
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = new_backup_codes(user)
    logger.info("two-factor authentication turned on for user %s", user.pk)
    return outcome, codes


# --- Verification ---------------------------------------------------------------------------


def verify_totp(user, code) -> Outcome:
    """Check a code from the user's authenticator app."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            return Outcome(False, "wrong")
        return _verify_totp(device, code)


def _verify_totp(device, code) -> Outcome:
    code = normalise_totp(code)
    if code is None:
        return Outcome(False, "malformed")
    wait = throttle_wait(device)
    if wait:
        return Outcome(False, "throttled", wait_seconds=wait)
    if device.verify_token(code):
        return Outcome(True, device=device)
    return Outcome(False, "replayed" if _was_used(device, code) else "wrong")


def _was_used(device, code) -> bool:
    """Is `code` one of the app's current codes that was already accepted (`last_t`)?"""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    for offset in range(-device.tolerance, device.tolerance + 1):
        totp.drift = device.drift + offset
        if totp.t() <= device.last_t and totp.token() == int(code):
            return True
    return False


def verify_backup(user, code) -> Outcome:
    """Check a backup code; an accepted code is deleted and never works again."""
    code = normalise_backup(code)
    if code is None:
        return Outcome(False, "malformed")
    with transaction.atomic():
        device = (
            StaticDevice.objects.select_for_update()
            .filter(user=user, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            return Outcome(False, "wrong")
        wait = throttle_wait(device)
        if wait:
            return Outcome(False, "throttled", wait_seconds=wait)
        if device.verify_token(code):
            logger.info("backup code used by user %s", user.pk)
            return Outcome(True, device=device)
        return Outcome(False, "wrong")


def mark_verified(request, device):
    """Upgrade this session: a new session key (no fixation of the password-only session), then
    django-otp records the device that verified it."""
    request.session.cycle_key()
    django_otp.login(request, device)


# --- Backup codes, turning off, reset -------------------------------------------------------


def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with new ones and return them (shown once, never again).

    The static device is kept (only its codes change), so a session verified with a backup code
    stays verified."""
    with transaction.atomic():
        device = StaticDevice.objects.filter(user=user).order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
        device.token_set.all().delete()
        codes = set()
        while len(codes) < BACKUP_CODE_COUNT:
            codes.add(StaticToken.random_token())
        codes = sorted(codes)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_devices(user) -> int:
    """Turn two-factor authentication off for `user` (own choice, or a national admin's reset).
    Sessions verified with a removed device lose their verification on their next request."""
    with transaction.atomic():
        totp = TOTPDevice.objects.filter(user=user)
        static = StaticDevice.objects.filter(user=user)
        removed = totp.count() + static.count()
        totp.delete()
        static.delete()
    return removed
