"""Recorded uses of a card at a venue or through a ticket agency."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UseQuerySet(models.QuerySet):
    def counted(self):
        """Uses that count (not undone)."""
        return self.filter(undone_at__isnull=True)


def _where_set(field, name):
    """An index of the rows where `field` is set: most rows leave it NULL."""
    return models.Index(fields=[field], name=name, condition=Q(**{f"{field}__isnull": False}))


class Use(models.Model):
    class Kind(models.TextChoices):
        TICKET = "ticket", _("Ticket")
        COURSE = "course", _("Course place")

    card = models.ForeignKey(
        "registry.Card", verbose_name=_("card"), on_delete=models.PROTECT, related_name="uses"
    )
    venue = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        related_name="recorded_uses",
        db_index=False,  # registry_use_venue_idx (venue, -recorded_at) serves venue lookups
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.TICKET)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children's tickets"), default=0)
    # A group visit: the community card's use and each member's use share one id, and each
    # member's use points at the community card.
    group_visit = models.UUIDField(_("group visit"), null=True, blank=True)
    community_card = models.ForeignKey(
        "registry.Card",
        verbose_name=_("community card"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_member_uses",
        db_index=False,  # a partial index (Meta.indexes): most uses are not in a group
    )
    # The show the ticket is for, when the desk names one (shows/tickets.py keeps the show's
    # count). SET_NULL: deleting a show never blocks an editor, and the use stays counted.
    show = models.ForeignKey(
        "shows.Show",
        verbose_name=_("show"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # a partial index (Meta.indexes): most uses name no show
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # One moment for a whole submission (services.record_uses passes it), so that a group visit
    # never straddles midnight or a month: the statistics count it in one month (stats/facts.py).
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # a partial index (Meta.indexes): few uses are undone
    )
    # One key per record: a double click, a retry or a queued offline record never duplicates.
    idempotency_key = models.UUIDField(_("idempotency key"), unique=True)
    # A fingerprint of the submission that carried the key (registry.services.request_digest): a
    # resend replays this record, the same key with another request is refused. NULL on rows
    # recorded before it was kept: their digest is computed from the stored rows.
    request_digest = models.UUIDField(_("request digest"), null=True, blank=True, editable=False)

    objects = UseQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("use")
        verbose_name_plural = _("uses")
        # Every index costs each recorded use an insertion (ten million rows, desks writing at
        # once): the columns that are mostly NULL are indexed only where they are set, which is
        # what their lookups (and the foreign keys' checks on delete) ask for.
        indexes = [
            models.Index(fields=["venue", "-recorded_at"], name="registry_use_venue_idx"),
            _where_set("group_visit", "registry_use_group_idx"),
            _where_set("community_card", "registry_use_community_idx"),
            _where_set("show", "registry_use_show_idx"),
            _where_set("undone_by", "registry_use_undone_by_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="course") | Q(children=0), name="registry_use_no_course_children"
            ),
            models.CheckConstraint(condition=Q(adults=1), name="registry_use_one_adult"),
        ]

    def __str__(self):
        return f"{self.card} {self.kind} {self.recorded_at:%Y-%m-%d}"

    @property
    def is_undone(self):
        return self.undone_at is not None
