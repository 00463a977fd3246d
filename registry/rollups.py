"""Statistics rollups (registry/models/rollups.py): how they stay exactly equal to the raw rows.

Why
---
The statistics pages count cards and uses by period, place and background data. At national scale
(a million cards, ten million uses) counting the raw rows takes seconds, so the figures are read from
sum tables instead; the disclosure control (stats.disclosure) then runs on the same numbers as
before, so every published figure is unchanged.

The design, in short
--------------------
1. **Additive rows per period bucket.** Each rollup row sums the raw rows of one key. Multi-grain
   tables hold every fact three times, in its day, its month and its year bucket, so that any date
   range [start, end] is read as leading days + leading months + whole years + trailing months +
   trailing days (:func:`period_q`): a year of national figures is a few thousand rows. (The
   statistics queries read a period that reaches today as [start, ∞) minus (end, ∞), which is
   mostly one year bucket: stats.queries._period.)
2. **Only raw columns are keys.** A card's region and issuing unit, a use's venue and kind; a
   venue's region, category and municipality come from the organisation and its partner page and
   are joined when reading. Editing a partner page therefore never makes a rollup stale.
3. **One background trait at a time.** Published distributions are one-way (age, gender, …), so
   traits are counted separately, never crossed: the tables stay small.
4. **Distinct counts made additive.** Three figures are not sums of rows:
   - "cards activated" (at least one counted use): CardUseCount counts each card's uses, and its
     upsert returns the new count, so the write that takes a card from 0 to 1 use (or back) adds
     (or removes) the card's "activated" fact — exact even when two desks use the same card at
     once, because the upsert locks that card's count row;
   - "group visits" (distinct visits): a visit has one moment, venue and kind, so it lies in one
     bucket of each grain; its presence there is recomputed for each visit a write touches (a
     snapshot before the write, a recount after);
   - "cards extended / ended in the period" (distinct cards): events minus repeats, where a
     repeat is an event whose card had an earlier event of the same kind in the period
     (CardEventRepeatRollup, keyed by both days): exact for any date range.

How they are kept in step: in the same transaction, by signals
--------------------------------------------------------------
Every save or delete of a Card, Use or CardEvent through the ORM changes the rollups in the same
transaction (``pre_save``/``post_save``/``pre_delete``/``post_delete`` below): the delta is the
row's contribution after the write minus its contribution before it, read from the database, so it
is right whatever the instance held. Signals rather than calls in each service function, so that no
write path can forget them (the services, the demo loader, tests that create rows directly).

The services (registry/services.py) write inside :func:`atomic`, a transaction in which the deltas
are collected and written at the end, once per rollup row, *sorted by key*: two desks never lock
the same rollup rows in opposite orders (no deadlocks), and the desk's "record use" transaction
issues a handful of upserts (``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``, on SQLite
and PostgreSQL alike) however many rows it writes. No row is global: the hottest rows are one
venue's day, month and year, and one card's count.

Bulk writes that bypass the ORM's signals — ``QuerySet.update()``, ``bulk_create()``, raw SQL and
PostgreSQL's COPY (bench/generate.py, the demo loader) — must be followed by a rebuild: the
management command ``rebuild_stats_rollups`` (:func:`rebuild`) recomputes every table from the raw
rows in one transaction, with INSERT … SELECT in the database. Inside a collecting :func:`atomic`,
an exception caught *within* it (a savepoint rolled back) must be re-raised, or the collected
deltas of the rolled-back rows would still be written.

tests/registry/test_rollups.py drives random sequences of service calls and proves, after each,
that the tables equal a rebuild and that every statistics figure equals the one computed from raw
rows (stats/raw.py, the reference implementation).
"""

from __future__ import annotations

import contextlib
import datetime
import threading
from collections import Counter

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, Lag, TruncDate, TruncMonth, TruncYear
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from .prepared import bound_cursor
from .rules import local_date

DAY, MONTH, YEAR = "d", "m", "y"
ACTIVE = "active"
PERSONAL = "personal"
EXTENDED = "extended"
ENDED = "ended"
# CardEvent.action → the group counted (CardRollup.extended / .ended, CardEventRepeatRollup.action)
EVENT_GROUPS = {"extended": EXTENDED, "ended": ENDED, "withdrawn": ENDED}

# Table name → (key columns, measure columns). Rows are written table by table in this order (the
# use counts first: they decide the "activated" facts), each table's rows in key order.
TABLES = {
    "registry_cardeventrepeatrollup": (
        ("period", "previous", "action", "region_id", "issued_by_id"),
        ("events",),
    ),
    "registry_cardrollup": (
        ("grain", "period", "region_id", "issued_by_id"),
        ("registered", "activated", "valid_from", "valid_to", "extended", "ended"),
    ),
    "registry_cardtraitbyunitrollup": (
        ("issued_by_id", "period", "region_id", "trait", "value"),
        ("cards",),
    ),
    "registry_cardtraitrollup": (("grain", "period", "region_id", "trait", "value"), ("cards",)),
    "registry_cardusecount": (("card_id",), ("uses",)),
    "registry_usebyunitrollup": (
        ("issued_by_id", "period", "venue_id", "kind"),
        ("uses", "children", "visits"),
    ),
    "registry_userollup": (("grain", "period", "venue_id", "kind"), ("uses", "children", "visits")),
}
CHUNK = 500


# --- Periods ------------------------------------------------------------------------------------


def buckets(day: datetime.date):
    """(grain, period) of the day, month and year buckets that hold a fact dated ``day``."""
    return ((DAY, day), (MONTH, day.replace(day=1)), (YEAR, day.replace(month=1, day=1)))


def _next_month(day):
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def period_ranges(start, end=None, *, coarsest=YEAR) -> list:
    """The buckets of a multi-grain rollup that make up [start, end] (``end=None``: no end), each
    day once: leading days, leading months, whole years, trailing months, trailing days.

    A list of (grain, first, last): the buckets of that grain whose period is in [first, last)
    (``last=None``: no end). ``coarsest=MONTH`` never uses year buckets (figures by month)."""
    if end is not None and start > end:
        return []
    after = None if end is None else end + datetime.timedelta(days=1)
    # Whole months are [first_month, last_month); last_month is None when the range has no end.
    first_month = start if start.day == 1 else _next_month(start)
    last_month = None if after is None else after.replace(day=1)
    if last_month is not None and first_month >= last_month:
        return [(DAY, start, after)]
    ranges = [(DAY, start, first_month)] if start < first_month else []
    if last_month is not None and last_month < after:
        ranges.append((DAY, last_month, after))
    if coarsest == MONTH:
        return [*ranges, (MONTH, first_month, last_month)]
    # Whole years are [first_year, last_year).
    if first_month.month == 1:
        first_year = first_month
    else:
        first_year = first_month.replace(year=first_month.year + 1, month=1)
    last_year = None if last_month is None else last_month.replace(month=1)
    if last_year is not None and first_year >= last_year:
        return [*ranges, (MONTH, first_month, last_month)]
    ranges += [(MONTH, first_month, first_year), (YEAR, first_year, last_year)]
    if last_year is not None:
        ranges.append((MONTH, last_year, last_month))
    return ranges


def period_q(start, end=None, *, coarsest=YEAR) -> Q:
    """The rows of :func:`period_ranges` as a query condition."""
    q = Q(period__in=[])  # nothing
    for grain, first, last in period_ranges(start, end, coarsest=coarsest):
        if last is None:
            q |= Q(grain=grain, period__gte=first)
        else:
            q |= Q(grain=grain, period__gte=first, period__lt=last)
    return q


# --- What one raw row contributes ---------------------------------------------------------------


def _card_traits(card):
    yield "birth_year", "" if card["birth_year"] is None else str(card["birth_year"])
    yield "gender", card["gender"] or ""
    yield "mother_tongue", card["mother_tongue"] or ""
    yield "life_situation", card["life_situation"] or ""
    yield "children", str(card["children_count"])
    yield "postal_code", card["postal_code"] or ""


CARD_FIELDS = (
    "registered_at",
    "region_id",
    "issued_by_id",
    "issued_on",
    "valid_until",
    "status",
    "kind",
    "birth_year",
    "gender",
    "mother_tongue",
    "life_situation",
    "children_count",
    "postal_code",
)
USE_FIELDS = ("card_id", "recorded_at", "venue_id", "kind", "children", "undone_at", "group_visit")
EVENT_FIELDS = ("card_id", "action", "at")


def card_cells(card, used=False) -> Counter:
    """A card row's facts (``card``: a dict of CARD_FIELDS; ``used``: it has a counted use)."""
    out = Counter()
    region, unit = card["region_id"], card["issued_by_id"]
    day = local_date(card["registered_at"])
    for grain, period in buckets(day):
        out["registry_cardrollup", (grain, period, region, unit), "registered"] += 1
        if used:
            out["registry_cardrollup", (grain, period, region, unit), "activated"] += 1
    if card["status"] == ACTIVE:
        for grain, period in buckets(card["issued_on"]):
            out["registry_cardrollup", (grain, period, region, unit), "valid_from"] += 1
        for grain, period in buckets(card["valid_until"]):
            out["registry_cardrollup", (grain, period, region, unit), "valid_to"] += 1
    if card["kind"] == PERSONAL:
        for trait, value in _card_traits(card):
            for grain, period in buckets(day):
                out["registry_cardtraitrollup", (grain, period, region, trait, value), "cards"] += 1
            out["registry_cardtraitbyunitrollup", (unit, day, region, trait, value), "cards"] += 1
    return out


def use_cells(use, unit) -> Counter:
    """A use row's own facts (``unit``: the issuing unit of its card). Visits are derived."""
    out = Counter()
    if use["undone_at"] is not None:
        return out
    day = local_date(use["recorded_at"])
    venue, kind, children = use["venue_id"], use["kind"], use["children"]
    for grain, period in buckets(day):
        out["registry_userollup", (grain, period, venue, kind), "uses"] += 1
        out["registry_userollup", (grain, period, venue, kind), "children"] += children
    out["registry_usebyunitrollup", (unit, day, venue, kind), "uses"] += 1
    out["registry_usebyunitrollup", (unit, day, venue, kind), "children"] += children
    out["registry_cardusecount", (use["card_id"],), "uses"] += 1
    return out


def event_cells(event, region, unit) -> Counter:
    out = Counter()
    group = EVENT_GROUPS.get(event["action"])
    if group is not None:
        for grain, period in buckets(local_date(event["at"])):
            out["registry_cardrollup", (grain, period, region, unit), group] += 1
    return out


# --- Derived facts: recomputed for each group visit or card event sequence a write touches ------


def _models(apps=None):
    apps = apps or global_apps
    return (
        apps.get_model("registry", "Card"),
        apps.get_model("registry", "Use"),
        apps.get_model("registry", "CardEvent"),
    )


def derived_cells(entities) -> dict:
    """{entity: Counter of cells} for ("visit", uuid) → group visits and ("events", card id,
    group) → repeats. Two queries at most, whatever the number of entities."""
    Card, Use, CardEvent = _models()
    result = {entity: Counter() for entity in entities}
    visits = [e[1] for e in entities if e[0] == "visit"]
    if visits:
        rows = (
            Use.objects.filter(group_visit__in=visits, undone_at__isnull=True)
            .values_list("group_visit", "recorded_at", "venue_id", "kind", "card__issued_by_id")
            .order_by()
        )
        for visit, recorded_at, venue, kind, unit in rows:
            cells = result["visit", visit]
            day = local_date(recorded_at)
            for grain, period in buckets(day):
                cells["registry_userollup", (grain, period, venue, kind), "visits"] = 1
            cells["registry_usebyunitrollup", (unit, day, venue, kind), "visits"] = 1
    sequences = {(e[1], e[2]) for e in entities if e[0] == "events"}
    if sequences:
        rows = (
            CardEvent.objects.filter(
                card__in={card for card, _group in sequences}, action__in=list(EVENT_GROUPS)
            )
            .values_list("card_id", "action", "at", "card__region_id", "card__issued_by_id")
            .order_by("card_id", "at", "pk")
        )
        previous = {}
        for card, action, at, region, unit in rows:
            group = EVENT_GROUPS[action]
            if (card, group) not in sequences:
                continue
            day = local_date(at)
            before = previous.get((card, group))
            if before is not None:
                key = (day, before, group, region, unit)
                result["events", card, group]["registry_cardeventrepeatrollup", key, "events"] += 1
            previous[card, group] = day
    return result


# --- Collecting and writing deltas --------------------------------------------------------------


class Pending:
    """Deltas not yet written, and the "before" state of every derived entity touched so far."""

    def __init__(self):
        self.deltas = Counter()
        self.before = {}

    def add(self, cells, sign=1):
        for cell, value in cells.items():
            self.deltas[cell] += sign * value

    def touch(self, *entities):
        """Snapshot entities before the first write that may change them (once per entity)."""
        new = [e for e in entities if e not in self.before]
        if new:
            self.before.update(derived_cells(new))

    def flush(self):
        if self.before:
            after = derived_cells(list(self.before))
            for entity, cells in self.before.items():
                self.add(after[entity])
                self.add(cells, -1)
            self.before = {}
        if self.deltas:
            write(self.deltas)
            self.deltas = Counter()


_local = threading.local()


def collecting() -> Pending | None:
    """The Pending of the collecting transaction (:func:`atomic`) this thread is in, if any."""
    return getattr(_local, "pending", None)


@contextlib.contextmanager
def atomic():
    """A transaction whose rollup deltas are written once, sorted, just before it commits.

    Use it for every service write (also as a decorator). Nested uses join the outer one."""
    with transaction.atomic():
        if collecting() is not None:
            yield
            return
        _local.pending = Pending()
        try:
            yield
            pending = _local.pending
        finally:
            _local.pending = None
        pending.flush()


def write(deltas: Counter) -> None:
    """Add the deltas to the rollup rows: one multi-row upsert per table, rows in key order.

    The use counts go first: their upsert returns each card's new count, and a card whose count
    leaves or reaches zero changes its "activated" fact. The upsert locks the count's row, so two
    desks using the same card take turns and each sees the other's count."""
    by_table = _by_table(deltas)
    counts = by_table.pop("registry_cardusecount", {})
    with bound_cursor() as cursor:
        changed = {}
        for rows in _upserts(cursor, "registry_cardusecount", counts, returning=True):
            for card, uses in rows:
                before = uses - counts[(card,)]["uses"]
                if (before > 0) != (uses > 0):
                    changed[card] = 1 if uses > 0 else -1
        if changed:
            Card = global_apps.get_model("registry", "Card")
            for pk, registered_at, region, unit in Card.objects.filter(pk__in=changed).values_list(
                "pk", "registered_at", "region_id", "issued_by_id"
            ):
                cells = by_table.setdefault("registry_cardrollup", {})
                for grain, period in buckets(local_date(registered_at)):
                    cells.setdefault((grain, period, region, unit), Counter())["activated"] += (
                        changed[pk]
                    )
        for table in sorted(by_table):
            for _rows in _upserts(cursor, table, by_table[table]):
                pass


def one_statement_writes() -> bool:
    """Whether a single recorded use is written by :func:`insert_use`: on PostgreSQL, outside a
    collecting :func:`atomic`."""
    return connection.vendor == "postgresql" and collecting() is None


def insert_use(use) -> None:
    """Insert ``use`` (a new, unsaved Use) and add its facts to the rollups, in one PostgreSQL
    statement: the desk's "record use", the registry's most frequent write.

    The same rows change as through the ORM and the signals (:func:`use_cells`, then :func:`write`
    with its "activated" rule): the use, its card's use count, the card's "activated" fact when the
    count leaves zero, then the other rollup tables in :func:`write`'s order, each row in key order.
    One statement instead of a transaction of five round trips (BEGIN, the insert, three upserts,
    COMMIT): PostgreSQL runs it in a transaction of its own (a savepoint inside an outer one), so
    it is written whole or not at all. The receivers of Use's ``post_save`` do not run: the caller
    renews what they would (registry.signals.use_inserted, which stats.datacache follows)."""
    Use, card = type(use), use.card
    q = connection.ops.quote_name
    fields = [f for f in Use._meta.concrete_fields if not f.primary_key]
    params = [f.get_db_prep_save(f.pre_save(use, True), connection) for f in fields]
    columns = ", ".join(q(f.column) for f in fields)  # names from _meta, values all parameters
    placeholders = ", ".join(["%s"] * len(fields))
    insert = f"INSERT INTO {q(Use._meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
    ctes = [f"u AS ({insert} RETURNING {q(Use._meta.pk.column)})"]
    cells = use_cells({name: getattr(use, name) for name in USE_FIELDS}, card.issued_by_id)
    by_table = _by_table(cells)
    uses = by_table.pop("registry_cardusecount")[(card.pk,)]["uses"]
    keys, measures = TABLES["registry_cardusecount"]
    ctes.append(f"c AS ({_upsert_sql('registry_cardusecount', keys, measures, 1)} RETURNING uses)")
    params += [card.pk, uses]
    # The card is "activated" when its count was zero before this write: it now equals the uses.
    keys, measures = TABLES["registry_cardrollup"]
    bucket_rows = buckets(local_date(card.registered_at))
    values = ", ".join(["(%s, %s)"] * len(bucket_rows))
    added = ", ".join("1" if m == "activated" else "0" for m in measures)
    source = (
        f"SELECT v.grain, v.period, %s, %s, {added} FROM (VALUES {values}) AS v(grain, period) "  # noqa: S608
        "CROSS JOIN c WHERE c.uses = %s"
    )
    ctes.append(f"a AS ({_upsert_sql('registry_cardrollup', keys, measures, 0, source=source)})")
    params += [card.region_id, card.issued_by_id]
    params += [v for grain, period in bucket_rows for v in (grain, period)]
    params.append(uses)
    for index, table in enumerate(sorted(by_table)):
        rows = _rows(table, by_table[table])
        keys, measures = TABLES[table]
        ctes.append(f"r{index} AS ({_upsert_sql(table, keys, measures, len(rows))})")
        params += _params(rows)
    sql = f"WITH {', '.join(ctes)} SELECT u.{q(Use._meta.pk.column)} FROM u, c"  # noqa: S608
    # Inside an outer transaction, a savepoint: a refused insert leaves the outer one usable.
    savepoint = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    with savepoint, bound_cursor() as cursor:
        cursor.execute(sql, params)
        (pk,) = cursor.fetchone()
    use.pk = pk
    use._state.adding = False
    use._state.db = connection.alias


def _by_table(deltas) -> dict:
    """``{table: {key: Counter of measures}}`` of the non-zero (table, key, measure) deltas."""
    by_table = {}
    for (table, key, measure), value in deltas.items():
        if value:
            by_table.setdefault(table, {}).setdefault(key, Counter())[measure] += value
    return by_table


def _rows(table, changes) -> list:
    """The rows to upsert into ``table`` for ``{key: Counter of measures}``, in key order."""
    keys, measures = TABLES[table]
    return [
        (*key, *(change[m] for m in measures))
        for key, change in sorted(changes.items())
        if any(change.values())
    ]


def _upserts(cursor, table, changes, returning=False):
    """Upsert ``{key: Counter of measures}`` into ``table`` in chunks, yielding RETURNING rows."""
    keys, measures = TABLES[table]
    rows = _rows(table, changes)
    q = connection.ops.quote_name
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        sql = _upsert_sql(table, keys, measures, len(chunk))
        if returning:
            sql += f" RETURNING {', '.join(q(c) for c in (*keys, *measures))}"
        cursor.execute(sql, _params(chunk))
        yield cursor.fetchall() if returning else []


def _params(rows):
    adapt = connection.ops.adapt_datefield_value
    return [adapt(v) if isinstance(v, datetime.date) else v for row in rows for v in row]


def _upsert_sql(table, keys, measures, count, source=None):
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in (*keys, *measures))
    if source is None:
        row = "(" + ", ".join(["%s"] * (len(keys) + len(measures))) + ")"
        source = "VALUES " + ", ".join([row] * count)
    updates = ", ".join(f"{q(m)} = {q(table)}.{q(m)} + excluded.{q(m)}" for m in measures)
    conflict = ", ".join(q(c) for c in keys)
    return (
        f"INSERT INTO {q(table)} ({columns}) {source} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )


def _pending_for(holder) -> tuple[Pending, bool]:
    """The collecting transaction's Pending, or one kept on ``holder`` (the saved instance, or the
    origin of a delete) and written when that write is done."""
    pending = collecting()
    if pending is not None:
        return pending, False
    pending = getattr(holder, "_rollup_pending", None)
    if pending is None:
        pending = Pending()
        holder._rollup_pending = pending
    return pending, True


# --- Signal receivers ---------------------------------------------------------------------------


def _values(instance, fields, update_fields=None, old=None):
    """The row as it is after the save: the saved fields from the instance, the rest unchanged."""
    row = dict(old or {})
    for name in fields:
        if update_fields is None or old is None or _field_name(name) in update_fields:
            row[name] = getattr(instance, name)
    return row


def _field_name(attname):
    return attname[:-3] if attname.endswith("_id") else attname


def _old_row(model, pk, fields, extra=()):
    return model.objects.filter(pk=pk).values(*fields, *extra).first()


def _used(card_id) -> bool:
    """Whether the card has a counted use (its CardUseCount)."""
    counts = global_apps.get_model("registry", "CardUseCount").objects
    return counts.filter(card_id=card_id, uses__gt=0).exists()


def _card_unit(use):
    field = type(use)._meta.get_field("card")
    if field.is_cached(use):
        return use.card.issued_by_id
    cards = field.related_model.objects.filter(pk=use.card_id)
    return cards.values_list("issued_by_id", flat=True)[0]


def _before_card_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    instance._rollup_old = None
    if instance._state.adding or instance.pk is None:
        return
    old = _old_row(sender, instance.pk, CARD_FIELDS)
    instance._rollup_old = old
    if old is None:
        return
    pending, _now = _pending_for(instance)
    new = _values(instance, CARD_FIELDS, update_fields, old)
    instance._rollup_used = _used(instance.pk)
    moved = any(old[f] != new[f] for f in ("region_id", "issued_by_id"))
    instance._rollup_moved = moved
    if moved:
        # A correction of the card's region or unit moves its uses and events too.
        Card, Use, CardEvent = _models()
        uses = list(Use.objects.filter(card_id=instance.pk).values(*USE_FIELDS))
        events = list(CardEvent.objects.filter(card_id=instance.pk).values(*EVENT_FIELDS))
        pending.touch(
            *{("visit", u["group_visit"]) for u in uses if u["group_visit"]},
            *{("events", instance.pk, group) for group in set(EVENT_GROUPS.values())},
        )
        for use in uses:
            pending.add(use_cells(use, old["issued_by_id"]), -1)
        for event in events:
            pending.add(event_cells(event, old["region_id"], old["issued_by_id"]), -1)
        instance._rollup_moved = (uses, events)


def _after_card_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    old = getattr(instance, "_rollup_old", None)
    new = _values(instance, CARD_FIELDS, update_fields, old)
    pending, now = _pending_for(instance)
    used = getattr(instance, "_rollup_used", False) if old is not None else False
    pending.add(card_cells(new, used))
    if old is not None:
        pending.add(card_cells(old, used), -1)
    moved = getattr(instance, "_rollup_moved", None)
    if moved:
        uses, events = moved
        for use in uses:
            pending.add(use_cells(use, new["issued_by_id"]))
        for event in events:
            pending.add(event_cells(event, new["region_id"], new["issued_by_id"]))
    instance._rollup_old = instance._rollup_moved = instance._rollup_used = None
    if now:
        pending.flush()


def _before_use_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    instance._rollup_old = None
    pending, _now = _pending_for(instance)
    entities = [("visit", instance.group_visit)] if instance.group_visit else []
    if not instance._state.adding and instance.pk is not None:
        old = _old_row(sender, instance.pk, USE_FIELDS, ("card__issued_by_id",))
        instance._rollup_old = old
        if old is not None and old["group_visit"]:
            entities.append(("visit", old["group_visit"]))
    pending.touch(*entities)


def _after_use_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    old = getattr(instance, "_rollup_old", None)
    new = _values(instance, USE_FIELDS, update_fields, old)
    pending, now = _pending_for(instance)
    if old is not None:
        pending.add(use_cells(old, old["card__issued_by_id"]), -1)
    if old is not None and new["card_id"] == old["card_id"]:
        unit = old["card__issued_by_id"]
    else:
        unit = _card_unit(instance)
    pending.add(use_cells(new, unit))
    instance._rollup_old = None
    if now:
        pending.flush()


def _before_event_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    instance._rollup_old = None
    if not instance._state.adding and instance.pk is not None:
        instance._rollup_old = _old_row(
            sender, instance.pk, EVENT_FIELDS, ("card__region_id", "card__issued_by_id")
        )
    groups = {EVENT_GROUPS.get(instance.action)}
    old = instance._rollup_old
    if old is not None:
        groups.add(EVENT_GROUPS.get(old["action"]))
    pending, _now = _pending_for(instance)
    pending.touch(*[("events", instance.card_id, g) for g in groups if g])
    if old is not None and old["card_id"] != instance.card_id:
        pending.touch(*[("events", old["card_id"], g) for g in groups if g])


def _after_event_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    old = getattr(instance, "_rollup_old", None)
    new = _values(instance, EVENT_FIELDS, update_fields, old)
    pending, now = _pending_for(instance)
    if old is not None:
        pending.add(event_cells(old, old["card__region_id"], old["card__issued_by_id"]), -1)
    if sender._meta.get_field("card").is_cached(instance):
        region, unit = instance.card.region_id, instance.card.issued_by_id
    else:
        cards = sender._meta.get_field("card").related_model.objects
        region, unit = cards.filter(pk=new["card_id"]).values_list("region_id", "issued_by_id")[0]
    pending.add(event_cells(new, region, unit))
    instance._rollup_old = None
    if now:
        pending.flush()


def _before_delete(sender, instance, origin=None, **kwargs):
    """Snapshot what the delete takes away; written after the rows are gone (``_after_delete``)."""
    holder = origin if origin is not None else instance
    pending, _now = _pending_for(holder)
    Card, Use, CardEvent = _models()
    if sender is Card:
        row = _old_row(Card, instance.pk, CARD_FIELDS)
        if row is not None:
            pending.add(card_cells(row, _used(instance.pk)), -1)
    elif sender is Use:
        row = _old_row(Use, instance.pk, USE_FIELDS, ("card__issued_by_id",))
        if row is not None:
            pending.add(use_cells(row, row["card__issued_by_id"]), -1)
            if row["group_visit"]:
                pending.touch(("visit", row["group_visit"]))
    elif sender is CardEvent:
        row = _old_row(
            CardEvent, instance.pk, EVENT_FIELDS, ("card__region_id", "card__issued_by_id")
        )
        if row is not None:
            pending.add(event_cells(row, row["card__region_id"], row["card__issued_by_id"]), -1)
            group = EVENT_GROUPS.get(row["action"])
            if group:
                pending.touch(("events", row["card_id"], group))


def _after_delete(sender, instance, origin=None, **kwargs):
    holder = origin if origin is not None else instance
    pending, now = _pending_for(holder)
    if now:
        pending.flush()


def connect():
    """Connect the receivers (RegistryConfig.ready)."""
    Card, Use, CardEvent = _models()
    for model, before, after in (
        (Card, _before_card_save, _after_card_save),
        (Use, _before_use_save, _after_use_save),
        (CardEvent, _before_event_save, _after_event_save),
    ):
        uid = f"kaiku-rollups-{model.__name__}"
        pre_save.connect(before, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(after, sender=model, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"{uid}-post-delete")


# --- Rebuild ------------------------------------------------------------------------------------


def _insert_select(cursor, table, queryset, constants=()):
    """Add the rows of an aggregate ``queryset`` to ``table``, all in the database.

    The queryset's SELECT names each key column ``k_<column>`` and each measure ``m_<measure>``
    (missing measures add 0); ``constants``: (column, value) pairs for the other key columns."""
    keys, measures = TABLES[table]
    sql, params = queryset.query.sql_with_params()
    q = connection.ops.quote_name
    constants = dict(constants)
    names = set(queryset.query.values_select) | set(queryset.query.annotation_select)
    select = ["%s" if c in constants else q(f"k_{c}") for c in keys]
    select += [q(f"m_{m}") if f"m_{m}" in names else "0" for m in measures]
    # The WHERE clause keeps SQLite from reading ON CONFLICT as a join constraint.
    source = f"SELECT {', '.join(select)} FROM ({sql}) {q('src')} WHERE 1 = 1"  # noqa: S608
    cursor.execute(
        _upsert_sql(table, keys, measures, 0, source=source),
        [*(constants[c] for c in keys if c in constants), *params],
    )


def _insert_repeats(cursor, events, group):
    """Count the events with a previous event of the same card (``k_previous``) per key."""
    keys, measures = TABLES["registry_cardeventrepeatrollup"]
    q = connection.ops.quote_name
    sql, params = events.query.sql_with_params()
    columns = [q(f"k_{c}") for c in keys if c != "action"]
    grouped = ", ".join(columns)
    select = ", ".join([*columns[:2], "%s", *columns[2:]])
    # Only constant aliases are formatted in; every value is a parameter.
    source = f"SELECT {select}, COUNT(*) FROM ({sql}) {q('src')} WHERE {columns[1]} IS NOT NULL "  # noqa: S608
    source += f"GROUP BY {grouped}"
    cursor.execute(
        _upsert_sql("registry_cardeventrepeatrollup", keys, measures, 0, source=source),
        [group, *params],
    )


def rebuild(apps=None, stdout=None) -> dict:
    """Recompute every rollup table from the raw rows, in one transaction. Idempotent.

    ``apps``: a migration's app registry (the data migration) or the live one. Returns the number
    of rows per table."""
    apps = apps or global_apps
    Card, Use, CardEvent = _models(apps)
    tz = timezone.get_default_timezone()
    counted = Use.objects.filter(undone_at__isnull=True)
    q = connection.ops.quote_name

    def day(field):
        return TruncDate(field, tzinfo=tz)

    def log(message):
        if stdout is not None:
            stdout.write(message)

    with transaction.atomic(), connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DELETE FROM {q(table)}")  # noqa: S608 (names from TABLES)

        use_measures = {
            "m_uses": Count("pk"),
            "m_children": Coalesce(Sum("children"), 0),
            "m_visits": Count("group_visit", distinct=True),
        }
        use_keys = {
            "k_period": day("recorded_at"),
            "k_venue_id": F("venue_id"),
            "k_kind": F("kind"),
        }
        qs = counted.values(**use_keys).order_by().annotate(**use_measures)
        _insert_select(cursor, "registry_userollup", qs, [("grain", DAY)])
        qs = (
            counted.values(k_issued_by_id=F("card__issued_by_id"), **use_keys)
            .order_by()
            .annotate(**use_measures)
        )
        _insert_select(cursor, "registry_usebyunitrollup", qs)
        qs = counted.values(k_card_id=F("card_id")).order_by().annotate(m_uses=Count("pk"))
        _insert_select(cursor, "registry_cardusecount", qs)
        log("uses: days")

        used = Exists(counted.filter(card=OuterRef("pk")))
        by_card = {"k_region_id": F("region_id"), "k_issued_by_id": F("issued_by_id")}
        for measure, cards, period in (
            ("registered", Card.objects.all(), day("registered_at")),
            ("activated", Card.objects.filter(used), day("registered_at")),
            ("valid_from", Card.objects.filter(status=ACTIVE), F("issued_on")),
            ("valid_to", Card.objects.filter(status=ACTIVE), F("valid_until")),
        ):
            qs = (
                cards.values(k_period=period, **by_card)
                .order_by()
                .annotate(**{f"m_{measure}": Count("pk")})
            )
            _insert_select(cursor, "registry_cardrollup", qs, [("grain", DAY)])
        by_event_card = {
            "k_region_id": F("card__region_id"),
            "k_issued_by_id": F("card__issued_by_id"),
        }
        for group in (EXTENDED, ENDED):
            actions = [a for a, g in EVENT_GROUPS.items() if g == group]
            events = CardEvent.objects.filter(action__in=actions)
            qs = (
                events.values(k_period=day("at"), **by_event_card)
                .order_by()
                .annotate(**{f"m_{group}": Count("pk")})
            )
            _insert_select(cursor, "registry_cardrollup", qs, [("grain", DAY)])
            # Repeats: each event whose card had an earlier event of the same group.
            previous = Window(
                Lag(day("at")), partition_by=[F("card_id")], order_by=[F("at").asc(), F("pk").asc()]
            )
            inner = (
                events.annotate(k_period=day("at"), k_previous=previous)
                .values("k_period", "k_previous", **by_event_card)
                .order_by()
            )
            _insert_repeats(cursor, inner, group)
        log("cards: days")

        personal = Card.objects.filter(kind=PERSONAL)
        trait_values = {
            "birth_year": Coalesce(Cast("birth_year", output_field=CharField()), Value("")),
            "gender": F("gender"),
            "mother_tongue": F("mother_tongue"),
            "life_situation": F("life_situation"),
            "children": Cast("children_count", output_field=CharField()),
            "postal_code": F("postal_code"),
        }
        for trait, value in trait_values.items():
            by_trait = {
                "k_period": day("registered_at"),
                "k_region_id": F("region_id"),
                "k_value": value,
            }
            qs = personal.values(**by_trait).order_by().annotate(m_cards=Count("pk"))
            _insert_select(
                cursor, "registry_cardtraitrollup", qs, [("grain", DAY), ("trait", trait)]
            )
            qs = (
                personal.values(k_issued_by_id=F("issued_by_id"), **by_trait)
                .order_by()
                .annotate(m_cards=Count("pk"))
            )
            _insert_select(cursor, "registry_cardtraitbyunitrollup", qs, [("trait", trait)])
        log("card traits: days")

        for model_name, table in (
            ("UseRollup", "registry_userollup"),
            ("CardRollup", "registry_cardrollup"),
            ("CardTraitRollup", "registry_cardtraitrollup"),
        ):
            Model = apps.get_model("registry", model_name)
            keys, measures = TABLES[table]
            others = {f"k_{c}": F(c) for c in keys if c not in ("grain", "period")}
            for grain, trunc in ((MONTH, TruncMonth), (YEAR, TruncYear)):
                qs = (
                    Model.objects.filter(grain=DAY)
                    .values(k_period=trunc("period"), **others)
                    .order_by()
                    .annotate(**{f"m_{m}": Sum(m) for m in measures})
                )
                _insert_select(cursor, table, qs, [("grain", grain)])
        log("months and years")

        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {q(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def build_for_migration(apps, schema_editor):
    """A data migration's step: rebuild when there is something to roll up and every rollup
    table exists yet (a later migration that adds a table rebuilds again)."""
    Card = apps.get_model("registry", "Card")
    tables = set(schema_editor.connection.introspection.table_names())
    if set(TABLES) <= tables and Card.objects.exists():
        rebuild(apps)


def snapshot() -> dict:
    """{table: {key: measures}} of every non-zero row (a row of zeros is the same as no row)."""
    q = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for table, (keys, measures) in TABLES.items():
            columns = ", ".join(q(c) for c in (*keys, *measures))
            cursor.execute(f"SELECT {columns} FROM {q(table)}")  # noqa: S608 (names from TABLES)
            rows = {}
            for row in cursor.fetchall():
                key, values = row[: len(keys)], tuple(row[len(keys) :])
                if any(values):
                    rows[tuple(str(k) for k in key)] = values
            result[table] = rows
    return result
