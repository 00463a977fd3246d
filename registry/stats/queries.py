"""The statistics queries. Each function runs a fixed, small number of aggregate queries and returns
only protected results (:mod:`registry.disclosure`): raw counts never leave this module.

Filters narrow a scope (a municipality within a region, one organisation): each query then counts
the filtered part and the whole scope in the same statement, and the rest of the scope is handed to
the disclosure gate as the complement, so that "region minus municipality" cannot reveal a small count.
The period is not complemented: it defines the population counted.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from regions.models import Municipality, Region

from .. import disclosure
from ..disclosure import Table, protect, protect_number
from ..models import Card, CardEvent, Organisation, Use

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
CATEGORY_FIELD = "venue__partner_page__venuepage__category"
TOP = 10


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


def _counts(part_q):
    """Count annotations for the whole scope and, when filtered, its part."""
    out = {"whole": Count("pk")}
    if part_q is not None:
        out["part"] = Count("pk", filter=part_q)
    return out


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
    pairs = [(label, shown.get(key, 0)) for key, label in labels]
    complement = None
    if rest is not None:
        complement = {label: rest.get(key, 0) for key, label in labels}
    return disclosure.protect_distribution(pairs, complement=complement)


# --- Cards ------------------------------------------------------------------------------------


def card_figures(scope, filters: Filters) -> dict:
    """Cards registered, active, activated (used at least once), extended and ended in the period."""
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
    raw = qs.aggregate(**aggregates)
    figures = {}
    for name in conditions:
        if part_q is None:
            figures[name] = protect_number(raw[name])
        else:
            part, rest = raw[f"{name}_part"], raw[name] - raw[f"{name}_part"]
            cell = protect_number(part)
            if part and 0 < rest < disclosure.THRESHOLD:
                cell = disclosure.Cell(None, disclosure.PRIMARY)
            figures[name] = cell
    return figures


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
    raw_shown, raw_rest = _split(rows, lambda r: r["postal_code"] or "", part_q)
    municipality_of = postal_municipalities()
    # Roll up on the whole scope's counts, so the part and the rest share the same areas.
    whole = defaultdict(int)
    for code, value in raw_shown.items():
        whole[code] += value
    for code, value in (raw_rest or {}).items():
        whole[code] += value
    rolled_labels = _postal_labels(whole, municipality_of)
    shown, rest = defaultdict(int), (defaultdict(int) if raw_rest is not None else None)
    for code, value in raw_shown.items():
        shown[rolled_labels[code]] += value
    for code, value in (raw_rest or {}).items():
        rest[rolled_labels[code]] += value
    ordered = sorted(set(rolled_labels.values()), key=lambda s: (not s.isdigit(), s))
    out["postal"] = (_("Postal area"), _distribution(shown, rest, [(x, x) for x in ordered]))
    return out


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


def _uses_in_period(scope, filters):
    return scope.uses().filter(recorded_at__date__range=(filters.start, filters.end))


def _months(filters):
    months, day = [], filters.start.replace(day=1)
    while day <= filters.end:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


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


def year_on_year(scope, filters: Filters, years=5) -> dict:
    """Cards registered and uses per year, the period's last year and the ones before it."""
    last = filters.end.year
    first = last - years + 1
    labels = [(y, str(y)) for y in range(first, last + 1)]
    part_q = filters.card_q()
    result = {}
    if scope.shows_cards:
        rows = (
            scope.cards()
            .filter(registered_at__year__gte=first, registered_at__year__lte=last)
            .annotate(year=ExtractYear("registered_at"))
            .values("year")
            .annotate(**_counts(part_q))
            .order_by()
        )
        shown, rest = _split(rows, lambda r: r["year"], part_q)
        result["cards"] = _distribution(shown, rest, labels)
    part_q = filters.use_q()
    rows = (
        scope.uses()
        .filter(recorded_at__year__gte=first, recorded_at__year__lte=last)
        .annotate(year=ExtractYear("recorded_at"))
        .values("year")
        .annotate(**_counts(part_q))
        .order_by()
    )
    shown, rest = _split(rows, lambda r: r["year"], part_q)
    result["uses"] = _distribution(shown, rest, labels)
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
