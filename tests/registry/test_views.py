"""The desks through the browser's eyes (Django test client), and the permission matrix."""

import uuid

from django.urls import reverse
from django.utils import translation

import pytest

from registry.models import Card, Membership, Organisation, Use
from tests.registry.factories import CardBatchFactory, CardFactory

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English, the source language (URLs get the /en/ prefix)."""
    with translation.override("en"):
        yield


def url(name, **kwargs):
    return reverse(f"registry:{name}", kwargs=kwargs)


def login(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client, unit):
    response = client.get(url("unit_cards", org=unit.pk))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_desk_pages_are_never_cached(client, users, unit):
    response = login(client, users["distributor"]).get(url("unit_cards", org=unit.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_register_a_card(client, users, unit, free_number, today):
    login(client, users["distributor"])
    page = client.get(url("unit_register", org=unit.pk))
    key = page.context["form"].initial["idempotency_key"]
    number = free_number()
    data = {
        "number": f" {number.lower()} ",
        "kind": "personal",
        "issued_on": today.isoformat(),
        "valid_until": "",
        "children_count": "2",
        "birth_year": "1975",
        "postal_code": "87100",
        "mother_tongue": "fi",
        "gender": "",
        "life_situation": "",
        "idempotency_key": str(key),
    }
    response = client.post(url("unit_register", org=unit.pk), data)
    assert response.status_code == 302
    card = Card.objects.get(number=number)
    assert card.issued_by == unit and card.children_count == 2
    # A double click sends the same key: the same card, no error, no duplicate.
    again = client.post(url("unit_register", org=unit.pk), data)
    assert again.status_code == 302 and again["Location"] == response["Location"]
    assert Card.objects.filter(number=number).count() == 1


def test_register_errors_keep_what_was_typed(client, users, unit, free_number, today):
    login(client, users["distributor"])
    number = free_number()
    mistyped = number[:3] + number[4] + number[3] + number[5:]  # two neighbours swapped
    response = client.post(
        url("unit_register", org=unit.pk),
        {
            "number": mistyped,
            "kind": "personal",
            "issued_on": today.isoformat(),
            "children_count": "1",
            "birth_year": str(today.year - 10),
            "postal_code": "8710",
            "idempotency_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "mistyped" in form.errors["number"][0]
    assert "16" in form.errors["birth_year"][0]
    assert "five digits" in form.errors["postal_code"][0]
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_number"' in html
    assert f'value="{mistyped}"' in html
    assert 'inputmode="numeric"' in html and 'autocomplete="off"' in html
    assert not Card.objects.filter(number=mistyped).exists()


def test_required_background_and_community_card(client, users, unit, free_number, today):
    login(client, users["distributor"])
    base = {"issued_on": today.isoformat(), "children_count": "0"}
    response = client.post(
        url("unit_register", org=unit.pk),
        {**base, "number": free_number(), "kind": "personal", "idempotency_key": str(uuid.uuid4())},
    )
    assert set(response.context["form"].errors) == {"birth_year", "postal_code"}
    number = free_number()
    response = client.post(
        url("unit_register", org=unit.pk),
        {
            **base,
            "number": number,
            "kind": "community",
            "community_name": "Kajaanin klubitalo",
            "idempotency_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    assert Card.objects.get(number=number).community_name == "Kajaanin klubitalo"


def test_card_actions(client, users, unit, make_card, free_number):
    card = make_card()
    login(client, users["distributor"])
    response = client.post(
        url("unit_card_action", org=unit.pk, number=card.number, action="withdraw")
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == "withdrawn"
    page = client.get(url("unit_card", org=unit.pk, number=card.number))
    assert (
        "Withdrawn" in page.content.decode() or card.get_status_display() in page.content.decode()
    )
    response = client.post(
        url("unit_reissue", org=unit.pk, number=card.number),
        {"number": free_number(), "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert Card.objects.filter(replaces=card).exists()


def test_venue_check_shows_status_but_no_background_data(
    client, users, venue, family_card, expired_card
):
    """One card-number field: "Check" (a POST, the number kept out of URLs) shows the status and
    keeps the form as typed, with its key, for "Record"; nothing is recorded."""
    login(client, users["venue"])
    target = url("venue_record", org=venue.pk)
    key = str(uuid.uuid4())
    check = {
        "use-number": family_card.number.lower(),
        "use-kind": "ticket",
        "use-children": "0",
        "use-idempotency_key": key,
        "action": "check",
    }
    response = client.post(target, check)
    html = response.content.decode()
    status = response.context["status"]
    assert status["ok"] and status["children_count"] == 2
    for secret in [str(family_card.birth_year), family_card.postal_code]:
        assert secret not in html
    assert f'value="{family_card.number.lower()}"' in html and f'value="{key}"' in html
    assert html.count('name="use-number"') == 1  # one field for the check and the record
    assert not Use.objects.filter(idempotency_key=key).exists()
    response = client.post(target, {**check, "use-number": expired_card.number})
    assert response.context["status"]["refusal"].code == "expired"
    assert expired_card.issued_by.name in response.content.decode()
    response = client.post(target, {**check, "use-number": "K000000199"})
    assert response.context["use_form"].errors["number"]
    # The desk no longer takes a number in its URL.
    response = client.get(url("venue_desk", org=venue.pk), {"number": family_card.number})
    assert "status" not in response.context


def test_children_refusal_is_shown_next_to_the_children(client, users, venue, family_card):
    login(client, users["venue"])
    response = client.post(
        url("venue_record", org=venue.pk),
        {
            "use-number": family_card.number,
            "use-kind": "ticket",
            "use-children": "3",
            "use-idempotency_key": str(uuid.uuid4()),
        },
    )
    form = response.context["use_form"]
    assert "at most 2" in form.errors["children"][0] and "number" not in form.errors


def test_venue_records_and_undoes(client, users, venue, family_card, community_card):
    login(client, users["venue"])
    key = str(uuid.uuid4())
    data = {
        "use-number": family_card.number,
        "use-kind": "ticket",
        "use-children": "2",
        "use-idempotency_key": key,
    }
    assert client.post(url("venue_record", org=venue.pk), data).status_code == 302
    assert client.post(url("venue_record", org=venue.pk), data).status_code == 302  # replay
    assert Use.objects.filter(idempotency_key=key).count() == 1
    refused = client.post(
        url("venue_record", org=venue.pk),
        {**data, "use-children": "3", "use-idempotency_key": str(uuid.uuid4())},
    )
    assert refused.status_code == 200 and "at most 2" in refused.content.decode()
    refused = client.post(
        url("venue_record", org=venue.pk),
        {
            "use-number": community_card.number,
            "use-kind": "course",
            "use-children": "0",
            "use-idempotency_key": str(uuid.uuid4()),
        },
    )
    assert "community card cannot be used for course places" in refused.content.decode()
    use = Use.objects.get(idempotency_key=key)
    assert client.post(url("venue_undo", org=venue.pk, use=use.pk)).status_code == 302
    use.refresh_from_db()
    assert use.undone_at is not None


def test_group_visit_form(client, users, venue, community_card, make_card):
    a, b = make_card(), make_card(children_count=1)
    login(client, users["venue"])
    response = client.post(
        url("venue_group", org=venue.pk),
        {
            "group-community_number": community_card.number,
            "group-community_children": "0",
            "group-member_1": a.number,
            "group-member_1_children": "0",
            "group-member_2": b.number,
            "group-member_2_children": "1",
            "group-idempotency_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302
    assert Use.objects.filter(community_card=community_card).count() == 2


def test_coordinator_creates_organisation_and_account(client, users, region, other_region):
    login(client, users["coordinator"])
    response = client.post(
        url("coordinator_organisations"),
        {"name": "Sotkamon perhetyö", "kind": "distributor", "region": region.pk},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Sotkamon perhetyö")
    refused = client.post(
        url("coordinator_organisations"), {"name": "X", "kind": "venue", "region": other_region.pk}
    )
    assert refused.status_code == 200 and not Organisation.objects.filter(name="X").exists()
    response = client.post(
        url("coordinator_organisation", org=organisation.pk),
        {
            "username": "sotkamo-perhetyo",
            "email": "perhetyo@example.fi",
            "password": "kortti-sotkamo-77",
            "role": "staff",
            "is_unit_account": "on",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="sotkamo-perhetyo")
    assert membership.organisation == organisation and membership.is_unit_account


def test_distributor_card_list_query_count(
    client, users, unit, batch, django_assert_max_num_queries
):
    CardFactory.create_batch(51, issued_by=unit, batch=batch)
    login(client, users["distributor"])
    client.get(url("unit_cards", org=unit.pk))  # warm Wagtail's site root paths (a fresh cache)
    # About ten queries are the site chrome and the sign-in checks; none is made per row.
    with django_assert_max_num_queries(22):
        response = client.get(url("unit_cards", org=unit.pk))
    assert len(response.context["page_obj"].object_list) == 50


def test_venue_desk_query_count(client, users, venue, family_card, django_assert_max_num_queries):
    login(client, users["venue"])
    client.get(url("venue_desk", org=venue.pk))  # warm Wagtail's site root paths (a fresh cache)
    with django_assert_max_num_queries(24):
        client.get(url("venue_desk", org=venue.pk), {"number": family_card.number})


def test_batches_and_exports_for_national_only(client, users, region):
    batch = CardBatchFactory(region=region, size=200)
    login(client, users["coordinator"])
    assert client.get(url("batches")).status_code == 403
    login(client, users["national"])
    assert client.get(url("batches")).status_code == 200
    response = client.post(
        url("batches"),
        {
            "region": batch.region.pk,
            "letter": batch.letter.lower(),
            "first_serial": str(batch.last_serial),
            "last_serial": str(batch.last_serial + 1000),
        },
    )
    assert "overlaps" in response.content.decode()
    response = client.get(url("batch_export", batch=batch.pk, fmt="csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = (
        b"".join(response.streaming_content if response.streaming else [response.content])
        .decode()
        .splitlines()
    )
    assert len(lines) == batch.size + 1
    assert lines[1].startswith(batch.first_number)


# --- The permission matrix --------------------------------------------------------------------

OK, DENIED, LOGIN = "ok", "denied", "login"


def outcome(response):
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (403, 404):
        return DENIED
    assert response.status_code in (200, 302), response.status_code
    return OK


ROLES = [
    "anonymous",
    "distributor",
    "venue",
    "agency",
    "coordinator",
    "other_coordinator",
    "national",
    "other_distributor",
]


def expected(view, role):
    if role == "anonymous":
        return LOGIN
    table = {
        "home": {
            "distributor",
            "venue",
            "agency",
            "coordinator",
            "other_coordinator",
            "national",
            "other_distributor",
        },
        "own_unit_cards": {"distributor", "national"},
        "own_unit_card": {"distributor", "national"},
        "other_unit_cards": {"other_distributor", "national"},
        "venue_desk": {"venue", "national"},
        "agency_desk": {"agency", "national"},
        "other_venue_desk": {"national"},
        "coordinator_list": {"coordinator", "other_coordinator", "national"},
        "region_org": {"coordinator", "national"},
        "other_org": {"other_coordinator", "national"},
        "batches": {"national"},
        "export": {"national"},
    }
    return OK if role in table[view] else DENIED


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    client, users, role, unit, venue, agency, other_unit, other_venue, family_card, batch
):
    if role != "anonymous":
        login(client, users[role])
    views = {
        "home": url("home"),
        "own_unit_cards": url("unit_cards", org=unit.pk),
        "own_unit_card": url("unit_card", org=unit.pk, number=family_card.number),
        "other_unit_cards": url("unit_cards", org=other_unit.pk),
        "venue_desk": url("venue_desk", org=venue.pk),
        "agency_desk": url("venue_desk", org=agency.pk),
        "other_venue_desk": url("venue_desk", org=other_venue.pk),
        "coordinator_list": url("coordinator_organisations"),
        "region_org": url("coordinator_organisation", org=unit.pk),
        "other_org": url("coordinator_organisation", org=other_unit.pk),
        "batches": url("batches"),
        "export": url("batch_export", batch=batch.pk, fmt="csv"),
    }
    got = {name: outcome(client.get(address)) for name, address in views.items()}
    assert got == {name: expected(name, role) for name in views}


@pytest.mark.parametrize("role", ROLES)
def test_write_matrix(client, users, role, unit, venue, other_unit, family_card, make_card):
    """Writes on another unit's card or another venue's desk are refused and change nothing."""
    if role != "anonymous":
        login(client, users[role])
    card = make_card()
    end = client.post(url("unit_card_action", org=unit.pk, number=card.number, action="end"))
    card.refresh_from_db()
    may_manage = role in {"distributor", "national"}
    assert (card.status == "ended") == may_manage
    assert outcome(end) == (OK if may_manage else (LOGIN if role == "anonymous" else DENIED))
    # Another region's unit in the URL with this unit's card: never found.
    wrong = client.post(
        url("unit_card_action", org=other_unit.pk, number=family_card.number, action="end")
    )
    assert outcome(wrong) in (DENIED, LOGIN)
    key = str(uuid.uuid4())
    client.post(
        url("venue_record", org=venue.pk),
        {
            "use-number": family_card.number,
            "use-kind": "ticket",
            "use-children": "0",
            "use-idempotency_key": key,
        },
    )
    assert Use.objects.filter(idempotency_key=key).exists() == (role in {"venue", "national"})
