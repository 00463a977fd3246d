"""The statistics queries. Each function runs a fixed, small number of aggregate queries and returns
only protected results (:mod:`stats.disclosure`): raw counts never leave this module.

The counts come from the rollup tables (registry/models/rollups.py, kept exact by registry/rollups.py),
never from scanning the raw rows, so a page costs the same at national scale as in the demo. The
same figures computed from the raw rows are in :mod:`stats.raw`, the reference the tests
compare with.

Filters narrow a scope (a municipality within a region, one organisation): each query then counts
the filtered part and the whole scope, and the rest of the scope is handed to the disclosure gate as
the complement, so that "region minus municipality" cannot reveal a small count.
The period is not complemented: it defines the population counted.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, Region
from registry.models import (
    Card,
    CardEventRepeatRollup,
    CardRollup,
    CardTraitByUnitRollup,
    CardTraitRollup,
    Organisation,
    Use,
    UseByUnitRollup,
    UseRollup,
)
from registry.rollups import MONTH, YEAR, period_ranges

from . import disclosure
from .disclosure import Table, protect, protect_number

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
CULTURE_CATEGORIES = {
    "museum",
    "theatre",
    "concert",
    "festival",
    "cinema",
    "cultural_centre",
    "dance",
    "summer_theatre",
    "library",
    "college",  # an adult-education college's tickets; its course places count as education
}
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

    @property
    def narrows(self) -> bool:
        return any((self.region, self.municipality, self.organisation))

    def card_q(self) -> Q | None:
        if not self.narrows:
            return None
        q = Q()
        if self.region is not None:
            q &= Q(region=self.region)
        if self.municipality is not None:
            q &= Q(issued_by__partner_page__distributorpage__municipality=self.municipality)
        if self.organisation is not None:
            q &= Q(issued_by=self.organisation)
        return q

    def use_q(self) -> Q | None:
        if not self.narrows:
            return None
        q = Q()
        if self.region is not None:
            q &= Q(venue__region=self.region)
        if self.municipality is not None:
            q &= Q(venue__partner_page__venuepage__municipality=self.municipality)
        if self.organisation is not None:
            if self.organisation.is_distributor:
                q &= Q(card__issued_by=self.organisation)
            else:
                q &= Q(venue=self.organisation)
        return q


def _split(rows, key, part_q):
    """{label: count} of the part (or the whole when unfiltered) and {label: count} of the rest."""
    shown, rest = defaultdict(int), defaultdict(int)
    for row in rows:
        label = key(row)
        if part_q is None:
            shown[label] += row["whole"]
        else:
            shown[label] += row["part"]
            rest[label] += row["whole"] - row["part"]
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


def _card_scope(scope) -> Q | None:
    """The scope's cards as a condition on card rollups (a card's region and issuing unit)."""
    from .scope import NATIONAL, REGION, UNIT

    if scope.kind == NATIONAL:
        return Q()
    if scope.kind == REGION:
        return Q(region=scope.region)
    if scope.kind == UNIT:
        return Q(issued_by=scope.organisation)
    return None  # a venue's dashboard shows no cards


def _card_part(filters: Filters) -> Q | None:
    """Filters.card_q on card rollups."""
    if not filters.narrows:
        return None
    q = Q()
    if filters.region is not None:
        q &= Q(region=filters.region)
    if filters.municipality is not None:
        q &= Q(issued_by__partner_page__distributorpage__municipality=filters.municipality)
    if filters.organisation is not None:
        q &= Q(issued_by=filters.organisation)
    return q


def _use_scope(scope):
    """(rollup model, condition) of the scope's counted uses: by venue, or by the card's unit."""
    from .scope import REGION, UNIT, VENUE

    if scope.kind == UNIT:
        return UseByUnitRollup, Q(issued_by=scope.organisation)
    if scope.kind == REGION:
        return UseRollup, Q(venue__region=scope.region)
    if scope.kind == VENUE:
        return UseRollup, Q(venue=scope.organisation)
    return UseRollup, Q()


def _use_part(filters: Filters) -> tuple[Q | None, bool]:
    """Filters.use_q on use rollups, and whether it needs the cards' issuing unit."""
    if not filters.narrows:
        return None, False
    q = Q()
    if filters.region is not None:
        q &= Q(venue__region=filters.region)
    if filters.municipality is not None:
        q &= Q(venue__partner_page__venuepage__municipality=filters.municipality)
    by_unit = False
    if filters.organisation is not None:
        if filters.organisation.is_distributor:
            q &= Q(issued_by=filters.organisation)
            by_unit = True
        else:
            q &= Q(venue=filters.organisation)
    return q, by_unit


@dataclass(frozen=True)
class _Period:
    """A period on a rollup table: its ``plus`` buckets minus its ``minus`` buckets
    (registry.rollups.period_ranges), or a plain day range on a one-grain table (``days``)."""

    plus: tuple = ()
    minus: tuple = ()
    days: tuple | None = None

    @property
    def rows(self) -> Q:
        """The rows to read (the WHERE clause, so that the primary key's index serves it)."""
        if self.days is not None:
            return Q(period__range=self.days)
        q = Q(period__in=[])
        for grain, first, last in (*self.plus, *self.minus):
            bucket = Q(grain=grain, period__gte=first)
            q |= bucket if last is None else bucket & Q(period__lt=last)
        return q

    def sign(self, grain, period) -> int:
        """The sign :meth:`signed` gives a row of this bucket, for rows read bucket by bucket."""
        return _within(self.plus, grain, period) - _within(self.minus, grain, period)

    def signed(self, aggregate: Sum) -> Sum:
        """``aggregate`` (a Sum over a field, perhaps filtered) with each row counted with its
        sign: +1 in the plus part, -1 in the minus part, 0 in both. Computed by the database, so
        that a query returns one row per group, not one per group and bucket."""
        if self.days is not None:
            return aggregate
        field = aggregate.get_source_expressions()[0]
        factor = _inside(self.plus)
        if self.minus:
            factor = factor - _inside(self.minus)
        return Sum(field * factor, filter=aggregate.filter, output_field=IntegerField())


def _within(ranges, grain, period) -> int:
    """:func:`_inside` of one bucket, in Python."""
    return int(
        any(
            grain == g and period >= first and (last is None or period < last)
            for g, first, last in ranges
        )
    )


def _inside(ranges) -> Case:
    """1 for a row in one of the (grain, first, last) ranges, else 0."""
    q = Q(period__in=[])
    for grain, first, last in ranges:
        bucket = Q(grain=grain, period__gte=first)
        q |= bucket if last is None else bucket & Q(period__lt=last)
    return Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())


def _period(model, start, end, coarsest=YEAR) -> _Period:
    """[start, end] on a rollup table.

    A period that reaches today is read as [start, ∞) minus (end, ∞): facts are dated when they
    are written, so the second part is normally empty, and "this year" is then one year bucket per
    key instead of its months and days. It stays exact if something is dated later."""
    if model is UseByUnitRollup or model is CardTraitByUnitRollup:  # one grain: days
        return _Period(days=(start, end))
    if start > end:
        return _Period()
    if end >= timezone.localdate():
        after = end + datetime.timedelta(days=1)
        return _Period(
            tuple(period_ranges(start, coarsest=coarsest)),
            tuple(period_ranges(after, coarsest=coarsest)),
        )
    return _Period(tuple(period_ranges(start, end, coarsest=coarsest)))


def _sums(model, conditions, period, group, key, aggregates, periods=()) -> dict:
    """{key(row): {name: total}} of ``aggregates`` (Sum expressions) over the period's rows of
    ``model`` that meet ``conditions`` (a tuple of Q), grouped by ``group``, each bucket counted
    with its sign. Keys whose every total is zero are left out (as if they had no rows). One
    query. ``periods``: (name, _Period) pairs, aggregates that count the buckets of another
    period than the one read (which must then hold them)."""
    # Grouped by bucket anyway: the same rows, plain sums, and each row's sign in Python
    # (a third of the time of a month-by-month query over a year of a thousand venues).
    by_bucket = "period" in group and period.days is None and not periods

    def build():
        if by_bucket:
            grouped, signed = (*group, "grain"), dict(aggregates)
        else:
            own = dict(periods)
            grouped = group
            signed = {n: own.get(n, period).signed(sum_) for n, sum_ in aggregates.items()}
        return model.objects.filter(*conditions, period.rows).values(*grouped).annotate(**signed)

    totals = {}
    for row in build():
        counts = totals.setdefault(key(row), dict.fromkeys(aggregates, 0))
        sign = period.sign(row["grain"], row["period"]) if by_bucket else 1
        for name in aggregates:
            counts[name] += sign * (row[name] or 0)
    return {k: counts for k, counts in totals.items() if any(counts.values())}


def _use_rows(scope, filters, group, key, start, end, coarsest=YEAR):
    """Counted uses in [start, end] per ``key(row)`` of rows grouped by the fields ``group``: dicts
    with ``key``, ``whole``, ``children_whole``, ``visits_whole`` and, when the filters narrow the
    scope, ``part``, ``children_part``, ``visits_part``.

    ``key`` maps a bucket to what is counted (``period`` to its month or year, say), so that rows
    of different grains add up. One query, or two when the part needs the by-unit table."""
    model, scope_q = _use_scope(scope)
    part_q, by_unit = _use_part(filters)
    measures = {"whole": "uses", "children_whole": "children", "visits_whole": "visits"}
    if part_q is not None:
        measures.update(part="uses", children_part="children", visits_part="visits")
    same_table = part_q is None or model is UseByUnitRollup or not by_unit
    names = [n for n in measures if same_table or "part" not in n]
    aggregates = {n: Sum(measures[n], filter=part_q if "part" in n else None) for n in names}
    period = _period(model, start, end, coarsest)
    totals = _sums(model, (scope_q,), period, group, key, aggregates)
    if not same_table:
        names = [n for n in measures if "part" in n]
        parts = _sums(
            UseByUnitRollup,
            (scope_q, part_q),
            _period(UseByUnitRollup, start, end),
            group,
            key,
            {n: Sum(measures[n]) for n in names},
        )
        for k, counts in parts.items():
            totals.setdefault(k, dict.fromkeys(measures, 0)).update(counts)
    return [{"key": k, **dict.fromkeys(measures, 0), **c} for k, c in totals.items()], part_q


# --- Cards ------------------------------------------------------------------------------------


CARD_FIGURES = ("registered", "active", "activated", "extended", "ended")
# The rollup measures each figure adds up ("active": valid until the day minus issued after it).
_FIGURE_MEASURES = {"active": ("valid_from", "valid_to")}


def card_figures(scope, filters: Filters, names=CARD_FIGURES) -> dict:
    """Cards registered, active, activated (used at least once), extended and ended in the period
    (``names``: these figures only; each is computed and protected on its own)."""
    today = timezone.localdate()
    reference = min(filters.end, today)
    scope_q, part_q = _card_scope(scope), _card_part(filters)
    measures = [m for name in names for m in _FIGURE_MEASURES.get(name, (name,))]
    suffixes = ("", "_part") if part_q is not None else ("",)
    repeat_names = [name for name in ("extended", "ended") if name in names]
    raw = {}
    if scope_q is None:
        raw = {f"{name}{suffix}": 0 for name in measures for suffix in suffixes}
        repeats = {}
    else:
        in_period = _period(CardRollup, filters.start, filters.end)
        # Active on the reference day: status active and issued_on <= reference <= valid_until:
        # those valid until the reference day or later minus those issued after it.
        valid_to = _Period(tuple(period_ranges(reference)))
        valid_from = _Period(tuple(period_ranges(reference + datetime.timedelta(days=1))))
        periods = {"valid_from": valid_from, "valid_to": valid_to}
        aggregates, own = {}, []  # aliases prefixed: an aggregate may not share a field's name
        for name in measures:
            aggregates[f"n_{name}"] = Sum(name)
            if part_q is not None:
                aggregates[f"n_{name}_part"] = Sum(name, filter=part_q)
            period = periods.get(name, in_period)  # the buckets this measure counts
            own += [(alias, period) for alias in (f"n_{name}", f"n_{name}_part")]
        # The rows the aggregates read (each counts only its own buckets, with their signs).
        plus, minus = (), ()
        if any(name not in periods for name in measures):
            plus, minus = in_period.plus, in_period.minus
        if "active" in names:
            plus += valid_to.plus + valid_from.plus
        every = _Period(plus, minus)
        own = tuple((alias, period) for alias, period in own if alias in aggregates)
        # Grouped by grain (at most three rows), added up here: one row per group is what the
        # compiled queries of _sums return.
        sums = _sums(CardRollup, (scope_q,), every, ("grain",), lambda r: 0, aggregates, own)
        sums = sums.get(0, dict.fromkeys(aggregates, 0))
        raw = {name[2:]: value or 0 for name, value in sums.items()}
        # A card extended (or ended) twice in the period counts once: drop the events whose
        # previous event of the same card is also in the period.
        repeat_aggregates = {}
        for name in repeat_names:
            repeat_aggregates[f"n_{name}"] = Sum("events", filter=Q(action=name))
            if part_q is not None:
                repeat_aggregates[f"n_{name}_part"] = Sum("events", filter=Q(action=name) & part_q)
        repeats = {}
        if repeat_aggregates:
            repeats = _sums(
                CardEventRepeatRollup,
                (scope_q, Q(previous__gte=filters.start)),
                _Period(days=(filters.start, filters.end)),
                ("action",),
                lambda r: 0,
                repeat_aggregates,
            ).get(0, {})
    for suffix in suffixes:
        if "active" in names:
            raw[f"active{suffix}"] = raw[f"valid_to{suffix}"] - raw[f"valid_from{suffix}"]
        for name in repeat_names:
            raw[f"{name}{suffix}"] -= repeats.get(f"n_{name}{suffix}") or 0
    figures = {}
    for name in names:
        if part_q is None:
            figures[name] = protect_number(raw[name])
        else:
            part, rest = raw[f"{name}_part"], raw[name] - raw[f"{name}_part"]
            cell = protect_number(part)
            if part and 0 < rest < disclosure.THRESHOLD:
                cell = disclosure.Cell(None, disclosure.PRIMARY)
            figures[name] = cell
    return figures


def _trait_counts(scope, filters):
    """{(trait, value): whole} and {(trait, value): part} (None when unfiltered) of the personal
    cards registered in the period."""
    from .scope import UNIT

    scope_q, part_q = _card_scope(scope), _card_part(filters)
    if scope_q is None:
        return {}, ({} if part_q is not None else None)
    start, end = filters.start, filters.end

    def counts(model, condition):
        totals = _sums(
            model,
            (condition,),
            _period(model, start, end),
            ("trait", "value"),
            lambda r: (r["trait"], r["value"]),
            {"n": Sum("cards")},
        )
        return {k: c["n"] for k, c in totals.items() if c["n"]}

    whole_model = CardTraitByUnitRollup if scope.kind == UNIT else CardTraitRollup
    whole = counts(whole_model, scope_q)
    part = counts(CardTraitByUnitRollup, scope_q & part_q) if part_q is not None else None
    return whole, part


def distributions(scope, filters: Filters) -> dict:
    """Background data of the personal cards registered in the period, coarsened and protected."""
    whole, part = _trait_counts(scope, filters)
    part_q = part  # _split only asks whether the scope is narrowed

    def trait_rows(trait, field, convert=lambda value: value):
        rows = []
        for (name, value), n in whole.items():
            if name == trait:
                row = {field: convert(value), "whole": n}
                if part is not None:
                    row["part"] = part.get((name, value), 0)
                rows.append(row)
        return rows

    year = filters.end.year
    out = {}

    rows = trait_rows("birth_year", "birth_year", lambda v: int(v) if v else None)
    shown, rest = _split(rows, lambda r: disclosure.age_band(r["birth_year"], year), part_q)
    bands = [(band, band) for band in disclosure.age_bands()] + [(None, _("Not known"))]
    out["age"] = (str(_("Age")), _distribution(shown, rest, bands))

    for field, title, choices in (
        ("gender", _("Gender"), Card.Gender.choices),
        ("mother_tongue", _("Mother tongue"), Card.MotherTongue.choices),
        ("life_situation", _("Life situation"), Card.LifeSituation.choices),
    ):
        rows = trait_rows(field, field)
        shown, rest = _split(rows, lambda r, f=field: r[f] or "", part_q)
        labels = [(value, label) for value, label in choices if value] + [("", _("Not told"))]
        out[field] = (str(title), _distribution(shown, rest, labels))

    rows = trait_rows("children", "children_count", int)
    shown, rest = _split(rows, lambda r: min(r["children_count"], 4), part_q)
    labels = [(0, "0"), (1, "1"), (2, "2"), (3, "3"), (4, "4+")]
    out["children"] = (
        str(_("Children and grandchildren under 16")),
        _distribution(shown, rest, labels),
    )

    rows = trait_rows("postal_code", "postal_code")
    raw_shown, raw_rest = _split(rows, lambda r: r["postal_code"] or "", part_q)
    municipality_of = postal_municipalities()
    # Roll up on the whole scope's counts, so the part and the rest share the same areas.
    whole_by_code = defaultdict(int)
    for code, value in raw_shown.items():
        whole_by_code[code] += value
    for code, value in (raw_rest or {}).items():
        whole_by_code[code] += value
    rolled_labels = _postal_labels(whole_by_code, municipality_of)
    shown, rest = defaultdict(int), (defaultdict(int) if raw_rest is not None else None)
    for code, value in raw_shown.items():
        shown[rolled_labels[code]] += value
    for code, value in (raw_rest or {}).items():
        rest[rolled_labels[code]] += value
    # A region has hundreds of postal areas: the dashboard shows the largest (as for venues and
    # distributors) and adds up the rest; the raw-data export has every card's postal code.
    ranked = sorted(set(rolled_labels.values()), key=lambda s: (-shown.get(s, 0), s))
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


def top_distributors(scope, filters: Filters):
    scope_q, part_q = _card_scope(scope), _card_part(filters)
    if scope_q is None:
        rows = []
    else:
        aggregates = {"whole": Sum("registered")}
        if part_q is not None:
            aggregates["part"] = Sum("registered", filter=part_q)
        totals = _sums(
            CardRollup,
            (scope_q,),
            _period(CardRollup, filters.start, filters.end),
            ("issued_by", "issued_by__name"),
            lambda r: (r["issued_by"], r["issued_by__name"]),
            aggregates,
        )
        rows = [
            {"issued_by": k[0], "issued_by__name": k[1], "part": 0, **counts}
            for k, counts in totals.items()
            if counts["whole"]
        ]
    return _top(rows, "issued_by", "issued_by__name", part_q)


def top_venues(scope, filters: Filters):
    rows, part_q = _use_rows(
        scope,
        filters,
        ("venue", "venue__name"),
        lambda r: (r["venue"], r["venue__name"]),
        filters.start,
        filters.end,
    )
    rows = [{**r, "venue": r["key"][0], "venue__name": r["key"][1]} for r in rows if r["whole"]]
    return _top(rows, "venue", "venue__name", part_q)


def _postal_labels(counts, municipality_of):
    """Each postal code's published label: itself, or its municipality's roll-up bucket."""
    kept = disclosure.roll_up_postal_codes(counts, municipality_of)
    labels = {}
    other = str(_("%(municipality)s (other postal areas)"))
    unknown = str(_("Other or unknown area"))
    for code in counts:
        if code in kept and code:
            labels[code] = code
        elif municipality_of.get(code):
            labels[code] = other % {"municipality": municipality_of[code]}
        else:
            labels[code] = unknown
    return labels


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
    others_label = _("All others")
    shown_pairs = {k: shown[k] for k in top}
    shown_pairs["others"] = sum(shown[k] for k in others)
    rest_pairs = None
    if rest is not None:
        rest_pairs = {k: rest.get(k, 0) for k in top}
        rest_pairs["others"] = sum(v for k, v in rest.items() if k not in top)
    if others or (rest_pairs and rest_pairs["others"]):
        labels.append(("others", others_label))
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
    rows, part_q = _use_rows(
        scope,
        filters,
        ("period", "kind", CATEGORY_FIELD),
        lambda r: (r["period"].replace(day=1), use_group(r["kind"], r[CATEGORY_FIELD])),
        filters.start,
        filters.end,
        MONTH,
    )
    months = _months(filters)
    month_keys = {m: i for i, m in enumerate(months)}
    adults = [[0] * len(GROUPS) for _m in months]
    adults_rest = [[0] * len(GROUPS) for _m in months]
    children, children_rest = defaultdict(int), defaultdict(int)
    visits = {"whole": 0, "part": 0}
    for row in rows:
        visits["whole"] += row["visits_whole"]
        visits["part"] += row.get("visits_part", 0)
        month, group = row["key"]
        i = month_keys.get(month)
        if i is None:
            continue
        j = GROUPS.index(group)
        part = row["part"] if part_q is not None else row["whole"]
        adults[i][j] += part
        adults_rest[i][j] += row["whole"] - part
        child_part = row["children_part"] if part_q is not None else row["children_whole"]
        children[GROUPS[j]] += child_part
        children_rest[GROUPS[j]] += row["children_whole"] - child_part
    month_labels = [date_format(m, "YEAR_MONTH_FORMAT") for m in months]
    group_labels = [str(GROUP_LABELS[g]) for g in GROUPS]
    complement = Table(month_labels, group_labels, adults_rest) if part_q is not None else None
    table = protect(Table(month_labels, group_labels, adults), complement=complement)
    children_dist = _distribution(
        children, children_rest if part_q is not None else None, list(GROUP_LABELS.items())
    )

    group_visits = protect_number(visits["part"] if part_q is not None else visits["whole"])
    rest = visits["whole"] - visits["part"]
    if part_q is not None and 0 < rest < disclosure.THRESHOLD and visits["part"]:
        group_visits = disclosure.Cell(None, disclosure.PRIMARY)
    return {"table": table, "children": children_dist, "group_visits": group_visits}


def _years(filters, years):
    last = filters.end.year
    first = last - years + 1
    start, end = datetime.date(first, 1, 1), datetime.date(last, 12, 31)
    return start, end, [(y, str(y)) for y in range(first, last + 1)]


def cards_by_year(scope, filters: Filters, years=5):
    """Cards registered per year, the period's last year and the ones before it."""
    start, end, labels = _years(filters, years)
    scope_q, part_q = _card_scope(scope), _card_part(filters)
    aggregates = {"whole": Sum("registered")}
    if part_q is not None:
        aggregates["part"] = Sum("registered", filter=part_q)
    totals = _sums(
        CardRollup,
        (scope_q,),
        _period(CardRollup, start, end),
        ("period",),
        lambda r: r["period"].year,
        aggregates,
    )
    rows = [{"year": year, "part": 0, **counts} for year, counts in totals.items()]
    shown, rest = _split(rows, lambda r: r["year"], part_q)
    return _distribution(shown, rest, labels)


def uses_by_year(scope, filters: Filters, years=5):
    """Uses per year, the period's last year and the ones before it."""
    start, end, labels = _years(filters, years)
    rows, part_q = _use_rows(scope, filters, ("period",), lambda r: r["period"].year, start, end)
    shown, rest = _split(rows, lambda r: r["key"], part_q)
    return _distribution(shown, rest, labels)


# --- A dashboard ------------------------------------------------------------------------------
# Its figures in two parts, cached apart (stats/datacache.py): what a use (recorded, undone,
# corrected) cannot change, and what it can. A use changes the use rollups and the "activated" fact
# of its card (CardRollup.activated) and nothing else (registry/rollups.py, use_cells and write).

# Card figures that a use can change.
USE_CARD_FIGURES = ("activated",)


def card_part(scope, filters: Filters) -> dict:
    """The figures no use write can change: cards, their background data, top units, by year."""
    if not scope.shows_cards:
        return {}
    names = [name for name in CARD_FIGURES if name not in USE_CARD_FIGURES]
    return {
        "cards": card_figures(scope, filters, names),
        "distributions": distributions(scope, filters),
        "top_distributors": top_distributors(scope, filters),
        "year_on_year": {"cards": cards_by_year(scope, filters)},
    }


def use_part(scope, filters: Filters) -> dict:
    """The figures a use write can change: uses, top venues, uses by year, cards activated."""
    data = {
        "uses": use_figures(scope, filters),
        "top_venues": top_venues(scope, filters),
        "year_on_year": {"uses": uses_by_year(scope, filters)},
    }
    if scope.shows_cards:
        data["cards"] = card_figures(scope, filters, USE_CARD_FIGURES)
    return data


def merge(cards: dict, uses: dict) -> dict:
    """One dashboard's figures from :func:`card_part` and :func:`use_part`."""
    data = {"uses": uses["uses"], "top_venues": uses["top_venues"]}
    data["year_on_year"] = {**cards.get("year_on_year", {}), **uses["year_on_year"]}
    if "cards" in uses:
        figures = {**cards["cards"], **uses["cards"]}
        data["cards"] = {name: figures[name] for name in CARD_FIGURES}
        data["distributions"] = cards["distributions"]
        data["top_distributors"] = cards["top_distributors"]
    return data


def dashboard(scope, filters: Filters) -> dict:
    """Everything a dashboard shows, protected."""
    return merge(card_part(scope, filters), use_part(scope, filters))
