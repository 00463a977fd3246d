"""Issue 15, D1: an idempotency key replays its own request only.

The same key with the same request replays the original answer; the same key with a different
request is refused (API: 422, desks: a form error that keeps what was typed and a fresh key); a
rule refusal is never turned into a replay of another request.
"""

import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest

from registry import services
from registry.models import Card, Use

pytestmark = [pytest.mark.django_db]


def record(venue, user, number, key, children=0):
    return services.record_uses(
        venue=venue,
        user=user,
        key=key,
        kind="ticket",
        entries=[services.Entry(number, children)],
    )


def test_same_key_same_request_replays(venue, users, family_card):
    key = uuid.uuid4()
    first = record(venue, users["venue"], family_card.number, key, children=1)
    # Typed differently (lower case, spaces): the same card, the same request.
    again = record(venue, users["venue"], f" {family_card.number.lower()} ", key, children=1)
    assert again.replayed and [u.pk for u in again.uses] == [u.pk for u in first.uses]


def test_same_key_other_card_is_refused_not_replayed(venue, users, family_card, make_card):
    key = uuid.uuid4()
    record(venue, users["venue"], family_card.number, key)
    other = make_card()
    with pytest.raises(services.RegistryError) as error:
        record(venue, users["venue"], other.number, key)
    assert error.value.first.code == "key_mismatch"
    assert not Use.objects.filter(card=other).exists()
    # With a key of its own the corrected request is recorded.
    assert not record(venue, users["venue"], other.number, uuid.uuid4()).replayed
    assert Use.objects.filter(card=other).count() == 1


def test_same_key_other_children_is_refused(venue, users, family_card):
    key = uuid.uuid4()
    record(venue, users["venue"], family_card.number, key, children=0)
    with pytest.raises(services.RegistryError) as error:
        record(venue, users["venue"], family_card.number, key, children=2)
    assert error.value.first.code == "key_mismatch"


def test_expired_card_under_an_old_key_is_refused(venue, users, family_card, expired_card):
    key = uuid.uuid4()
    record(venue, users["venue"], family_card.number, key)
    with pytest.raises(services.RegistryError) as error:
        record(venue, users["venue"], expired_card.number, key)
    assert error.value.first.code == "key_mismatch"
    assert not Use.objects.filter(card=expired_card, idempotency_key=key).exists()


def test_rows_without_a_digest_are_compared_by_their_contents(venue, users, family_card):
    """Uses recorded before digests were kept: the stored rows say what the request was."""
    key = uuid.uuid4()
    record(venue, users["venue"], family_card.number, key, children=1)
    Use.objects.filter(idempotency_key=key).update(request_digest=None)
    assert record(venue, users["venue"], family_card.number, key, children=1).replayed
    with pytest.raises(services.RegistryError) as error:
        record(venue, users["venue"], family_card.number, key, children=0)
    assert error.value.first.code == "key_mismatch"


def test_group_visit_replay_and_mismatch(venue, users, community_card, make_card):
    a, b, c = make_card(), make_card(), make_card()
    key = uuid.uuid4()

    def group(*members):
        return services.record_uses(
            venue=venue,
            user=users["venue"],
            key=key,
            kind="ticket",
            entries=[services.Entry(m.number, 0, f"m{i}") for i, m in enumerate(members)],
            community=services.Entry(community_card.number, 0, "community_number"),
        )

    first = group(a, b)
    assert group(a, b).replayed and len(first.uses) == 3
    with pytest.raises(services.RegistryError) as error:
        group(a, c)
    assert error.value.first.code == "key_mismatch"
    assert not Use.objects.filter(card=c).exists()


def test_too_big_group_is_refused_before_any_lookup(venue, users, community_card):
    members = [services.Entry(f"K{n:09d}", 0, f"m{n}") for n in range(1000)]
    with CaptureQueriesContext(connection) as queries, pytest.raises(services.RegistryError) as e:
        services.record_uses(
            venue=venue,
            user=users["venue"],
            key=uuid.uuid4(),
            kind="ticket",
            entries=members,
            community=services.Entry(community_card.number, 0, "community_number"),
        )
    assert e.value.first.code == "group_too_big"
    assert len(queries) == 0


def test_registration_same_key_other_details_is_refused(unit, users, free_number, today):
    key = uuid.uuid4()
    fields = {
        "kind": "personal",
        "issued_on": today,
        "children_count": 0,
        "postal_code": "87100",
        "birth_year": 1970,
        "valid_until": today.replace(year=today.year + 1),
    }

    def register(number):
        return services.register_card(
            organisation=unit,
            user=users["distributor"],
            number=number,
            idempotency_key=key,
            **fields,
        )

    register(free_number())
    other = free_number()
    with pytest.raises(services.RegistryError) as error:
        register(other)
    assert error.value.first.code == "key_mismatch"
    assert not Card.objects.filter(number=other).exists()


# --- The API --------------------------------------------------------------------------------


def test_api_same_key_different_request_is_422(api, family_card, make_card):
    key = str(uuid.uuid4())
    other = make_card()
    first = api.post(
        "/api/registry/uses/",
        {"number": family_card.number},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert first.status_code == 201
    second = api.post(
        "/api/registry/uses/",
        {"number": other.number, "children": 0},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert second.status_code == 422
    body = second.json()
    assert body["code"] == "idempotency_key_mismatch" and "Idempotency-Key" in body["detail"]
    assert not Use.objects.filter(card=other).exists()
    # The original request under its key still replays the original record.
    again = api.post(
        "/api/registry/uses/",
        {"number": family_card.number},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert again.status_code == 200 and again.json() == first.json()


# --- The desks ------------------------------------------------------------------------------


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_desk_back_correct_and_resend_keeps_the_typing_and_gives_a_new_key(
    client, users, venue, family_card, make_card, english
):
    """A clerk records a card, presses Back, corrects the number and sends the form again."""
    client.force_login(users["venue"])
    target = reverse("registry:venue_record", kwargs={"org": venue.pk})
    key = str(uuid.uuid4())
    data = {"use-number": family_card.number, "use-kind": "ticket", "use-children": "0"}
    assert client.post(target, {**data, "use-idempotency_key": key}).status_code == 302
    corrected = make_card()
    response = client.post(
        target, {**data, "use-number": corrected.number, "use-idempotency_key": key}
    )
    assert response.status_code == 200
    form = response.context["use_form"]
    assert any("already sent with other details" in e for e in form.non_field_errors())
    html = response.content.decode()
    assert f'value="{corrected.number}"' in html  # what was typed is kept
    fresh = form.data["use-idempotency_key"]
    assert fresh != key and f'value="{fresh}"' in html
    assert not Use.objects.filter(card=corrected).exists()
    # Sent again as shown, with its fresh key, the corrected card gets its use.
    assert client.post(
        target, {**data, "use-number": corrected.number, "use-idempotency_key": fresh}
    )
    assert Use.objects.filter(card=corrected).count() == 1


def test_registration_form_same_key_other_number(client, users, unit, free_number, today, english):
    client.force_login(users["distributor"])
    target = reverse("registry:unit_register", kwargs={"org": unit.pk})
    key = str(uuid.uuid4())
    data = {
        "kind": "personal",
        "issued_on": today.isoformat(),
        "valid_until": "",
        "children_count": "0",
        "birth_year": "1975",
        "postal_code": "87100",
        "mother_tongue": "fi",
        "gender": "",
        "life_situation": "",
        "idempotency_key": key,
    }
    first, second = free_number(), free_number()
    assert client.post(target, {**data, "number": first}).status_code == 302
    response = client.post(target, {**data, "number": second})
    assert response.status_code == 200
    form = response.context["form"]
    assert any("already sent with other details" in e for e in form.non_field_errors())
    assert form.data["idempotency_key"] != key
    assert f'value="{second}"' in response.content.decode()
    assert not Card.objects.filter(number=second).exists()
    # The same form sent twice (a double click) still shows the first card.
    again = client.post(target, {**data, "number": first})
    assert again.status_code == 302 and first in again["Location"]
