"""The registry's national rules as plain functions (DOMAIN.md, "The card", "Community card",
"Venues and what they must offer"). Views, forms and the API all ask here.

Each check returns None when the rule holds, or a `Refusal` with a code, a message that says what went
wrong and, for the holder, what they can do.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MINIMUM_AGE = 16
VALIDITY_MONTHS = 12
MAX_CHILDREN = 30  # a sanity bound for typing errors, far above any real family
OLDEST_BIRTH_YEAR = 1900
POSTAL_CODE = re.compile(r"^[0-9]{5}$")


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str
    advice: str = ""

    def __str__(self):
        return str(self.message)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months; the 29th of February becomes the 28th."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def default_valid_until(issued_on: datetime.date, region) -> datetime.date:
    """12 months from issue, or the pilot's end while the region is piloting (DOMAIN.md, "The card")."""
    if region is not None and region.status == "piloting" and region.pilot_ends_on:
        return max(region.pilot_ends_on, issued_on)
    return add_months(issued_on, VALIDITY_MONTHS)


def check_validity_period(issued_on, valid_until, region):
    """A card is valid from its issue day to at most the default end (no longer than 12 months)."""
    if valid_until < issued_on:
        return Refusal(
            "valid_until_before_issue", _("The last valid day is before the issue date.")
        )
    limit = default_valid_until(issued_on, region)
    if valid_until > limit:
        return Refusal(
            "valid_until_too_late",
            _("A card is valid at most until %(date)s.")
            % {"date": date_format(limit, "SHORT_DATE_FORMAT")},
        )
    return None


def check_issue_date(issued_on: datetime.date, today: datetime.date):
    if issued_on > today:
        return Refusal("issued_in_future", _("The issue date cannot be in the future."))
    if issued_on < add_months(today, -VALIDITY_MONTHS):
        return Refusal("issued_too_long_ago", _("The issue date is more than a year ago."))
    return None


def check_birth_year(birth_year: int, issued_on: datetime.date):
    """The holder is at least 16: only the birth year is stored, so the year they turn 16 counts."""
    if birth_year < OLDEST_BIRTH_YEAR or birth_year > issued_on.year:
        return Refusal("birth_year_impossible", _("Check the birth year."))
    if issued_on.year - birth_year < MINIMUM_AGE:
        return Refusal(
            "holder_too_young",
            _(
                "The card is for people aged 16 or over: the holder must be born in %(year)s or earlier."
            )
            % {"year": issued_on.year - MINIMUM_AGE},
        )
    return None


def check_postal_code(postal_code: str):
    if not POSTAL_CODE.match(postal_code or ""):
        return Refusal("postal_code_format", _("A postal code is five digits, for example 87100."))
    return None


# --- At the desk -------------------------------------------------------------------------------


def card_refusal(card, today: datetime.date):
    """Why this card cannot be used today, with what the holder can do; None when it can be used."""
    if card is None:
        return Refusal(
            "unregistered",
            _("This card is not registered."),
            _(
                "The card works only after the unit that gave it has registered it. "
                "Ask the holder to contact that unit."
            ),
        )

    def renew():  # read only for a refusal: a valid card's check never loads its unit
        return _("The holder can renew the card at the unit that issued it: %(unit)s.") % {
            "unit": card.issued_by.name
        }

    if card.status == "withdrawn":
        return Refusal("withdrawn", _("This card has been withdrawn (lost or misused)."), renew())
    if card.status == "ended":
        return Refusal("ended", _("This card has been ended."), renew())
    if card.issued_on > today:
        return Refusal(
            "not_yet_valid",
            _("This card is valid only from %(date)s.")
            % {"date": date_format(card.issued_on, "SHORT_DATE_FORMAT")},
        )
    if card.valid_until < today:
        return Refusal(
            "expired",
            _("This card expired on %(date)s.")
            % {"date": date_format(card.valid_until, "SHORT_DATE_FORMAT")},
            renew(),
        )
    return None


def check_use(card, *, kind: str, children: int, in_group: bool = False):
    """The rules of one use: children's tickets within the card's number, none for courses, no
    community card on a course (DOMAIN.md, "The card", "Community card")."""
    if children < 0:
        return Refusal(
            "children_negative", _("The number of children's tickets cannot be negative.")
        )
    if kind == "course":
        if card.kind == "community":
            return Refusal(
                "community_card_course",
                _("A community card cannot be used for course places."),
                _("Each participant can use their own card for a course place."),
            )
        if children:
            return Refusal(
                "course_children",
                _("Children's tickets are not given for course places."),
                _("The card gives a course place to the holder only."),
            )
    if children > card.children_count:
        counts = {"count": card.children_count, "asked": children}
        message = (
            _("This card allows at most %(count)s children's tickets, not %(asked)s.") % counts
        )
        if card.children_count == 0:
            message = _("This card allows no children's tickets.")
        advice = _("The registry is right when it and the paper card disagree.")
        return Refusal("too_many_children", message, advice)
    if in_group and kind == "course":
        return Refusal("group_course", _("A group visit is for tickets, not course places."))
    return None


def local_date(moment: datetime.datetime) -> datetime.date:
    """The day of a moment in the site's time zone (Finland), whatever time zone is active: the day
    a use may be undone on, and the day every statistic counts it on."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def can_undo(use, *, venue, today: datetime.date, local_date=local_date) -> Refusal | None:
    """Only the venue that recorded a use may undo it, and only on the same day."""
    if use.venue_id != venue.pk:
        return Refusal("undo_other_venue", _("Only the venue that recorded a use can undo it."))
    if use.undone_at is not None:
        return Refusal("undo_already", _("This record has already been undone."))
    if local_date(use.recorded_at) != today:
        return Refusal("undo_too_late", _("A record can be undone only on the day it was made."))
    return None
