"""Shared pieces of the fuzz tests: hypothesis settings, per-example isolation, row counts and the
checks every form answer must pass."""

import os
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import translation
from django.utils.html import escape

import pytest
from hypothesis import HealthCheck, settings

from tests.registry.conftest import (  # noqa: F401  (fixtures shared with the registry tests)
    agency,
    batch,
    community_card,
    expired_card,
    family_card,
    free_number,
    kainuu,
    kainuu_batch,
    lappi,
    make_card,
    other_region,
    other_unit,
    other_venue,
    region,
    today,
    unit,
    users,
    venue,
)

# Each example is one or a few real requests (a desk page renders in 0.1–0.2 s), so the counts stay
# moderate: the whole package runs in about two minutes. FUZZ_EXAMPLES=500 explores deeper. In CI
# (CI=true) the examples are derandomised, so a run is reproducible; locally every run explores new
# input. No example database is written (nothing to ignore in git, nothing shared).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[
        # One client and its data per test; each example runs in its own rolled-back savepoint.
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in English, the source language (URLs get the /en/ prefix)."""
    with translation.override("en"):
        yield


class _Rollback(Exception):
    pass


@contextmanager
def isolated():
    """One example: an empty cache (rate limits, throttles) and a savepoint rolled back at the end,
    so every example starts from the same data and a failing one can be replayed alone."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _watched():
    from wagtail.models import ModelLogEntry

    from materials.models import Commitment
    from registry.models import Card, CardBatch, CardEvent, Membership, Organisation, Use
    from stats.audit import EXPORT_ACTION

    return {
        "Card": Card.objects.all(),
        "CardEvent": CardEvent.objects.all(),
        "Use": Use.objects.all(),
        "UndoneUse": Use.objects.filter(undone_at__isnull=False),
        "CardBatch": CardBatch.objects.all(),
        "Organisation": Organisation.objects.all(),
        "User": get_user_model().objects.all(),
        "Membership": Membership.objects.all(),
        "Commitment": Commitment.objects.all(),
        "ExportLog": ModelLogEntry.objects.filter(action=EXPORT_ACTION),
    }


def counts() -> dict:
    return {name: qs.count() for name, qs in _watched().items()}


def assert_writes(before: dict, expected: dict | None = None):
    """Rows added since `before`: exactly `expected` (model name → rows), and nothing else."""
    after = counts()
    added = {name: after[name] - before[name] for name in after}
    wanted = {name: (expected or {}).get(name, 0) for name in after}
    assert added == wanted, f"rows written {added}, expected {wanted}"


def assert_no_server_error(response):
    assert response.status_code < 500, f"server error {response.status_code}"


def page_text(response) -> str:
    return response.content.decode(response.charset or "utf-8")


def assert_errors_shown(response, form):
    """The re-rendered form says what is wrong: every error message of the form is on the page."""
    assert form.is_bound and form.errors, "the form was re-rendered without an error"
    html = page_text(response)
    for field, messages in form.errors.items():
        for message in messages:
            assert escape(message) in html, f"error of {field!r} not shown: {message!r}"


def assert_values_kept(response, form, data, names):
    """What the user typed in these fields is in the form again (sent once, as text)."""
    html = page_text(response)
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value:
            assert escape(value) in html, f"typed value of {form.add_prefix(name)!r} was lost"


def prefixed(form_class, data):
    prefix = getattr(form_class, "prefix", None)
    if not prefix:
        return data
    return {f"{prefix}-{name}": value for name, value in data.items()}


@pytest.fixture
def login(client):
    """`login(user)`: the test client signed in (with the second factor, see tests/otp.py)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
