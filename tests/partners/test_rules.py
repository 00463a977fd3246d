"""The national cap rules (DOMAIN.md, "Venues and what they must offer") at every boundary."""

import pytest

from partners import rules
from partners.rules import CapKind, cap_is_allowed, check_cap

SHOW, COURSE, POOL, VISITING = (
    CapKind.SHOW,
    CapKind.COURSE,
    CapKind.SWIMMING_HALL,
    CapKind.VISITING_PRODUCER,
)


def refused_by(kind, cap, **kw):
    problems = check_cap(kind, cap, **kw)
    assert problems, f"{kind} cap {cap} {kw} should be refused"
    return problems[0]


@pytest.mark.parametrize(
    ("audience", "cap", "allowed"),
    [
        # default: at least 5 % of the tickets (5 % of 200 = 10)
        (200, 9, False),
        (200, 10, True),
        (201, 10, False),  # 5 % of 201 = 10.05, rounded up to 11
        (201, 11, True),
        (100, 4, False),
        (100, 5, True),
        # small shows, at most 50 people: 2
        (50, 2, True),
        (50, 1, False),
        (51, 2, False),  # 5 % of 51 rounded up is 3
        (51, 3, True),
        (11, 1, True),  # 5 % of 11 rounds up to 1, below the small-show 2
        (11, 0, False),
        # tiny shows, at most 10 people: 0-1
        (10, 0, True),
        (10, 1, True),
        (1, 0, True),
        # mass events, over 1000 people: at least 20
        (1000, 20, False),  # 1000 is not over 1000: 5 % = 50
        (1000, 49, False),
        (1000, 50, True),
        (1001, 19, False),
        (1001, 20, True),
        (25000, 20, True),
        # a cap is never more than the tickets
        (10, 11, False),
        (200, 200, True),
    ],
)
def test_show_caps(audience, cap, allowed):
    assert cap_is_allowed(SHOW, cap, audience=audience) is allowed


@pytest.mark.parametrize(
    ("audience", "cap", "rule"),
    [
        (200, 9, rules.RULE_DEFAULT),
        (51, 2, rules.RULE_DEFAULT),
        (50, 1, rules.RULE_SMALL_SHOW),
        (11, 0, rules.RULE_SMALL_SHOW),
        (1000, 20, rules.RULE_DEFAULT),
        (1001, 19, rules.RULE_MASS_EVENT),
        (10, 11, rules.RULE_SIZE),
    ],
)
def test_show_refusals_name_the_rule(audience, cap, rule):
    problem = refused_by(SHOW, cap, audience=audience)
    assert problem.rule == rule
    assert str(rule) in str(problem.message)
    assert problem.field == "cap"


def test_default_rule_message_gives_the_minimum():
    problem = refused_by(SHOW, 9, audience=200)
    assert "10" in str(problem.message) and "200" in str(problem.message)


def test_show_needs_its_audience():
    problem = refused_by(SHOW, 5)
    assert problem.field == "audience"
    assert refused_by(SHOW, 5, audience=0).field == "audience"


@pytest.mark.parametrize(
    ("places", "cap", "allowed"),
    [
        (None, 1, False),
        (None, 2, True),
        (16, 1, False),
        (16, 2, True),
        (100, 1, False),  # 2 places, not 5 %
        (100, 2, True),
        (12, 3, True),
        (1, 1, True),  # a one-place course
        (2, 3, False),
    ],
)
def test_course_caps(places, cap, allowed):
    # Courses have their own rule: 2 places per course.
    assert cap_is_allowed(COURSE, cap, audience=places) is allowed


def test_course_refusal_names_the_rule():
    assert refused_by(COURSE, 1).rule == rules.RULE_COURSE


@pytest.mark.parametrize(
    ("lanes", "cap", "allowed"),
    [
        # 5 or more lanes: 20 visits a day
        (5, 19, False),
        (5, 20, True),
        (8, 40, True),
        # at most 4 lanes: 5-10 visits a day
        (4, 4, False),
        (4, 5, True),
        (4, 10, True),
        (4, 11, False),
        (4, 20, False),
        (1, 5, True),
    ],
)
def test_swimming_hall_caps(lanes, cap, allowed):
    assert cap_is_allowed(POOL, cap, lanes=lanes) is allowed


def test_swimming_hall_refusals_name_the_rule():
    assert refused_by(POOL, 19, lanes=5).rule == rules.RULE_BIG_POOL
    assert refused_by(POOL, 11, lanes=4).rule == rules.RULE_SMALL_POOL
    assert refused_by(POOL, 4, lanes=4).rule == rules.RULE_SMALL_POOL
    assert refused_by(POOL, 10).field == "lanes"


@pytest.mark.parametrize(
    ("cap", "allowed"), [(1, False), (2, True), (5, True), (10, True), (11, False)]
)
def test_visiting_producer_caps(cap, allowed):
    assert cap_is_allowed(VISITING, cap) is allowed
    if not allowed:
        assert refused_by(VISITING, cap).rule == rules.RULE_VISITING


def test_missing_or_negative_cap_and_unknown_kind():
    assert refused_by(SHOW, None, audience=100).field == "cap"
    assert refused_by(SHOW, -1, audience=100).field == "cap"
    assert refused_by("quota", 5).field == "kind"


def test_messages_are_translated():
    from django.utils import translation

    with translation.override("fi"):
        fi = str(refused_by(SHOW, 9, audience=200).message)
    with translation.override("sv"):
        sv = str(refused_by(SHOW, 9, audience=200).message)
    with translation.override("en"):
        en = str(refused_by(SHOW, 9, audience=200).message)
    assert en.startswith("Rule")
    assert fi != en and sv != en and fi != sv
