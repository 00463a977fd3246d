"""Public figures: the national table by year, the regions' table, and the home page's live figures.

The same gate as the dashboards (:mod:`stats.disclosure`); nothing here is filtered by a reader,
so no complement is needed. The counts are sums over the monthly views of :mod:`stats.facts`: a
handful of small queries whatever the size of the registry.
"""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, Region

from . import disclosure
from .disclosure import Table, protect, protect_distribution
from .facts import CardMonth, UseGroupMonth
from .queries import CATEGORY_FIELD, GROUP_LABELS, GROUPS, use_group

LIVE_CACHE_SECONDS = 5 * 60
FIRST_YEAR = 2015  # the national table starts from the card's first year


def _use_rows(by, **where):
    """Counted uses and children's tickets per ``by`` × kind of use × venue category."""
    rows = (
        UseGroupMonth.objects.filter(**where)
        .values(by, "kind", "category")
        .annotate(n_uses=Sum("uses"), n_children=Sum("children"))
        .order_by()
    )
    return [
        {by: row[by], "kind": row["kind"], CATEGORY_FIELD: row["category"]}
        | {"uses": row["n_uses"], "children": row["n_children"]}
        for row in rows
    ]


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
    card_rows = (
        CardMonth.objects.annotate(year=ExtractYear("month"))
        .values_list("year", "region")
        .annotate(Sum("registered"), Sum("activated"))
        .order_by()
    )
    registered_by_year: dict[int, list] = {}
    regions_by_year: dict[int, set] = {}
    for year, region, registered, activated in card_rows:
        if registered:
            counts = registered_by_year.setdefault(year, [0, 0])
            counts[0] += activated
            counts[1] += registered - activated
            regions_by_year.setdefault(year, set()).add(region)
    first = min(min(registered_by_year, default=today.year), today.year)
    years = list(range(max(first, FIRST_YEAR), today.year + 1))
    year_labels = [(y, str(y)) for y in years]
    counts = [registered_by_year.get(y, [0, 0]) for y in years]
    cards = protect(Table([str(y) for y in years], [_("Activated"), _("Not yet used")], counts))
    adults, children = _use_tables(_use_rows("month"), lambda r: r["month"].year, year_labels)
    return _national(years, cards, adults, children, regions_by_year)


def _national(years, cards, adults, children, regions_by_year) -> dict:
    """The national table from its protected parts and the regions with cards each year (whose
    municipalities taking part it counts)."""
    joined = Municipality.objects.filter(joined=True).values_list("region").annotate(Count("pk"))
    municipalities_by_region = dict(joined.order_by())
    municipalities = [
        disclosure.publish_structural(
            sum(municipalities_by_region.get(r, 0) for r in regions_by_year.get(y, ()))
        )
        for y in years
    ]
    rows = [
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
        for i, year in enumerate(years)
    ]
    groups = [GROUP_LABELS[g] for g in GROUPS]
    return {"rows": rows, "groups": groups, "cards": cards, "adults": adults, "children": children}


def regions_table(year: int) -> dict:
    """One year per region: cards registered (by the issuing region) and uses (at its venues)."""
    regions = list(Region.objects.all())
    keys = [(r.pk, r.name) for r in regions] + [(0, _("Pop-up venues (national)"))]
    use_rows = _use_rows("region", month__year=year)  # region 0: the pop-up venues
    adults, children = _use_tables(use_rows, lambda r: r["region"], keys)
    card_counts = dict(
        CardMonth.objects.filter(month__year=year)
        .values_list("region")
        .annotate(Sum("registered"))
        .order_by()
    )
    cards = protect_distribution([(r.name, card_counts.get(r.pk, 0)) for r in regions])
    return {"year": year, "cards": cards, "adults": adults, "children": children}


def live_counts(today=None) -> dict:
    """Cards registered and uses recorded this year, municipalities taking part (raw counts)."""
    today = today or timezone.localdate()
    this_year = {"month__gte": datetime.date(today.year, 1, 1)}
    return {
        "cards": CardMonth.objects.filter(**this_year).aggregate(n=Sum("registered"))["n"] or 0,
        "uses": UseGroupMonth.objects.filter(**this_year).aggregate(n=Sum("uses"))["n"] or 0,
        "municipalities": Municipality.objects.filter(joined=True).count(),
    }


def live_figures(today=None) -> dict:
    """Cards registered this year, uses this year and municipalities taking part, cached 5 minutes.

    The home page shows these under load, so they come from the cache; a registration appears
    within minutes. Values are published cells (a figure below 5 would show as hidden)."""
    today = today or timezone.localdate()
    key = f"kaiku:stats:live:{today.year}"
    raw = cache.get(key)
    if raw is None:
        raw = live_counts(today)
        cache.set(key, raw, LIVE_CACHE_SECONDS)
    return {
        "year": today.year,
        "cards": disclosure.protect_number(raw["cards"]),
        "uses": disclosure.protect_number(raw["uses"]),
        "municipalities": disclosure.publish_structural(raw["municipalities"]),
    }
