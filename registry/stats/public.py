"""Public figures: the national table by year, the regions' table, and the home page's live figures.

The same gate as the dashboards (:mod:`registry.disclosure`); nothing here is filtered by a reader,
so no complement is needed.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db.models import Count, Exists, Min, OuterRef, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, Region

from .. import disclosure
from ..disclosure import Table, protect, protect_distribution
from ..models import Card, Use
from .queries import CATEGORY_FIELD, GROUP_LABELS, GROUPS, use_group

LIVE_CACHE_SECONDS = 5 * 60
FIRST_YEAR = 2015  # the national table starts from the card's first year


def _years(today):
    first = Card.objects.aggregate(first=Min("registered_at"))["first"]
    first_year = timezone.localtime(first).year if first else today.year
    return list(range(max(min(first_year, today.year), FIRST_YEAR), today.year + 1))


def _use_tables(rows, row_key, row_labels):
    """Adults' uses and children's tickets as two protected rows × groups tables."""
    index = {key: i for i, (key, _label) in enumerate(row_labels)}
    adults = [[0] * len(GROUPS) for _r in row_labels]
    children = [[0] * len(GROUPS) for _r in row_labels]
    for row in rows:
        i = index.get(row_key(row))
        if i is None:
            continue
        j = GROUPS.index(use_group(row["kind"], row[CATEGORY_FIELD]))
        adults[i][j] += row["uses"]
        children[i][j] += row["children"] or 0
    labels = [label for _key, label in row_labels]
    groups = [GROUP_LABELS[g] for g in GROUPS]
    return protect(Table(labels, groups, adults)), protect(Table(labels, groups, children))


def national_table(today=None) -> dict:
    """By year: cards registered and activated; uses by adults and children per group; municipalities."""
    today = today or timezone.localdate()
    years = _years(today)
    year_labels = [(y, str(y)) for y in years]
    used = Exists(Use.objects.counted().filter(card=OuterRef("pk")))
    card_rows = (
        Card.objects.annotate(year=ExtractYear("registered_at"), used=used)
        .values("year", "used")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = [[0, 0] for _y in years]
    regions_by_year: dict[int, set] = {}
    for row in card_rows:
        if row["year"] in years:
            counts[years.index(row["year"])][0 if row["used"] else 1] += row["n"]
    for year, region_id in (
        Card.objects.annotate(year=ExtractYear("registered_at"))
        .values_list("year", "region")
        .distinct()
        .order_by()
    ):
        regions_by_year.setdefault(year, set()).add(region_id)
    cards = protect(Table([str(y) for y in years], [_("Activated"), _("Not yet used")], counts))
    use_rows = (
        Use.objects.counted()
        .annotate(year=ExtractYear("recorded_at"))
        .values("year", "kind", CATEGORY_FIELD)
        .annotate(uses=Count("pk"), children=Sum("children"))
        .order_by()
    )
    adults, children = _use_tables(use_rows, lambda r: r["year"], year_labels)
    municipalities_by_region: dict[int, int] = dict(
        Municipality.objects.filter(joined=True)
        .values("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
        .order_by()
    )
    municipalities = [
        disclosure.publish_structural(
            sum(municipalities_by_region.get(r, 0) for r in regions_by_year.get(y, ()))
        )
        for y in years
    ]
    rows = []
    for i, year in enumerate(years):
        rows.append(
            {
                "year": year,
                "registered": cards.row_totals[i],
                "activated": cards.cells[i][0],
                "adults": adults.cells[i],
                "adults_total": adults.row_totals[i],
                "children": children.cells[i],
                "children_total": children.row_totals[i],
                "municipalities": municipalities[i],
            }
        )
    return {
        "rows": rows,
        "groups": [GROUP_LABELS[g] for g in GROUPS],
        "cards": cards,
        "adults": adults,
        "children": children,
    }


def regions_table(year: int) -> dict:
    """One year per region: cards registered (by the issuing region) and uses (at its venues)."""
    regions = list(Region.objects.all())
    keys = [(r.pk, r.name) for r in regions] + [(None, _("Pop-up venues (national)"))]
    use_rows = (
        Use.objects.counted()
        .filter(recorded_at__year=year)
        .values("venue__region", "kind", CATEGORY_FIELD)
        .annotate(uses=Count("pk"), children=Sum("children"))
        .order_by()
    )
    adults, children = _use_tables(use_rows, lambda r: r["venue__region"], keys)
    card_counts = dict(
        Card.objects.filter(registered_at__year=year)
        .values("region")
        .annotate(n=Count("pk"))
        .values_list("region", "n")
        .order_by()
    )
    cards = protect_distribution([(r.name, card_counts.get(r.pk, 0)) for r in regions])
    return {"year": year, "cards": cards, "adults": adults, "children": children}


def live_figures(today=None) -> dict:
    """Cards registered this year, uses this year and municipalities taking part, cached 5 minutes.

    The home page shows these under load, so they come from the cache; a registration appears
    within minutes. Values are published cells (a figure below 5 would show as hidden)."""
    today = today or timezone.localdate()
    key = f"kaiku:stats:live:{today.year}"
    raw = cache.get(key)
    if raw is None:
        start = datetime.date(today.year, 1, 1)
        raw = {
            "cards": Card.objects.filter(registered_at__date__gte=start).count(),
            "uses": Use.objects.counted().filter(recorded_at__date__gte=start).count(),
            "municipalities": Municipality.objects.filter(joined=True).count(),
        }
        cache.set(key, raw, LIVE_CACHE_SECONDS)
    return {
        "year": today.year,
        "cards": disclosure.protect_number(raw["cards"]),
        "uses": disclosure.protect_number(raw["uses"]),
        "municipalities": disclosure.publish_structural(raw["municipalities"]),
    }
