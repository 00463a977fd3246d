"""Prints the current two-factor code of a demo user (only for a device with the demo key)."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.demo import DEMO_TOTP_KEY, usable_code


class Command(BaseCommand):
    help = "Print the code a demo user types after the password (demo key devices only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(f"{username} has no two-factor authentication.")
        if device.key != DEMO_TOTP_KEY:
            raise CommandError(f"{username}'s device is not a demo device: use their own app.")
        code = usable_code(device)
        if code is None:
            wait = device.step - int(time.time() - device.t0) % device.step
            raise CommandError(f"The current codes were used already: try again in {wait} s.")
        self.stdout.write(code)
