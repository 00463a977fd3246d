"""Imports card numbers of the old registry (`A045198723`) so that those cards keep working.

    manage.py import_legacy_numbers numbers.csv [--dry-run]

The CSV has a header row with the columns `number` and `region` (the region's identifier, e.g.
`kainuu`). The import is all or nothing: any bad row stops it with the row numbers and reasons,
and nothing is saved. Importing the same file again changes nothing.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions.models import Region
from registry.cardnumbers import SHAPE, is_valid_new, normalise
from registry.models import LegacyNumber


class Command(BaseCommand):
    help = "Import legacy card numbers (letter + nine digits) with their regions from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("csv_file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")

    def handle(self, csv_file, dry_run=False, **options):
        try:
            with csv_file.open(newline="", encoding="utf-8-sig") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as exc:
            raise CommandError(f"Cannot read {csv_file}: {exc}") from exc
        if rows and not {"number", "region"} <= set(rows[0]):
            raise CommandError("The file needs the columns 'number' and 'region'.")

        regions = {region.slug: region for region in Region.objects.all()}
        existing = dict(LegacyNumber.objects.values_list("number", "region__slug"))
        errors, seen, new = [], {}, []
        for line, row in enumerate(rows, start=2):
            number = normalise(row.get("number") or "")
            slug = (row.get("region") or "").strip().lower()
            if not SHAPE.match(number):
                errors.append(f"row {line}: '{row.get('number')}' is not a letter and nine digits")
            elif is_valid_new(number):
                errors.append(
                    f"row {line}: {number} is a number of the new series, not a legacy one"
                )
            elif slug not in regions:
                errors.append(f"row {line}: unknown region '{slug}'")
            elif number in seen and seen[number] != slug:
                errors.append(f"row {line}: {number} is listed for two regions")
            elif number in existing and existing[number] != slug:
                errors.append(f"row {line}: {number} was imported earlier for {existing[number]}")
            else:
                if number not in existing and number not in seen:
                    new.append(LegacyNumber(number=number, region=regions[slug]))
                seen[number] = slug
        if errors:
            raise CommandError("Nothing was imported:\n" + "\n".join(errors))
        if dry_run:
            self.stdout.write(
                f"{len(new)} new legacy numbers would be imported ({len(rows)} rows)."
            )
            return
        LegacyNumber.objects.bulk_create(new, ignore_conflicts=True)  # in one transaction
        self.stdout.write(
            f"{len(new)} new legacy numbers imported ({len(rows) - len(new)} already there)."
        )
