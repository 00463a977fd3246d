"""The national rules for venues' caps (yläraja), as plain functions.

DOMAIN.md, "Venues and what they must offer". A cap is the most card tickets a venue sells per show,
course or day: a maximum, never a quota (cardholders book as early as anyone else). Each rule below
has a name, and every refusal names the rule it breaks so that a coordinator knows what to fix.

A relaxation (small shows, courses, tiny shows, mass events) lowers the floor that the default rule
(at least 5 % of the tickets) sets; a cap that meets the default rule is always allowed, so the floor
for a show is the lower of the two.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The rules, by name as the national operating model states them.
RULE_DEFAULT = _("at least 5 % of a show's tickets")
RULE_SMALL_SHOW = _("2 tickets for shows of at most 50 people")
RULE_TINY_SHOW = _("0–1 tickets for shows of at most 10 people")
RULE_MASS_EVENT = _("at least 20 tickets for events of over 1000 people")
RULE_COURSE = _("2 places per adult-education course")
RULE_BIG_POOL = _("20 visits a day for swimming halls of 5 or more lanes")
RULE_SMALL_POOL = _("5–10 visits a day for swimming halls of at most 4 lanes")
RULE_VISITING = _("2–10 tickets for a visiting producer")
RULE_SIZE = _("a cap cannot exceed the number of tickets or places")

DEFAULT_SHARE_PERCENT = 5
SMALL_SHOW_MAX = 50
SMALL_SHOW_CAP = 2
TINY_SHOW_MAX = 10
TINY_SHOW_CAP = 0
MASS_EVENT_MIN_AUDIENCE = 1001  # "over 1000 people at once"
MASS_EVENT_CAP = 20
COURSE_CAP = 2
BIG_POOL_LANES = 5
BIG_POOL_CAP = 20
SMALL_POOL_RANGE = (5, 10)
VISITING_RANGE = (2, 10)


class CapKind:
    SHOW = "show"
    COURSE = "course"
    SWIMMING_HALL = "swimming_hall"
    VISITING_PRODUCER = "visiting_producer"

    CHOICES = [
        (SHOW, _("Show, concert or event (per show)")),
        (COURSE, _("Adult-education course (per course)")),
        (SWIMMING_HALL, _("Swimming hall (visits per day)")),
        (VISITING_PRODUCER, _("Visiting producer's show (per show)")),
    ]


@dataclass(frozen=True)
class CapProblem:
    """Why a cap is refused: the field to point at, the rule's name and a full message."""

    field: str
    rule: str
    message: str

    def __str__(self):
        return str(self.message)


def default_minimum(tickets: int) -> int:
    """5 % of the tickets, rounded up: 5 % of 200 is 10, of 201 is 11."""
    return math.ceil(tickets * DEFAULT_SHARE_PERCENT / 100)


def show_minimum(audience: int) -> tuple[int, str]:
    """The smallest cap a show of `audience` may have, and the rule that sets it."""
    default = default_minimum(audience)
    if audience <= TINY_SHOW_MAX:
        return min(default, TINY_SHOW_CAP), RULE_TINY_SHOW
    if audience <= SMALL_SHOW_MAX:
        return min(default, SMALL_SHOW_CAP), RULE_SMALL_SHOW
    if audience >= MASS_EVENT_MIN_AUDIENCE:
        return min(default, MASS_EVENT_CAP), RULE_MASS_EVENT
    return default, RULE_DEFAULT


def _need(field, rule, message):
    return [CapProblem(field, rule, message)]


def _size_problem(cap, size):
    if size is not None and cap > size:
        return _need(
            "cap",
            RULE_SIZE,
            _("Rule “%(rule)s”: the cap %(cap)s is more than the %(size)s tickets or places.")
            % {"rule": RULE_SIZE, "cap": cap, "size": size},
        )
    return []


def check_cap(kind: str, cap, *, audience=None, lanes=None) -> list[CapProblem]:
    """Every problem with a cap of `cap` for an offer of `kind`; an empty list means it is allowed.

    `audience` is the number of tickets of a show (or places of a course); `lanes` the lanes of a
    swimming hall.
    """
    if cap is None:
        return _need("cap", "", _("Give the cap: the most card tickets per show, course or day."))
    if cap < 0:
        return _need("cap", "", _("A cap cannot be negative."))

    if kind == CapKind.SHOW:
        if not audience or audience < 1:
            return _need(
                "audience",
                RULE_DEFAULT,
                _("Give the number of tickets of the show: the rules depend on it."),
            )
        minimum, rule = show_minimum(audience)
        if cap < minimum:
            return _need(
                "cap",
                rule,
                _(
                    "Rule “%(rule)s”: a show of %(audience)s people needs a cap of at least "
                    "%(minimum)s card tickets."
                )
                % {"rule": rule, "audience": audience, "minimum": minimum},
            )
        return _size_problem(cap, audience)

    if kind == CapKind.COURSE:
        # Courses have their own rule (not 5 %): 2 places, or every place of a smaller course.
        minimum = COURSE_CAP if not audience else min(audience, COURSE_CAP)
        if cap < minimum:
            return _need(
                "cap",
                RULE_COURSE,
                _("Rule “%(rule)s”: a course needs a cap of at least %(minimum)s places.")
                % {"rule": RULE_COURSE, "minimum": minimum},
            )
        return _size_problem(cap, audience)

    if kind == CapKind.SWIMMING_HALL:
        if not lanes or lanes < 1:
            return _need(
                "lanes",
                RULE_BIG_POOL,
                _("Give the number of lanes of the swimming hall: the rules depend on it."),
            )
        if lanes >= BIG_POOL_LANES:
            if cap < BIG_POOL_CAP:
                return _need(
                    "cap",
                    RULE_BIG_POOL,
                    _(
                        "Rule “%(rule)s”: a swimming hall of %(lanes)s lanes must let at least "
                        "%(minimum)s cardholders swim a day."
                    )
                    % {"rule": RULE_BIG_POOL, "lanes": lanes, "minimum": BIG_POOL_CAP},
                )
            return []
        low, high = SMALL_POOL_RANGE
        if not low <= cap <= high:
            return _need(
                "cap",
                RULE_SMALL_POOL,
                _(
                    "Rule “%(rule)s”: a swimming hall of %(lanes)s lanes sets a cap of "
                    "%(low)s to %(high)s visits a day."
                )
                % {"rule": RULE_SMALL_POOL, "lanes": lanes, "low": low, "high": high},
            )
        return []

    if kind == CapKind.VISITING_PRODUCER:
        low, high = VISITING_RANGE
        if not low <= cap <= high:
            return _need(
                "cap",
                RULE_VISITING,
                _("Rule “%(rule)s”: a visiting producer sets a cap of %(low)s to %(high)s tickets.")
                % {"rule": RULE_VISITING, "low": low, "high": high},
            )
        return _size_problem(cap, audience)

    return _need("kind", "", _("Choose the kind of offer."))


def cap_is_allowed(kind, cap, *, audience=None, lanes=None) -> bool:
    return not check_cap(kind, cap, audience=audience, lanes=lanes)
