"""When was a partner's listing last checked (issue 21.2)?

A listing is checked when a change to it is published (Wagtail's `last_published_at`) or when its
contact person confirms it is still correct (`reconfirmed_at`, set from the yearly reminder's link,
partners.reminders). The later of the two is the date the public pages show. Not checked for
18 months: the finder and the page say the information may be out of date (the listing stays).
"""

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Months without a check before each step (issue 21.2).
OUT_OF_DATE_MONTHS = 18  # the public marker
REMIND_MONTHS = 11  # the yearly reminder e-mail
DIGEST_MONTHS = 12  # the coordinators' weekly digest and the admin report's filter


def months_before(day, months):
    """The same day `months` months earlier (the month's last day where it has fewer days)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class CheckedListing(models.Model):
    """A partner page whose information has a "checked on" date."""

    reconfirmed_at = models.DateField(
        _("confirmed as correct on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The day the contact person last said the listing is still correct."),
    )

    class Meta:
        abstract = True

    @property
    def checked_on(self):
        """The later of the last published change and the last confirmation, or None."""
        published = timezone.localdate(self.last_published_at) if self.last_published_at else None
        dates = [d for d in (published, self.reconfirmed_at) if d is not None]
        return max(dates) if dates else None

    @property
    def may_be_out_of_date(self):
        checked = self.checked_on
        return checked is None or checked <= months_before(timezone.localdate(), OUT_OF_DATE_MONTHS)

    @property
    def reminder_email(self):
        """Where the yearly reminder goes: the contact person's e-mail (a distributor has only
        its public e-mail, which reaches the unit)."""
        return getattr(self, "contact_email", "") or getattr(self, "public_email", "")

    def with_content_json(self, content):
        # The confirmation is not content: a revision made before it (a draft, a page published
        # later from an older draft) must not carry an older date back.
        obj = super().with_content_json(content)
        obj.reconfirmed_at = self.reconfirmed_at
        return obj


def checked_on_expression():
    """The checked-on date in SQL (GREATEST ignores NULLs on PostgreSQL but not on SQLite, so
    each side falls back to the other)."""
    published = TruncDate("last_published_at")
    return Greatest(
        Coalesce(published, "reconfirmed_at"),
        Coalesce("reconfirmed_at", published),
        output_field=models.DateField(),
    )


class SentNotice(models.Model):
    """One reminder or digest sent: at most one of a kind per page (or region) a day, recorded
    before the e-mail goes (partners.reminders), so that running the command twice sends once."""

    class Kind(models.TextChoices):
        YEARLY_CHECK = "yearly_check", _("yearly check of a listing")
        WEEKLY_DIGEST = "weekly_digest", _("coordinators' weekly digest")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"))
    used_on = models.DateField(_("link used on"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "kind", "sent_on"],
                condition=Q(page__isnull=False),
                name="one_notice_per_page_kind_day",
            ),
            models.UniqueConstraint(
                fields=["region", "kind", "sent_on"],
                condition=Q(region__isnull=False),
                name="one_notice_per_region_kind_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sent_on}"
