"""The national rules at every boundary (registry/rules.py)."""

import datetime
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from registry import rules
from registry.forms import RegistrationForm

D = datetime.date


def region(status="in_use", pilot_ends_on=None):
    return SimpleNamespace(status=status, pilot_ends_on=pilot_ends_on)


def card(**kw):
    data = {
        "kind": "personal",
        "status": "active",
        "issued_on": D(2025, 1, 1),
        "valid_until": D(2025, 12, 31),
        "children_count": 2,
        "issued_by": SimpleNamespace(name="Kajaanin aikuissosiaalityö"),
    }
    data.update(kw)
    return SimpleNamespace(**data)


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        (D(2025, 3, 15), D(2026, 3, 15)),
        (D(2025, 12, 31), D(2026, 12, 31)),
        (D(2024, 2, 29), D(2025, 2, 28)),  # leap day
        (D(2025, 1, 31), D(2026, 1, 31)),
    ],
)
def test_valid_twelve_months_from_issue(issued, expected):
    assert rules.default_valid_until(issued, region()) == expected
    assert rules.default_valid_until(issued, None) == expected


def test_add_months_clamps_to_month_end():
    assert rules.add_months(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert rules.add_months(D(2025, 3, 31), -1) == D(2025, 2, 28)
    assert rules.add_months(D(2025, 5, 10), -12) == D(2024, 5, 10)


def test_piloting_region_ends_with_the_pilot():
    pilot = region("piloting", D(2025, 6, 30))
    assert rules.default_valid_until(D(2025, 3, 1), pilot) == D(2025, 6, 30)
    # A pilot end before the issue date never makes the card end before it starts.
    assert rules.default_valid_until(D(2025, 7, 1), pilot) == D(2025, 7, 1)
    # Piloting without an end date, or a pilot end on a region in use: 12 months.
    assert rules.default_valid_until(D(2025, 3, 1), region("piloting")) == D(2026, 3, 1)
    assert rules.default_valid_until(D(2025, 3, 1), region("in_use", D(2025, 6, 30))) == D(
        2026, 3, 1
    )


def test_validity_period_boundaries():
    r = region()
    assert rules.check_validity_period(D(2025, 3, 1), D(2026, 3, 1), r) is None
    assert rules.check_validity_period(D(2025, 3, 1), D(2025, 3, 1), r) is None
    assert (
        rules.check_validity_period(D(2025, 3, 1), D(2026, 3, 2), r).code == "valid_until_too_late"
    )
    assert (
        rules.check_validity_period(D(2025, 3, 1), D(2025, 2, 28), r).code
        == "valid_until_before_issue"
    )


def test_issue_date_boundaries():
    today = D(2025, 6, 15)
    assert rules.check_issue_date(today, today) is None
    assert rules.check_issue_date(D(2025, 6, 16), today).code == "issued_in_future"
    assert rules.check_issue_date(D(2024, 6, 15), today) is None
    assert rules.check_issue_date(D(2024, 6, 14), today).code == "issued_too_long_ago"


def test_holder_at_least_sixteen_by_birth_year():
    issued = D(2025, 1, 2)
    assert rules.check_birth_year(2009, issued) is None  # turns 16 in the issue year
    assert rules.check_birth_year(2010, issued).code == "holder_too_young"
    assert "2009" in str(rules.check_birth_year(2010, issued).message)
    assert rules.check_birth_year(1900, issued) is None
    assert rules.check_birth_year(1899, issued).code == "birth_year_impossible"
    assert rules.check_birth_year(2026, issued).code == "birth_year_impossible"


@pytest.mark.parametrize("code", ["87100", "00100", "99999"])
def test_postal_code_five_digits(code):
    assert rules.check_postal_code(code) is None


@pytest.mark.parametrize("code", ["", "8710", "871000", "8710a", " 87100", "87 100", None])
def test_postal_code_refused(code):
    assert rules.check_postal_code(code).code == "postal_code_format"


@pytest.mark.parametrize("count", [0, rules.MAX_CHILDREN, rules.MAX_CHILDREN + 1, -1])
def test_children_count_range(count):
    """The registration form's children field holds the national bound."""
    field = RegistrationForm.base_fields["children_count"]
    if 0 <= count <= rules.MAX_CHILDREN:
        assert field.clean(str(count)) == count
    else:
        with pytest.raises(ValidationError):
            field.clean(str(count))


def test_children_tickets_up_to_the_cards_number():
    c = card(children_count=2)
    assert rules.check_use(c, kind="ticket", children=0) is None
    assert rules.check_use(c, kind="ticket", children=2) is None
    refusal = rules.check_use(c, kind="ticket", children=3)
    assert refusal.code == "too_many_children" and "2" in str(refusal.message)
    assert rules.check_use(card(children_count=0), kind="ticket", children=1).code == (
        "too_many_children"
    )
    assert rules.check_use(c, kind="ticket", children=-1).code == "children_negative"


def test_no_children_for_course_places():
    c = card(children_count=3)
    assert rules.check_use(c, kind="course", children=0) is None
    assert rules.check_use(c, kind="course", children=1).code == "course_children"


def test_community_card_refused_for_course_places():
    c = card(kind="community", children_count=0)
    refusal = rules.check_use(c, kind="course", children=0)
    assert refusal.code == "community_card_course" and refusal.advice
    assert rules.check_use(c, kind="ticket", children=0) is None


def test_card_refusals_say_why_and_what_to_do():
    today = D(2025, 6, 1)
    unregistered = rules.card_refusal(None, today)
    assert unregistered.code == "unregistered" and unregistered.advice
    assert rules.card_refusal(card(valid_until=today), today) is None  # last valid day
    expired = rules.card_refusal(card(valid_until=D(2025, 5, 31)), today)
    assert expired.code == "expired"
    assert "Kajaanin aikuissosiaalityö" in str(expired.advice)  # renew at the issuing unit
    assert rules.card_refusal(card(status="ended"), today).code == "ended"
    assert rules.card_refusal(card(status="withdrawn"), today).code == "withdrawn"
    assert rules.card_refusal(card(issued_on=D(2025, 6, 2)), today).code == "not_yet_valid"
    assert rules.card_refusal(card(issued_on=today), today) is None


def test_undo_only_same_venue_same_day():
    now = timezone.now()
    today = timezone.localdate(now)
    venue = SimpleNamespace(pk=1)
    use = SimpleNamespace(venue_id=1, undone_at=None, recorded_at=now)
    local = timezone.localdate
    assert rules.can_undo(use, venue=venue, today=today, local_date=local) is None
    other = SimpleNamespace(pk=2)
    assert (
        rules.can_undo(use, venue=other, today=today, local_date=local).code == "undo_other_venue"
    )
    tomorrow = today + datetime.timedelta(days=1)
    assert (
        rules.can_undo(use, venue=venue, today=tomorrow, local_date=local).code == "undo_too_late"
    )
    use.undone_at = now
    assert rules.can_undo(use, venue=venue, today=today, local_date=local).code == "undo_already"
