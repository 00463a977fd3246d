"""Run daily by the scheduler (README: Scheduled jobs): the yearly reminders to partners in their
region's month, and on Mondays (or with --digest) the coordinators' weekly digest. Running it twice
the same day sends nothing twice (partners.reminders records each one before sending it)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from partners import reminders


class Command(BaseCommand):
    help = "Send the partners' yearly check reminders and, on Mondays, the coordinators' digest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest", action="store_true", help="Send the weekly digest today, whatever the day."
        )

    def handle(self, *args, digest=False, **options):
        today = timezone.localdate()
        sent = reminders.send_reminders(today)
        self.stdout.write(f"Reminders sent: {sent}")
        if digest or today.weekday() == reminders.DIGEST_WEEKDAY:
            self.stdout.write(f"Digests sent: {reminders.send_digests(today)}")
