"""`manage.py import_linked_events`: import the upcoming events of every venue with a Linked Events
place id (shows.linkedevents). Run daily by the scheduler (README, "Scheduled jobs")."""

from django.core.management.base import BaseCommand

from shows.linkedevents import import_all
from shows.models import VenueEventSource
from shows.signals import one_purge


class Command(BaseCommand):
    help = "Import the venues' upcoming events from Linked Events."

    def add_arguments(self, parser):
        parser.add_argument("--venue", type=int, help="Only the venue page with this id.")

    def handle(self, *args, venue=None, **options):
        sources = VenueEventSource.objects.filter(enabled=True).select_related("venue")
        if venue is not None:
            sources = sources.filter(venue_id=venue)
        with one_purge():  # the public pages are purged once, after every venue
            failures = import_all(sources.order_by("pk"), stdout=self.stdout)
        if failures:
            self.stderr.write(f"{failures} venue(s) failed; their shows were left as they were.")
