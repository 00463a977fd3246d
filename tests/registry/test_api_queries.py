"""The desk API's cost per request: a fixed, small number of queries (guards the hot lookups in
registry/services.py, registry/permissions.py and registry/api.py against regressions)."""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from rest_framework.authtoken.models import Token

from registry.models import Use

pytestmark = [pytest.mark.django_db]


def _statements(queries):
    """The queries, without the transaction's own statements (savepoints differ by backend)."""
    return [
        q["sql"]
        for q in queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT"))
    ]


def test_check_card_takes_one_query_once_the_token_is_known(api, family_card):
    url = f"/api/registry/cards/{family_card.number}/"
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    # DRF's token lookup (the token with its user), the account's memberships, the card with its
    # issuing unit.
    assert len(_statements(queries)) == 3, _statements(queries)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200 and response.json()["valid"]
    assert response["Cache-Control"].startswith("no-store")
    # The token's answer comes from the cache (registry/authentication.py): the card only.
    assert len(_statements(queries)) == 1, _statements(queries)


def test_record_use_takes_a_fixed_number_of_queries(api, agency, family_card):
    """The token, the memberships, the card, then the use: one INSERT (the statistics are views
    over the rows, stats/facts.py, so a use writes nothing else)."""
    payload = {"number": family_card.number, "children": 1}
    with CaptureQueriesContext(connection) as queries:
        response = api.post(
            "/api/registry/uses/", payload, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )
    assert response.status_code == 201
    assert len(_statements(queries)) == 4, _statements(queries)
    key = str(uuid.uuid4())
    with CaptureQueriesContext(connection) as queries:
        first = api.post("/api/registry/uses/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201
    # The token's answer is cached now: two queries fewer.
    assert len(_statements(queries)) == 2, _statements(queries)
    # A resend: the same checks, the insert refused by the key, the original read back.
    with CaptureQueriesContext(connection) as queries:
        again = api.post("/api/registry/uses/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 200 and again.json() == first.json()
    assert len(_statements(queries)) <= 3, _statements(queries)
    assert Use.objects.filter(idempotency_key=key, venue=agency).count() == 1


def test_a_deleted_token_stops_working_at_once(api, users, family_card):
    url = f"/api/registry/cards/{family_card.number}/"
    assert api.get(url).status_code == 200
    Token.objects.filter(user=users["agency"]).delete()
    assert api.get(url).status_code == 401


def test_a_deactivated_account_stops_working_at_once(api, users, family_card):
    url = f"/api/registry/cards/{family_card.number}/"
    assert api.get(url).status_code == 200
    users["agency"].is_active = False
    users["agency"].save(update_fields=["is_active"])
    assert api.get(url).status_code == 401


def test_a_deactivation_saved_whole_stops_the_token_at_once(api, users, family_card):
    """As the admin's account form saves it: every field, no `update_fields`."""
    url = f"/api/registry/cards/{family_card.number}/"
    assert api.get(url).status_code == 200
    user = type(users["agency"]).objects.get(pk=users["agency"].pk)
    user.is_active = False
    user.save()
    assert api.get(url).status_code == 401


@pytest.fixture
def answered(api, users, family_card):
    """The agency's token answered once, so its answer is cached: the answer's cache key, and the
    account as a view that changes it would read it."""
    from registry.authentication import _key

    key = _key(Token.objects.get(user=users["agency"]).key)
    assert api.get(f"/api/registry/cards/{family_card.number}/").status_code == 200
    return key, type(users["agency"]).objects.get(pk=users["agency"].pk)


def test_a_new_password_drops_the_cached_answer(answered):
    from django.core.cache import cache

    key, user = answered
    user.set_password("uusi-salasana-joka-on-pitka")
    user.save()
    assert cache.get(key) is None


def test_a_sign_in_or_another_change_leaves_the_tokens_alone_without_a_query(answered, client):
    """Every sign-in writes `last_login`; that and a new name change no token's answer."""
    from django.core.cache import cache

    key, user = answered
    with CaptureQueriesContext(connection) as queries:
        client.force_login(user)  # django.contrib.auth's update_last_login
        user.first_name = "Uusi"
        user.save()
    tokens = [sql for sql in _statements(queries) if Token._meta.db_table in sql]
    assert tokens == [] and user.last_login is not None
    assert cache.get(key) is not None


def test_a_closed_organisation_stops_working_at_once(api, users, agency, family_card):
    url = f"/api/registry/cards/{family_card.number}/"
    assert api.get(url).status_code == 200
    agency.is_active = False
    agency.save()
    assert api.get(url).status_code == 403


def test_the_cached_answer_holds_no_password_hash_and_names_no_token(api, users, family_card):
    from django.core.cache import cache

    from registry.authentication import _key

    key = Token.objects.get(user=users["agency"]).key
    assert api.get(f"/api/registry/cards/{family_card.number}/").status_code == 200
    user, token, memberships = cache.get(_key(key))
    assert user.pk == users["agency"].pk and "password" in user.get_deferred_fields()
    assert key not in _key(key) and [m.organisation_id for m in memberships]


def test_a_removed_membership_stops_working_at_once(api, users, family_card):
    url = f"/api/registry/cards/{family_card.number}/"
    assert api.get(url).status_code == 200
    users["agency"].registry_memberships.all().delete()
    assert api.get(url).status_code == 403


def test_memberships_read_with_the_token_leave_out_inactive_organisations(api, users, agency):
    """DRF's token lookup (one query), then the account's memberships (one more): an organisation
    that was closed no longer counts, and the rest come in name order."""
    from rest_framework.authentication import TokenAuthentication

    from registry import permissions
    from registry.models import Membership, Organisation

    user = users["agency"]
    closed = Organisation.objects.create(
        name="Aaa suljettu lipputoimisto",
        kind=Organisation.Kind.TICKET_AGENCY,
        region=agency.region,
        is_active=False,
    )
    other = Organisation.objects.create(
        name="Ööö toinen", kind=Organisation.Kind.TICKET_AGENCY, region=agency.region
    )
    Membership.objects.create(user=user, organisation=closed)
    Membership.objects.create(user=user, organisation=other)
    key = Token.objects.get(user=user).key
    with CaptureQueriesContext(connection) as queries:
        found, _token = TokenAuthentication().authenticate_credentials(key)
        primed = [m.organisation.name for m in permissions.memberships(found)]
    assert len(queries) == 2
    assert primed == sorted([agency.name, other.name])


def test_a_token_of_an_account_without_memberships_is_refused_the_desk(api, users, family_card):
    users["agency"].registry_memberships.all().delete()
    response = api.get(f"/api/registry/cards/{family_card.number}/")
    assert response.status_code == 403
