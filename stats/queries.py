"""The statistics queries. Each function runs a fixed, small number of aggregate queries and returns
only protected results (:mod:`stats.disclosure`): raw counts never leave this module.

The counts are sums over the monthly views of :mod:`stats.facts` (whose docstring explains the
design), so a page costs about the same at national scale as in the demo; the few figures that are
not sums are counted in indexed raw rows (:func:`card_figures`). Periods are whole months.

Filters narrow a scope (a municipality within a region, one organisation): each query then counts
the filtered part and the whole scope, and the rest of the scope is handed to the disclosure gate as
the complement, so that "region minus municipality" cannot reveal a small count.
The period is not complemented: it defines the population counted.
"""

from __future__ import annotations

import calendar
import datetime
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import itemgetter

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, Region
from registry.models import Card, CardEvent, Organisation, Use

from . import disclosure
from .disclosure import Table, protect, protect_number
from .facts import (
    CardMonth,
    RegionTraitMonth,
    TraitMonth,
    UnitUseMonth,
    UseGroupMonth,
    UseMonth,
)
from .scope import NATIONAL, REGION, UNIT

# The national table splits uses into culture, education (courses), science and sport (DOMAIN.md,
# "What the real registry and site do today"). Venue categories come from the public partner page.
CULTURE = "culture"
EDUCATION = "education"
SPORT = "sport"
OTHER = "other"
GROUPS = [CULTURE, EDUCATION, SPORT, OTHER]
GROUP_LABELS = {
    CULTURE: _("Culture"),
    EDUCATION: _("Education (courses)"),
    SPORT: _("Sport"),
    OTHER: _("Science and other"),
}
SPORT_CATEGORIES = {"sports_event", "swimming_hall", "gym", "outdoor"}
# "college": an adult-education college's tickets; its course places count as education.
CULTURE_CATEGORIES = {"museum", "theatre", "concert", "festival", "cinema", "cultural_centre"}
CULTURE_CATEGORIES |= {"dance", "summer_theatre", "library", "college"}
CATEGORY_FIELD = "venue__category"  # copied from the partner page (Organisation.sync_from_partner)
TOP = 10
TOP_POSTAL_AREAS = 15


def use_group(kind: str, category: str | None) -> str:
    if kind == Use.Kind.COURSE:
        return EDUCATION
    if category in SPORT_CATEGORIES:
        return SPORT
    if category in CULTURE_CATEGORIES:
        return CULTURE
    return OTHER


@dataclass(frozen=True)
class Filters:
    start: datetime.date
    end: datetime.date
    region: Region | None = None
    municipality: Municipality | None = None
    organisation: Organisation | None = None

    @classmethod
    def this_year(cls, today=None):
        today = today or timezone.localdate()
        return cls(datetime.date(today.year, 1, 1), today)

    def __post_init__(self):
        """The figures count whole calendar months (stats.facts): the period runs from its first
        month's first day to its last month's last day."""
        object.__setattr__(self, "start", self.start.replace(day=1))
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        object.__setattr__(self, "end", self.end.replace(day=last))

    def card_q(self, prefix="") -> Q | None:
        """The filtered part of the cards (``prefix``: the path to the card)."""
        municipality = f"{prefix}issued_by__partner_page__distributorpage__municipality"
        return _chosen(
            {
                f"{prefix}region": self.region,
                municipality: self.municipality,
                f"{prefix}issued_by": self.organisation,
            }
        )

    def use_q(self, unit="card__issued_by") -> Q | None:
        """The filtered part of the uses (``unit``: the path to the card's issuing unit): a
        distributor's by the cards it issued, another organisation's by its venue."""
        by_unit = self.organisation is not None and self.organisation.is_distributor
        return _chosen(
            {
                "venue__region": self.region,
                "venue__partner_page__venuepage__municipality": self.municipality,
                unit if by_unit else "venue": self.organisation,
            }
        )


def _chosen(conditions) -> Q | None:
    """The conditions whose value was chosen (not None), or None when none was."""
    chosen = {path: value for path, value in conditions.items() if value is not None}
    return Q(**chosen) if chosen else None


def _split(rows, key, part_q, measure=""):
    """{label: count} of the part (or the whole when unfiltered) and {label: count} of the rest
    (None when unfiltered); ``measure``: the prefix of the rows' counts, "" or "children_"."""
    shown, rest = defaultdict(int), defaultdict(int)
    for row in rows:
        whole = row[f"{measure}whole"]
        part = whole if part_q is None else row[f"{measure}part"]
        shown[key(row)] += part
        rest[key(row)] += whole - part
    return shown, (rest if part_q is not None else None)


def _distribution(shown, rest, labels):
    # Labels as plain strings in the active language: the figures are cached per language, and
    # unpickling a lazy translation builds a class each time (15 ms of a cached dashboard).
    labels = [(key, str(label)) for key, label in labels]
    pairs = [(label, shown.get(key, 0)) for key, label in labels]
    complement = None
    if rest is not None:
        complement = {label: rest.get(key, 0) for key, label in labels}
    return disclosure.protect_distribution(pairs, complement=complement)


# --- Where the counts come from -----------------------------------------------------------------


def _sums(model, conditions, start, end, group, key, aggregates) -> dict:
    """{key(row): {name: total}} of ``aggregates`` over the months of [start, end] in ``model``'s
    rows that meet ``conditions``, grouped by ``group``. Keys whose totals are all zero are left
    out. One query."""
    months = (start.replace(day=1), end.replace(day=1))
    rows = model.objects.filter(*conditions, month__range=months)
    if group:
        rows = rows.values(*group).annotate(**aggregates).order_by()
    else:
        rows = [rows.aggregate(**aggregates)]
    totals = {}
    for row in rows:
        counts = totals.setdefault(key(row), dict.fromkeys(aggregates, 0))
        for name in aggregates:
            counts[name] += row[name] or 0
    return {k: counts for k, counts in totals.items() if any(counts.values())}


def _use_rows(scope, filters, group, key, start, end):
    """Counted uses in [start, end] per ``key(row)`` of rows grouped by the fields ``group``: dicts
    with ``key``, ``whole``, ``children_whole``, ``visits_whole`` and, when the filters narrow the
    scope, ``part``, ``children_part``, ``visits_part``. One query, or two when the part needs the
    issuing unit and the scope's view has none."""
    model = UnitUseMonth if scope.kind == UNIT else UseMonth  # a unit's: by the card's issuer
    scope_q, part_q = scope.use_q(unit="issued_by"), filters.use_q(unit="issued_by")
    by_unit = filters.organisation is not None and filters.organisation.is_distributor
    coarse = scope.kind in (NATIONAL, REGION) and "venue" not in group
    if coarse and not (filters.municipality or filters.organisation):
        # The same sums from the smaller view whose venues' region and category are columns.
        model = UseGroupMonth
        scope_q = Q(region=scope.region) if scope.region is not None else Q()
        part_q = Q(region=filters.region) if filters.region is not None else None
        group = tuple("category" if field == CATEGORY_FIELD else field for field in group)
        by_view_key = key
        key = lambda r: by_view_key({**r, CATEGORY_FIELD: r.get("category")})  # noqa: E731
    measures = {"whole": "uses", "children_whole": "children", "visits_whole": "visits"}
    if part_q is not None:
        measures.update(part="uses", children_part="children", visits_part="visits")
    same_view = part_q is None or model is UnitUseMonth or not by_unit
    names = [n for n in measures if same_view or "part" not in n]
    aggregates = {n: Sum(measures[n], filter=part_q if "part" in n else None) for n in names}
    totals = _sums(model, (scope_q,), start, end, group, key, aggregates)
    if not same_view:
        parts = {n: Sum(measures[n]) for n in measures if "part" in n}
        found = _sums(UnitUseMonth, (scope_q, part_q), start, end, group, key, parts)
        for k, counts in found.items():
            totals.setdefault(k, dict.fromkeys(measures, 0)).update(counts)
    return [{"key": k, **dict.fromkeys(measures, 0), **c} for k, c in totals.items()], part_q


def _protected(raw, names, part_q):
    """Each figure of ``raw`` ({name: whole, name_part: part}) protected, with its complement."""
    if part_q is None:
        return {name: protect_number(raw[name]) for name in names}
    figures = {name: protect_number(raw[f"{name}_part"]) for name in names}
    for name in names:
        part, rest = raw[f"{name}_part"], raw[name] - raw[f"{name}_part"]
        if part and 0 < rest < disclosure.THRESHOLD:
            figures[name] = disclosure.Cell(None, disclosure.PRIMARY)
    return figures


# --- Cards ------------------------------------------------------------------------------------


CARD_FIGURES = ("registered", "active", "activated", "extended", "ended")
EXTENDED_ACTIONS = [CardEvent.Action.EXTENDED]
ENDED_ACTIONS = [CardEvent.Action.ENDED, CardEvent.Action.WITHDRAWN]


def _with_part(name, count, part_q):
    """{name: count(None)} and, when filtered, {name_part: count(part_q)}: ``count`` makes the
    aggregate with an extra filter."""
    return {name: count(None), **({f"{name}_part": count(part_q)} if part_q is not None else {})}


def card_figures(scope, filters: Filters) -> dict:
    """Cards registered, active, activated (used at least once), extended and ended in the period.

    Registered and activated are sums over the view of cards. Active (on the period's last day, or
    today) and extended or ended (distinct cards with such an event) are not sums: they are counted
    in the raw rows, through indexes."""
    scope_q, part_q = scope.card_q(), filters.card_q()
    if scope_q is None:
        return {name: protect_number(0) for name in CARD_FIGURES}
    sums = {}  # aliases prefixed: an aggregate may not share a column's name
    for name in ("registered", "activated"):
        sums.update(_with_part(f"n_{name}", lambda f, n=name: Sum(n, filter=f), part_q))
    found = _sums(CardMonth, (scope_q,), filters.start, filters.end, (), lambda r: 0, sums)
    raw = {name[2:]: n for name, n in found.get(0, dict.fromkeys(sums, 0)).items()}
    reference = min(filters.end, timezone.localdate())
    active = Card.objects.filter(
        scope_q, status=Card.Status.ACTIVE, issued_on__lte=reference, valid_until__gte=reference
    )
    raw.update(
        active.aggregate(**_with_part("active", lambda f: Count("valid_until", filter=f), part_q))
    )
    events = CardEvent.objects.filter(
        scope.card_q("card__"),
        action__in=EXTENDED_ACTIONS + ENDED_ACTIONS,
        at__range=_moments(filters.start, filters.end),
    )
    event_part_q = filters.card_q(prefix="card__")
    counts = {}
    for name, actions in (("extended", EXTENDED_ACTIONS), ("ended", ENDED_ACTIONS)):
        is_action = Q(action__in=actions)
        count = lambda f, q=is_action: Count("card", distinct=True, filter=q & (f or Q()))  # noqa: E731
        counts.update(_with_part(name, count, event_part_q))
    raw.update(events.aggregate(**counts))
    return _protected(raw, CARD_FIGURES, part_q)


def _moments(start, end):
    """[start, end] (local days) as aware datetimes, for a range over a timestamp's index."""
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tz)
    return first, datetime.datetime.combine(end, datetime.time.max, tz)


def _trait_counts(scope, filters):
    """{(trait, value): whole} and {(trait, value): part} (None when unfiltered) of the personal
    cards registered in the period."""
    scope_q, part_q = scope.card_q(), filters.card_q()
    if scope_q is None:
        return {}, ({} if part_q is not None else None)

    def counts(model, condition):
        group, n = ("trait", "value"), {"n": Sum("cards")}
        totals = _sums(
            model, (condition,), filters.start, filters.end, group, itemgetter(*group), n
        )
        return {k: c["n"] for k, c in totals.items()}

    whole = counts(TraitMonth if scope.kind == UNIT else RegionTraitMonth, scope_q)
    part = counts(TraitMonth, scope_q & part_q) if part_q is not None else None
    return whole, part


def distributions(scope, filters: Filters) -> dict:
    """Background data of the personal cards registered in the period, coarsened and protected."""
    whole, part = _trait_counts(scope, filters)

    def split(trait, key):
        """_split of the counts of one trait, labelled ``key(value)``."""
        rows = [
            {"value": value, "whole": n, "part": (part or {}).get((name, value), 0)}
            for (name, value), n in whole.items()
            if name == trait
        ]
        return _split(rows, lambda r: key(r["value"]), part)

    year = filters.end.year
    ages = split("birth_year", lambda v: disclosure.age_band(int(v) if v else None, year))
    bands = [(band, band) for band in disclosure.age_bands()] + [(None, _("Not known"))]
    out = {"age": (str(_("Age")), _distribution(*ages, bands))}
    for field, title, choices in (
        ("gender", _("Gender"), Card.Gender.choices),
        ("mother_tongue", _("Mother tongue"), Card.MotherTongue.choices),
        ("life_situation", _("Life situation"), Card.LifeSituation.choices),
    ):
        labels = [(value, label) for value, label in choices if value] + [("", _("Not told"))]
        out[field] = (str(title), _distribution(*split(field, lambda v: v or ""), labels))
    children = split("children", lambda v: min(int(v), 4))
    labels = [(0, "0"), (1, "1"), (2, "2"), (3, "3"), (4, "4+")]
    title = str(_("Children and grandchildren under 16"))
    out["children"] = (title, _distribution(*children, labels))

    shown, rest, areas = postal_areas(*split("postal_code", lambda v: v or ""))
    # A region has hundreds of postal areas: the dashboard shows the largest (as for venues and
    # distributors) and adds up the rest; the raw-data export has every card's postal code.
    ranked = sorted(areas, key=lambda s: (-shown.get(s, 0), s))
    top = sorted(ranked[:TOP_POSTAL_AREAS], key=lambda s: (not s.isdigit(), s))
    others = ranked[TOP_POSTAL_AREAS:]
    labels = [(x, x) for x in top]
    if others:
        shown["others"] = sum(shown.pop(x, 0) for x in others)
        if rest is not None:
            rest["others"] = sum(rest.pop(x, 0) for x in others)
        labels.append(("others", _("All other postal areas")))
    out["postal"] = (str(_("Postal area")), _distribution(shown, rest, labels))
    return out


def _card_rows(scope, filters, group, key, start, end):
    """Cards registered in [start, end] per ``key(row)`` of rows grouped by the fields ``group``:
    dicts with ``key``, ``whole`` and, when the filters narrow the scope, ``part`` (as _use_rows)."""
    scope_q, part_q = scope.card_q(), filters.card_q()
    if scope_q is None:
        return [], part_q
    aggregates = {"whole": Sum("registered")}
    if part_q is not None:
        aggregates["part"] = Sum("registered", filter=part_q)
    totals = _sums(CardMonth, (scope_q,), start, end, group, key, aggregates)
    return [{"key": k, **counts} for k, counts in totals.items()], part_q


def top_distributors(scope, filters: Filters):
    return _top_organisations(_card_rows, "issued_by", scope, filters)


def top_venues(scope, filters: Filters):
    return _top_organisations(_use_rows, "venue", scope, filters)


def _top_organisations(rows_of, field, scope, filters):
    """_top of the counts of ``rows_of`` (_card_rows or _use_rows) per organisation. The names are
    read afterwards, and only of those that can rank (a count at least the tenth largest): the
    database sums the view without joining each row to its organisation (national venues 12 -> 4
    ms)."""
    rows, part_q = rows_of(scope, filters, (field,), itemgetter(field), filters.start, filters.end)
    counts = [row["whole"] if part_q is None else row["part"] for row in rows]
    least = min(heapq.nlargest(TOP, counts), default=0)
    ranking = [row["key"] for row, n in zip(rows, counts, strict=True) if n >= least]
    names = dict(Organisation.objects.filter(pk__in=ranking).values_list("pk", "name"))
    # Below the cut no name is needed: the ranking orders by count first.
    return _top([{**r, "name": names.get(r["key"], "")} for r in rows], "key", "name", part_q)


def postal_areas(shown, rest):
    """``shown`` and ``rest`` (_split's counts per postal code) summed per published postal area,
    and the areas. The areas are rolled up on the whole scope's counts, so the part and the rest
    share them."""
    whole = Counter(shown)
    whole.update(rest or {})
    labels = disclosure.postal_area_labels(whole, postal_municipalities())

    def by_area(counts):
        out = defaultdict(int)
        for code, value in counts.items():
            out[labels[code]] += value
        return out

    return by_area(shown), (by_area(rest) if rest is not None else None), set(labels.values())


def postal_municipalities() -> dict[str, str]:
    """Postal code → municipality, from the partners' public addresses (the best source we hold)."""
    from partners.models import VenuePage

    rows = (
        VenuePage.objects.exclude(postal_code="")
        .filter(municipality__isnull=False)
        .values_list("postal_code", "municipality__name_fi")
        .distinct()
    )
    return dict(rows)


def _top(rows, key, name, part_q):
    shown, rest = _split(rows, lambda r: (r[key], r[name]), part_q)
    ranked = sorted(shown, key=lambda k: (-shown[k], k[1]))
    top, others = ranked[:TOP], ranked[TOP:]
    labels = [(k, k[1]) for k in top]
    shown_pairs = {k: shown[k] for k in top} | {"others": sum(shown[k] for k in others)}
    rest_pairs = None
    if rest is not None:
        rest_pairs = {k: rest.get(k, 0) for k in top}
        rest_pairs["others"] = sum(v for k, v in rest.items() if k not in top)
    if others or (rest_pairs and rest_pairs["others"]):
        labels.append(("others", _("All others")))
    return _distribution(shown_pairs, rest_pairs, labels)


# --- Uses -------------------------------------------------------------------------------------


def _months(filters):
    months, day = [], filters.start.replace(day=1)
    while day <= filters.end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def use_figures(scope, filters: Filters) -> dict:
    """Uses by month × group (adults' tickets), children's tickets by group, group visits."""
    fields = ("month", "kind", CATEGORY_FIELD)
    key = lambda r: (r["month"], use_group(r["kind"], r[CATEGORY_FIELD]))  # noqa: E731
    rows, part_q = _use_rows(scope, filters, fields, key, filters.start, filters.end)
    months = _months(filters)
    month_keys = {m: i for i, m in enumerate(months)}
    adults = [[0] * len(GROUPS) for _m in months]
    adults_rest = [[0] * len(GROUPS) for _m in months]
    for row in rows:  # the rows' months are the period's (_use_rows)
        month, group = row["key"]
        i, j = month_keys[month], GROUPS.index(group)
        part = row["part"] if part_q is not None else row["whole"]
        adults[i][j] += part
        adults_rest[i][j] += row["whole"] - part
    children, children_rest = _split(rows, lambda r: r["key"][1], part_q, "children_")
    month_labels = [date_format(m, "YEAR_MONTH_FORMAT") for m in months]
    group_labels = [str(GROUP_LABELS[g]) for g in GROUPS]
    complement = Table(month_labels, group_labels, adults_rest) if part_q is not None else None
    table = protect(Table(month_labels, group_labels, adults), complement=complement)
    children_dist = _distribution(children, children_rest, list(GROUP_LABELS.items()))
    visits = {"visits": sum(row["visits_whole"] for row in rows)}
    visits["visits_part"] = sum(row.get("visits_part", 0) for row in rows)
    group_visits = _protected(visits, ["visits"], part_q)["visits"]
    return {"table": table, "children": children_dist, "group_visits": group_visits}


def _by_year(rows_of, scope, filters, years):
    """The counts of ``rows_of`` (_card_rows or _use_rows) per year: the period's last year and the
    ones before it."""
    last = filters.end.year
    first = last - years + 1
    start, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    rows, part_q = rows_of(scope, filters, ("month",), lambda r: r["month"].year, start, end)
    shown, rest = _split(rows, itemgetter("key"), part_q)
    return _distribution(shown, rest, [(y, str(y)) for y in range(first, last + 1)])


def cards_by_year(scope, filters: Filters, years=5):
    return _by_year(_card_rows, scope, filters, years)


def uses_by_year(scope, filters: Filters, years=5):
    return _by_year(_use_rows, scope, filters, years)


def dashboard(scope, filters: Filters) -> dict:
    """Everything a dashboard shows, protected."""
    data = {
        "uses": use_figures(scope, filters),
        "top_venues": top_venues(scope, filters),
        "year_on_year": {"uses": uses_by_year(scope, filters)},
    }
    if scope.shows_cards:
        data["cards"] = card_figures(scope, filters)
        data["distributions"] = distributions(scope, filters)
        data["top_distributors"] = top_distributors(scope, filters)
        data["year_on_year"]["cards"] = cards_by_year(scope, filters)
    return data
