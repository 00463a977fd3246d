"""The national office resets a user's two-factor authentication (a lost phone).

    manage.py reset_2fa USERNAME

The user's authenticator device and backup codes are removed; sessions verified with them lose
the verification. A user whose role requires it sets it up again at the next sign-in. The same
is in the Wagtail admin's users listing ("Reset two-factor authentication", national office only).
"""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from wagtail.log_actions import log

from accounts import policy, twofactor

logger = logging.getLogger("accounts.twofactor")


class Command(BaseCommand):
    help = "Remove a user's two-factor devices and backup codes (they set it up again)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        removed = twofactor.remove_devices(user)
        if not removed:
            self.stdout.write(f"{username} had no two-factor authentication.")
            return
        log(instance=user, action="accounts.reset_two_factor")
        logger.warning("two-factor authentication of user %s reset from the command line", user.pk)
        then = (
            "they set it up again at their next sign-in"
            if policy.is_required(user)
            else "they may set it up again"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Two-factor authentication of {username} reset: {then}.")
        )
