"""Refresh the statistics' materialized views (stats/facts.py). Run by the scheduler every
STATS_REFRESH_MINUTES (README, "Scheduled jobs"); on SQLite the views are live and this does nothing."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from stats import facts


class Command(BaseCommand):
    help = "Refresh the statistics' materialized views from the registry's rows."

    def handle(self, *args, **options):
        started = timezone.now()
        facts.refresh()
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"statistics refreshed in {seconds:.1f} s (as of {facts.as_of():%H:%M:%S})"
        )
