"""Recompute the statistics rollups from the raw rows (registry/rollups.py).

    manage.py rebuild_stats_rollups [--check]

Run it after any write that bypasses the ORM's signals (bulk loads through COPY or bulk_create,
raw SQL, QuerySet.update() on cards, uses or card events). It is idempotent and runs in one
transaction: the statistics pages see either the old tables or the new ones. ``--check`` rebuilds
inside a transaction that is rolled back and reports whether the tables were exact.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from registry import rollups
from stats import datacache


class Command(BaseCommand):
    help = "Recompute the statistics rollup tables from the raw cards, uses and card events."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare the tables with a fresh rebuild; change nothing.",
        )

    def handle(self, *args, check=False, **options):
        log = self.stdout if options["verbosity"] > 1 else None
        if not check:
            counts = rollups.rebuild(stdout=log)
            datacache.new_version()  # dashboards cached from the old rollups are dropped
            for table, rows in counts.items():
                self.stdout.write(f"{table}: {rows} rows")
            return
        with transaction.atomic():
            before = rollups.snapshot()
            rollups.rebuild(stdout=log)
            after = rollups.snapshot()
            transaction.set_rollback(True)
        differences = [table for table in before if before[table] != after[table]]
        if differences:
            raise CommandError(f"Rollups differ from the raw rows: {', '.join(differences)}")
        self.stdout.write("Rollups are exact.")
