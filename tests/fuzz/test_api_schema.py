"""Schemathesis against the registry API's own OpenAPI schema (drf-spectacular, /api/registry/schema/).

Every operation, with positive and negative data generated from the schema, authenticated as a
ticket agency with a DRF token. Each answer must not be a server error, must have a status code the
schema documents, and must match the schema documented for that status and content type.

Throttling: the API's scoped throttles (registry_check 120/min, registry_write 60/min) count in the
cache; the cache is emptied before every generated request, so a run of examples is never answered
with 429 for its speed alone (the throttle code still runs on every request).
"""

import uuid

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import EXAMPLES, FUZZ, isolated

pytestmark = [pytest.mark.django_db]

SCHEMA_PATH = "/api/registry/schema/?format=json"


# The schema as the running application serves it, read once when the module is collected (the
# schema view needs no database). schemathesis' lazy `from_fixture` loader does not run on pytest 9.2.
schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, get_wsgi_application())


@pytest.fixture(autouse=True)
def in_test_transaction():
    """Schemathesis calls the WSGI application in-process, inside the test's transaction. Django's
    test client stops `close_old_connections` from closing that connection at the end of each
    request; do the same here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def agency_token(users):
    token, _ = Token.objects.get_or_create(user=users["agency"])
    return token.key


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@settings(
    FUZZ,
    max_examples=2 * EXAMPLES,  # an API call is cheap (no page to render)
    suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, agency_token):
    cache.clear()  # no 429 from the throttles' counters (see the module docstring)
    with isolated():
        case.call_and_validate(
            headers={"Authorization": f"Token {agency_token}"},
            checks=CHECKS,
        )


def test_recorded_uses_conform_to_the_schema(agency_token, family_card, community_card, make_card):
    """Generated numbers are almost never registered cards: the successful answers (201, and 200
    for a replay) are checked here with real cards, a single use and a group visit."""
    member = make_card()
    operation = schema["/api/registry/uses/"]["POST"]
    bodies = [
        {"number": family_card.number, "children": 1},
        {"community_number": community_card.number, "members": [{"number": member.number}]},
    ]
    for body in bodies:
        key = str(uuid.uuid4())
        for expected in (201, 200):
            cache.clear()
            case = operation.Case(
                body=body,
                media_type="application/json",
                headers={"Idempotency-Key": key, "Authorization": f"Token {agency_token}"},
            )
            response = case.call_and_validate(checks=CHECKS)
            assert response.status_code == expected
