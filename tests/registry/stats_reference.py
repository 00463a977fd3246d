"""The statistics computed from the raw rows: the tests' reference for every figure.

Written independently of the views (stats/facts.py): plain ORM counts over cards, uses and events.
Too slow at national scale for a page, but they are the definition: tests/registry/test_facts.py
proves that stats.queries and stats.public, which read the views, publish exactly the same figures.
Keep the two in step when a figure changes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import fields, is_dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, Region
from registry.models import Card, CardEvent, Use
from stats import disclosure
from stats.disclosure import Table, protect, protect_distribution, protect_number
from stats.public import FIRST_YEAR, _national, _use_tables
from stats.queries import (
    CATEGORY_FIELD,
    GROUP_LABELS,
    GROUPS,
    TOP_POSTAL_AREAS,
    Filters,
    _distribution,
    _months,
    _protected,
    _split,
    _top,
    postal_areas,
    use_group,
)


def plain(value):
    """A comparable form of a protected result: dataclasses to tuples, lazy labels to text."""
    if is_dataclass(value):
        return (type(value).__name__, *(plain(getattr(value, f.name)) for f in fields(value)))
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(plain(v) for v in value)
    if isinstance(value, (int, type(None), datetime.date)):
        return value
    return str(value)


# --- Dashboards (stats.queries) ------------------------------------------------------


def _counts(part_q):
    """Count annotations for the whole scope and, when filtered, its part."""
    out = {"whole": Count("pk")}
    if part_q is not None:
        out["part"] = Count("pk", filter=part_q)
    return out


def card_figures(scope, filters: Filters, names=None) -> dict:
    """Cards registered, active, activated (used at least once), extended and ended in the period
    (``names``: these figures only)."""
    today = timezone.localdate()
    reference = min(filters.end, today)
    period = (filters.start, filters.end)
    registered = Q(registered_at__date__range=period)
    conditions = {
        "registered": registered,
        "active": Q(
            status=Card.Status.ACTIVE, issued_on__lte=reference, valid_until__gte=reference
        ),
        "activated": registered & Q(has_use=True),
        "extended": Q(has_extension=True),
        "ended": Q(has_end=True),
    }
    events = CardEvent.objects.filter(card=OuterRef("pk"), at__date__range=period)
    qs = scope.cards().annotate(
        has_use=Exists(Use.objects.counted().filter(card=OuterRef("pk"))),
        has_extension=Exists(events.filter(action=CardEvent.Action.EXTENDED)),
        has_end=Exists(
            events.filter(action__in=[CardEvent.Action.ENDED, CardEvent.Action.WITHDRAWN])
        ),
    )
    part_q = filters.card_q()
    aggregates = {}
    for name, condition in conditions.items():
        aggregates[name] = Count("pk", filter=condition)
        if part_q is not None:
            aggregates[f"{name}_part"] = Count("pk", filter=condition & part_q)
    figures = _protected(qs.aggregate(**aggregates), conditions, part_q)
    return {name: figures[name] for name in names or conditions}


def _registered_cards(scope, filters):
    return scope.cards().filter(
        kind=Card.Kind.PERSONAL, registered_at__date__range=(filters.start, filters.end)
    )


def distributions(scope, filters: Filters) -> dict:
    """Background data of the personal cards registered in the period, coarsened and protected."""
    part_q = filters.card_q()
    cards = _registered_cards(scope, filters)
    year = filters.end.year
    out = {}

    rows = cards.values("birth_year").annotate(**_counts(part_q)).order_by()
    shown, rest = _split(rows, lambda r: disclosure.age_band(r["birth_year"], year), part_q)
    bands = [(band, band) for band in disclosure.age_bands()] + [(None, _("Not known"))]
    out["age"] = (_("Age"), _distribution(shown, rest, bands))

    for field, title, choices in (
        ("gender", _("Gender"), Card.Gender.choices),
        ("mother_tongue", _("Mother tongue"), Card.MotherTongue.choices),
        ("life_situation", _("Life situation"), Card.LifeSituation.choices),
    ):
        rows = cards.values(field).annotate(**_counts(part_q)).order_by()
        shown, rest = _split(rows, lambda r, f=field: r[f] or "", part_q)
        labels = [(value, label) for value, label in choices if value] + [("", _("Not told"))]
        out[field] = (title, _distribution(shown, rest, labels))

    rows = cards.values("children_count").annotate(**_counts(part_q)).order_by()
    shown, rest = _split(rows, lambda r: min(r["children_count"], 4), part_q)
    labels = [(0, "0"), (1, "1"), (2, "2"), (3, "3"), (4, "4+")]
    out["children"] = (_("Children and grandchildren under 16"), _distribution(shown, rest, labels))

    rows = cards.values("postal_code").annotate(**_counts(part_q)).order_by()
    shown, rest, areas = postal_areas(*_split(rows, lambda r: r["postal_code"] or "", part_q))
    # The page lists the TOP_POSTAL_AREAS areas with the most cards shown (ties by name), numbers
    # first, and adds up all other areas in one row.
    largest = set(sorted(areas, key=lambda area: (-shown.get(area, 0), area))[:TOP_POSTAL_AREAS])
    labels = [(x, x) for x in sorted(largest, key=lambda s: (not s.isdigit(), s))]
    if len(areas) > len(largest):
        for counts in (shown, rest) if rest is not None else (shown,):
            counts["others"] = sum(n for area, n in list(counts.items()) if area not in largest)
            for area in [a for a in counts if a not in largest and a != "others"]:
                del counts[area]
        labels.append(("others", _("All other postal areas")))
    out["postal"] = (_("Postal area"), _distribution(shown, rest, labels))
    return out


def top_distributors(scope, filters: Filters):
    part_q = filters.card_q()
    rows = (
        scope.cards()
        .filter(registered_at__date__range=(filters.start, filters.end))
        .values("issued_by", "issued_by__name")
        .annotate(**_counts(part_q))
        .order_by()
    )
    return _top(rows, "issued_by", "issued_by__name", part_q)


def top_venues(scope, filters: Filters):
    part_q = filters.use_q()
    rows = (
        _uses_in_period(scope, filters)
        .values("venue", "venue__name")
        .annotate(**_counts(part_q))
        .order_by()
    )
    return _top(rows, "venue", "venue__name", part_q)


def _uses_in_period(scope, filters):
    return scope.uses().filter(recorded_at__date__range=(filters.start, filters.end))


def use_figures(scope, filters: Filters) -> dict:
    """Uses by month × group (adults' tickets), children's tickets by group, group visits."""
    part_q = filters.use_q()
    aggregates = {**_counts(part_q), "children_whole": Sum("children")}
    if part_q is not None:
        aggregates["children_part"] = Sum("children", filter=part_q)
    rows = (
        _uses_in_period(scope, filters)
        .annotate(month=TruncMonth("recorded_at"))
        .values("month", "kind", CATEGORY_FIELD)
        .annotate(**aggregates)
        .order_by()
    )
    months = _months(filters)
    month_keys = {m: i for i, m in enumerate(months)}
    adults = [[0] * len(GROUPS) for _m in months]
    adults_rest = [[0] * len(GROUPS) for _m in months]
    children, children_rest = defaultdict(int), defaultdict(int)
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        i = month_keys.get(month.replace(day=1))
        if i is None:
            continue
        j = GROUPS.index(use_group(row["kind"], row[CATEGORY_FIELD]))
        part = row["part"] if part_q is not None else row["whole"]
        adults[i][j] += part
        adults_rest[i][j] += row["whole"] - part
        child_part = (
            row.get("children_part") if part_q is not None else row["children_whole"]
        ) or 0
        children[GROUPS[j]] += child_part
        children_rest[GROUPS[j]] += (row["children_whole"] or 0) - child_part
    month_labels = [date_format(m, "YEAR_MONTH_FORMAT") for m in months]
    group_labels = [GROUP_LABELS[g] for g in GROUPS]
    complement = Table(month_labels, group_labels, adults_rest) if part_q is not None else None
    table = protect(Table(month_labels, group_labels, adults), complement=complement)
    children_dist = _distribution(
        children, children_rest if part_q is not None else None, list(GROUP_LABELS.items())
    )

    visits = _uses_in_period(scope, filters).filter(group_visit__isnull=False)
    aggregates = {"whole": Count("group_visit", distinct=True)}
    if part_q is not None:
        aggregates["part"] = Count("group_visit", distinct=True, filter=part_q)
    raw = visits.aggregate(**aggregates)
    group_visits = protect_number(raw["part"] if part_q is not None else raw["whole"])
    if part_q is not None and 0 < raw["whole"] - raw["part"] < disclosure.THRESHOLD and raw["part"]:
        group_visits = disclosure.Cell(None, disclosure.PRIMARY)
    return {"table": table, "children": children_dist, "group_visits": group_visits}


def _per_year(rows, field, part_q, filters, years):
    """``rows`` (a queryset) counted per year of ``field``, as a distribution over the years."""
    last = filters.end.year
    first = last - years + 1
    rows = (
        rows.filter(**{f"{field}__year__gte": first, f"{field}__year__lte": last})
        .annotate(year=ExtractYear(field))
        .values("year")
        .annotate(**_counts(part_q))
        .order_by()
    )
    shown, rest = _split(rows, lambda r: r["year"], part_q)
    return _distribution(shown, rest, [(y, str(y)) for y in range(first, last + 1)])


def cards_by_year(scope, filters: Filters, years=5):
    """Cards registered per year, the period's last year and the ones before it."""
    return _per_year(scope.cards(), "registered_at", filters.card_q(), filters, years)


def uses_by_year(scope, filters: Filters, years=5):
    """Uses per year, the period's last year and the ones before it."""
    return _per_year(scope.uses(), "recorded_at", filters.use_q(), filters, years)


def year_on_year(scope, filters: Filters, years=5) -> dict:
    """Cards registered and uses per year, the period's last year and the ones before it."""
    result = {}
    if scope.shows_cards:
        result["cards"] = cards_by_year(scope, filters, years)
    result["uses"] = uses_by_year(scope, filters, years)
    return result


def dashboard(scope, filters: Filters) -> dict:
    """Everything a dashboard shows, protected."""
    data = {"uses": use_figures(scope, filters), "top_venues": top_venues(scope, filters)}
    data["year_on_year"] = year_on_year(scope, filters)
    if scope.shows_cards:
        data["cards"] = card_figures(scope, filters)
        data["distributions"] = distributions(scope, filters)
        data["top_distributors"] = top_distributors(scope, filters)
    return data


# --- Public figures (stats.public) ---------------------------------------------------


def _years(today):
    first = Card.objects.aggregate(first=Min("registered_at"))["first"]
    first_year = timezone.localtime(first).year if first else today.year
    return list(range(max(min(first_year, today.year), FIRST_YEAR), today.year + 1))


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
    return _national(years, cards, adults, children, regions_by_year)


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


def live_counts(today=None) -> dict:
    """The raw counts behind public.live_figures (which caches them)."""
    today = today or timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    return {
        "cards": Card.objects.filter(registered_at__date__gte=start).count(),
        "uses": Use.objects.counted().filter(recorded_at__date__gte=start).count(),
        "municipalities": Municipality.objects.filter(joined=True).count(),
    }
