"""Statistics rollups: counts of cards, card events and uses per period bucket, kept exactly equal to
what the raw rows add up to. The statistics pages read these instead of scanning millions of rows.

How they are kept in step, and why each table has the dimensions it has, is explained in
:mod:`registry.rollups`. Only raw columns of the registry's own rows are dimensions here (a card's
region and issuing unit, a use's venue and kind): what comes from an organisation or its public
partner page (a venue's region, category or municipality) is joined when the statistics are read,
so that editing a partner never makes the rollups stale.

Every table is a plain sum table: a row's measures are the sum over the raw rows that fall into its
key. A row whose measures are all zero is the same as no row.
"""

from django.db import models


class Grain(models.TextChoices):
    """The length of a period bucket; ``period`` is the bucket's first day."""

    DAY = "d", "day"
    MONTH = "m", "month"
    YEAR = "y", "year"


class Trait(models.TextChoices):
    """Background data of a personal card, counted one trait at a time (never crossed)."""

    BIRTH_YEAR = "birth_year", "birth year"
    GENDER = "gender", "gender"
    MOTHER_TONGUE = "mother_tongue", "mother tongue"
    LIFE_SITUATION = "life_situation", "life situation"
    CHILDREN = "children", "children"
    POSTAL_CODE = "postal_code", "postal code"


class EndingAction(models.TextChoices):
    """Card events counted as distinct cards over a period (see CardEventRepeatRollup)."""

    EXTENDED = "extended", "extended"
    ENDED = "ended", "ended or withdrawn"


def _key(to):
    """A key column that points at an organisation or a region. No database constraint or index of
    its own: rows exist only for organisations that raw rows protect (PROTECT), the primary key or
    an index below serves the reads, and the desk's upserts stay lean."""
    return models.ForeignKey(
        to, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )


class UseRollup(models.Model):
    """Counted (not undone) uses per period bucket × venue × kind of use.

    ``visits``: distinct group visits among those uses (a group visit is one moment at one venue,
    so it falls into exactly one bucket of each grain)."""

    pk = models.CompositePrimaryKey("grain", "period", "venue", "kind")
    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()
    venue = _key("registry.Organisation")
    kind = models.CharField(max_length=8)
    uses = models.IntegerField(default=0)
    children = models.IntegerField(default=0)
    visits = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["venue", "grain", "period"], name="registry_ru_venue_idx")]

    def __str__(self):
        return f"{self.grain} {self.period} venue {self.venue_id} {self.kind}: {self.uses}"


class UseByUnitRollup(models.Model):
    """Counted uses per day × the card's issuing unit × venue × kind, for the unit dashboards and
    the filter "cards of this distributor". Always read for given units, so one grain is enough.

    ``visits``: distinct group visits with at least one counted use of a card of this unit."""

    pk = models.CompositePrimaryKey("issued_by", "period", "venue", "kind")
    issued_by = _key("registry.Organisation")
    period = models.DateField()
    venue = _key("registry.Organisation")
    kind = models.CharField(max_length=8)
    uses = models.IntegerField(default=0)
    children = models.IntegerField(default=0)
    visits = models.IntegerField(default=0)

    def __str__(self):
        return (
            f"{self.period} unit {self.issued_by_id} venue {self.venue_id} {self.kind}: {self.uses}"
        )


class CardUseCount(models.Model):
    """Counted uses per card. A card is "activated" while it has one (CardRollup.activated); the
    count lets a desk know, in the statement that changes it, whether it made the first use or
    undid the last, even while another desk uses the same card (registry/rollups.py)."""

    card = models.OneToOneField(
        "registry.Card",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    uses = models.IntegerField(default=0)

    def __str__(self):
        return f"card {self.card_id}: {self.uses}"


class CardRollup(models.Model):
    """Cards per period bucket × the card's region × issuing unit. Each measure dates a card by its
    own day:

    - ``registered``: cards registered in the bucket (the local day of ``registered_at``);
    - ``activated``: of those, cards with at least one counted use (at any time; CardUseCount);
    - ``valid_from`` / ``valid_to``: cards with status "active" whose ``issued_on`` /
      ``valid_until`` falls in the bucket. Cards active on a day D are then
      Σ valid_to over [D, ∞) − Σ valid_from over (D, ∞), because issued_on ≤ valid_until;
    - ``extended`` / ``ended``: "extended" / "ended or withdrawn" events in the bucket.
    """

    pk = models.CompositePrimaryKey("grain", "period", "region", "issued_by")
    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()
    region = _key("regions.Region")
    issued_by = _key("registry.Organisation")
    registered = models.IntegerField(default=0)
    activated = models.IntegerField(default=0)
    valid_from = models.IntegerField(default=0)
    valid_to = models.IntegerField(default=0)
    extended = models.IntegerField(default=0)
    ended = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["issued_by", "grain", "period"], name="registry_rc_unit_idx")
        ]

    def __str__(self):
        return f"{self.grain} {self.period} unit {self.issued_by_id}: {self.registered}"


class CardTraitRollup(models.Model):
    """Personal cards registered per period bucket × region × one trait's value."""

    pk = models.CompositePrimaryKey("grain", "period", "region", "trait", "value")
    grain = models.CharField(max_length=1, choices=Grain.choices)
    period = models.DateField()
    region = _key("regions.Region")
    trait = models.CharField(max_length=16, choices=Trait.choices)
    value = models.CharField(max_length=16, blank=True)  # "" when not told
    cards = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.grain} {self.period} {self.trait}={self.value}: {self.cards}"


class CardTraitByUnitRollup(models.Model):
    """Personal cards registered per day × region × issuing unit × one trait's value, for unit
    dashboards and filters by municipality or organisation. Always read for given units."""

    pk = models.CompositePrimaryKey("issued_by", "period", "region", "trait", "value")
    issued_by = _key("registry.Organisation")
    period = models.DateField()
    region = _key("regions.Region")
    trait = models.CharField(max_length=16, choices=Trait.choices)
    value = models.CharField(max_length=16, blank=True)
    cards = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.period} unit {self.issued_by_id} {self.trait}={self.value}: {self.cards}"


class CardEventRepeatRollup(models.Model):
    """Repeated events: per day of an event × the day of the same card's previous event of the same
    action (extended; ended or withdrawn) × region × issuing unit.

    Cards with at least one such event in [start, end] are the events in [start, end] minus the
    repeats whose previous event is also in [start, end] (every card's events but its first there).
    Repeats are rare, so this table stays small."""

    pk = models.CompositePrimaryKey("period", "previous", "action", "region", "issued_by")
    period = models.DateField()
    previous = models.DateField()
    action = models.CharField(max_length=8, choices=EndingAction.choices)
    region = _key("regions.Region")
    issued_by = _key("registry.Organisation")
    events = models.IntegerField(default=0)

    def __str__(self):
        return f"{self.period} after {self.previous} {self.action}: {self.events}"
