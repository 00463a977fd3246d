"""The figures' one source: six summaries of the registry's raw rows by calendar month.

Design
------
Every published figure is a sum over one of these summaries (or, for the few figures that are not
sums, a count over indexed raw rows: see stats.queries). Each summary is a database **view**
defined in SQL by the migration ``stats/migrations/0001_facts.py`` (and 0002):

- :class:`UseMonth`: counted (not undone) uses per month × venue × kind, with children's tickets and
  distinct group visits (a visit is one moment at one venue, so it lies in one month);
- :class:`UnitUseMonth`: the same per issuing unit of the card as well (a unit's dashboard, and the
  filter "cards of this distributor"); :class:`UseGroupMonth`: per venue region and category only
  (the public tables);
- :class:`CardMonth`: cards registered per month × region × issuing unit, and of those the cards
  used at least once ("activated");
- :class:`TraitMonth` and :class:`RegionTraitMonth`: personal cards registered per month × region
  (× unit) × one background trait's value. Traits are counted one at a time, never crossed.

On **PostgreSQL** (production, CI) they are *materialized* views, refreshed together by
:func:`refresh` (``manage.py refresh_stats``, run every ``STATS_REFRESH_MINUTES`` by the scheduler:
README, "Scheduled jobs") in one repeatable-read transaction, so all of them show the same moment.
``REFRESH … CONCURRENTLY`` lets readers go on reading the previous figures meanwhile. The pages say
"Figures as of 14:05; they are updated every 15 minutes" (:func:`as_of`). That staleness is
acceptable for every dashboard: the figures are reported by month and year, the desks show their
own records from the raw rows, and nobody decides anything on the last quarter of an hour.

On **SQLite** (the demo) they are plain views, computed from the raw rows at each read: always
current, and fast enough at demo scale.

Nothing writes to them but the database itself, so no write path (the ORM, bulk writes, raw SQL,
COPY, the demo loader) can leave them wrong after a refresh. tests/registry/test_facts.py drives
random writes, refreshes, and compares every figure with a computation from the raw rows
(tests/registry/stats_reference.py). Measured at full scale (1 M cards, 10 M uses): bench/RESULTS.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

# In the order they are refreshed.
VIEWS = ("stats_uses", "stats_unituses", "stats_usegroups", "stats_cards", "stats_traits")
VIEWS += ("stats_regiontraits",)  # after stats_traits, which it reads


def _key(to):
    return models.ForeignKey(to, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")


class _View(models.Model):
    """A row of a view: read only, its key every column but the counts."""

    class Meta:
        abstract = True
        managed = False

    def __str__(self):
        return f"{self._meta.db_table} {self.pk}"


class _Uses(_View):
    month = models.DateField()  # the month's first day
    venue = _key("registry.Organisation")
    kind = models.CharField(max_length=8)
    uses = models.IntegerField()
    children = models.IntegerField()
    visits = models.IntegerField()

    class Meta(_View.Meta):
        abstract = True


class UseMonth(_Uses):
    pk = models.CompositePrimaryKey("month", "venue", "kind")

    class Meta(_Uses.Meta):
        db_table = "stats_uses"


class UnitUseMonth(_Uses):
    pk = models.CompositePrimaryKey("issued_by", "month", "venue", "kind")
    issued_by = _key("registry.Organisation")

    class Meta(_Uses.Meta):
        db_table = "stats_unituses"


class UseGroupMonth(_View):
    """Counted uses per month × the venue's region and category × kind: the public tables and the
    national and regional dashboards' use figures, a few thousand rows where UseMonth has a quarter
    of a million at full scale (public national table 207 -> 24 ms)."""

    pk = models.CompositePrimaryKey("month", "region", "category", "kind")
    month = models.DateField()
    region = _key("regions.Region")  # None: pop-up venues
    category = models.CharField(max_length=32)
    kind = models.CharField(max_length=8)
    uses = models.IntegerField()
    children = models.IntegerField()
    visits = models.IntegerField()

    class Meta(_View.Meta):
        db_table = "stats_usegroups"


class CardMonth(_View):
    pk = models.CompositePrimaryKey("month", "region", "issued_by")
    month = models.DateField()
    region = _key("regions.Region")
    issued_by = _key("registry.Organisation")
    registered = models.IntegerField()
    activated = models.IntegerField()

    class Meta(_View.Meta):
        db_table = "stats_cards"


class _Traits(_View):
    month = models.DateField()
    region = _key("regions.Region")
    trait = models.CharField(max_length=16)
    value = models.CharField(max_length=16)  # "" when not told
    cards = models.IntegerField()

    class Meta(_View.Meta):
        abstract = True


class TraitMonth(_Traits):
    pk = models.CompositePrimaryKey("issued_by", "month", "region", "trait", "value")
    issued_by = _key("registry.Organisation")

    class Meta(_Traits.Meta):
        db_table = "stats_traits"


class RegionTraitMonth(_Traits):
    pk = models.CompositePrimaryKey("month", "region", "trait", "value")

    class Meta(_Traits.Meta):
        db_table = "stats_regiontraits"


class Refresh(models.Model):
    """When the materialized views were last refreshed (one row)."""

    at = models.DateTimeField()

    class Meta:
        verbose_name = "statistics refresh"

    def __str__(self):
        return f"refreshed {self.at:%Y-%m-%d %H:%M}"


def materialized() -> bool:
    return connection.vendor == "postgresql"


def refresh():
    """Refresh every view from one snapshot of the raw rows (PostgreSQL; nothing to do on SQLite)."""
    if not materialized():
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            if not connection.savepoint_ids:  # the outermost transaction: one snapshot for all
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT statement_timestamp()")  # the snapshot's moment
            (at,) = cursor.fetchone()
            for view in VIEWS:
                cursor.execute(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {view}")  # noqa: S608
        Refresh.objects.update_or_create(pk=1, defaults={"at": at})


def as_of():
    """The moment the figures show: the last refresh, or now where the views are live."""
    if not materialized():
        return timezone.now()
    row = Refresh.objects.filter(pk=1).values_list("at", flat=True).first()
    return row or timezone.now()


def refresh_minutes() -> int:
    return settings.STATS_REFRESH_MINUTES
