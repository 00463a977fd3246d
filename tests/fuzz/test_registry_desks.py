"""The registry's desks under hostile input: distributor units, venues, coordinators, the national
office. Every write is either complete (valid input) or absent, and every refusal is shown.

The data comes from tests/registry/conftest.py's fixtures: a region with a distributor unit and a
venue, their staff, the region's coordinator, a national editor and the unit's cards."""

import datetime
import uuid

from django.urls import reverse

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from registry import cardnumbers, rules
from registry.forms import GROUP_SLOTS, GroupUseForm, UseForm
from registry.models import Card, CardBatch, Organisation, Use
from tests.registry.factories import CardBatchFactory

from . import strategies as hs
from .conftest import (
    FUZZ,
    assert_errors_shown,
    assert_no_server_error,
    assert_values_kept,
    assert_writes,
    counts,
    isolated,
    prefixed,
)

pytestmark = pytest.mark.django_db


# Numbers of `fresh`, a batch of the unit's region that no card uses yet, by their place in it:
# registration draws from the first FIXED; the cards a test makes for itself come from FIXED on.
FIXED = 400


@pytest.fixture
def fresh(region):
    return CardBatchFactory(region=region)


def in_batch(batch, offset):
    return cardnumbers.make_number(batch.letter, batch.first_serial + offset)


def url(name, **kwargs):
    return reverse(f"registry:{name}", kwargs=kwargs)


def number_as_typed(number):
    """A valid card number the way a desk may type or scan it."""
    return st.sampled_from(
        [number, number.lower(), f" {number} ", f"{number[:1]} {number[1:5]} {number[5:]}"]
    )


def choice_or_blank(choices):
    return st.sampled_from(["", *[value for value, _label in choices]])


def submit(client, path, post_data, *, form_name, sent, bad, writes, typed=()):
    """Post a desk form and check the shared property: a redirect with the whole write, or the form
    again with its errors shown, what was typed kept, and nothing written. True when it was saved.

    `sent` holds the fields by their names without the form's prefix, `bad` the corrupted ones.
    """
    before = counts()
    response = client.post(path, post_data)
    assert_no_server_error(response)
    if response.status_code == 302:
        assert_writes(before, writes)
        return response
    assert response.status_code == 200, response.status_code
    form = response.context[form_name]
    assert bad, f"valid input was refused: {form.errors.get_json_data()}"
    assert_errors_shown(response, form)
    assert_values_kept(response, form, sent, [n for n in typed if n in sent])
    assert_writes(before)
    return None


# --- Distributor unit ------------------------------------------------------------------------


@FUZZ
@given(st.data())
def test_register_a_card(login, users, unit, fresh, today, data):
    client = login(users["distributor"])
    earliest = rules.add_months(today, -rules.VALIDITY_MONTHS)
    valid = {
        "number": st.integers(0, FIXED - 1)
        .map(lambda offset: in_batch(fresh, offset))
        .flatmap(number_as_typed),
        "kind": st.sampled_from([v for v, _ in Card.Kind.choices]),
        "community_name": st.text(
            alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=200
        ).filter(lambda s: s.strip()),
        "issued_on": st.dates(earliest, today).map(datetime.date.isoformat),
        "valid_until": st.sampled_from(["", today.isoformat()]),
        "children_count": st.integers(0, rules.MAX_CHILDREN).map(str),
        "birth_year": st.integers(rules.OLDEST_BIRTH_YEAR, today.year - 17).map(str),
        "postal_code": st.from_regex(r"[0-9]{5}", fullmatch=True),
        "mother_tongue": choice_or_blank(Card.MotherTongue.choices),
        "gender": choice_or_blank(Card.Gender.choices),
        "life_situation": choice_or_blank(Card.LifeSituation.choices),
        "idempotency_key": st.uuids().map(str),
    }
    hostile = {
        "number": hs.malformed_card_number(),
        "issued_on": hs.hostile_date,
        "valid_until": hs.hostile_date,
        "children_count": hs.hostile_number,
        "birth_year": hs.hostile_number,
    }
    form_data, bad = data.draw(hs.corrupted(valid, hostile))
    with isolated():
        saved = submit(
            client,
            url("unit_register", org=unit.pk),
            form_data,
            form_name="form",
            sent=form_data,
            bad=bad,
            writes={"Card": 1, "CardEvent": 1},
            typed=("number", "community_name", "postal_code", "birth_year", "children_count"),
        )
        if saved:
            card = Card.objects.order_by("-pk").first()
            assert saved["Location"] == url("unit_card", org=unit.pk, number=card.number)


@FUZZ
@given(
    number=st.one_of(st.integers(0, FIXED - 1), hs.malformed_card_number()),  # a place in `fresh`
    key=st.one_of(st.uuids().map(str), hs.hostile_text),
)
def test_reissue_a_card(login, users, unit, fresh, make_card, number, key):
    client = login(users["distributor"])
    if isinstance(number, int):
        number = in_batch(fresh, number)
    with isolated():
        old = make_card(number=in_batch(fresh, FIXED), batch=fresh)
        before = counts()
        response = client.post(
            url("unit_reissue", org=unit.pk, number=old.number),
            {"number": number, "idempotency_key": key},
        )
        assert_no_server_error(response)
        if response.status_code == 302:
            assert_writes(before, {"Card": 1, "CardEvent": 2})
            old.refresh_from_db()
            assert old.status == Card.Status.WITHDRAWN
        else:
            assert response.status_code == 200
            assert_errors_shown(response, response.context["form"])
            assert_values_kept(response, response.context["form"], {"number": number}, ["number"])
            assert_writes(before)


@FUZZ
@given(
    action=st.one_of(
        st.sampled_from(["extend", "end", "withdraw"]),
        st.from_regex(r"[-a-zA-Z0-9_]{1,20}", fullmatch=True),
    ),
    valid_until=st.one_of(hs.hostile_date, st.just("")),
    status=st.sampled_from([s for s, _ in Card.Status.choices]),
)
# The extension form is shown for an active card only: its errors were hidden for any other.
@example(action="extend", valid_until="", status="ended")
def test_change_a_card(login, users, unit, fresh, make_card, today, action, valid_until, status):
    client = login(users["distributor"])
    with isolated():
        card = make_card(
            number=in_batch(fresh, FIXED),
            batch=fresh,
            issued_on=today - datetime.timedelta(days=200),
            valid_until=today + datetime.timedelta(days=100),
            status=status,
        )
        before = counts()
        response = client.post(
            url("unit_card_action", org=unit.pk, number=card.number, action=action),
            {"valid_until": valid_until},
        )
        assert_no_server_error(response)
        card.refresh_from_db()
        changed = card.status != status or card.valid_until != today + datetime.timedelta(days=100)
        if action not in ("extend", "end", "withdraw"):
            assert response.status_code == 404
        if response.status_code == 200:
            assert_errors_shown(response, response.context["extend_form"])
            assert_values_kept(
                response, response.context["extend_form"], {"valid_until": valid_until}, []
            )
        assert_writes(before, {"CardEvent": 1} if changed else {})


@FUZZ
@given(number=st.one_of(hs.malformed_card_number(), hs.hostile_text))
@example(number="K\x00")
def test_card_page_with_any_number_in_the_address(login, users, unit, number):
    """A card page whose address carries something that is not a card number: 404, not 500."""
    client = login(users["distributor"])
    with isolated():
        for name in ("unit_card", "unit_reissue"):
            path = url(name, org=unit.pk, number="NUMBER").replace("NUMBER", _quote(number))
            response = client.get(path)
            assert_no_server_error(response)
            # 405: a number with a slash in it ("x/extend") addresses a card action, POST only.
            assert response.status_code in (200, 404, 405)


@FUZZ
@given(q=hs.hostile_text, page=hs.hostile_number)
def test_find_a_card(login, users, unit, q, page):
    client = login(users["distributor"])
    with isolated():
        response = client.get(url("unit_cards", org=unit.pk), {"q": q, "page": page})
        assert_no_server_error(response)
        assert response.status_code == 200
        form = response.context["form"]
        if not form.is_valid():
            assert_errors_shown(response, form)


# --- Venue desk ------------------------------------------------------------------------------


@FUZZ
@given(number=st.one_of(hs.malformed_card_number(), hs.hostile_text))
def test_check_a_card_at_the_desk(login, users, venue, number):
    client = login(users["venue"])
    with isolated():
        before = counts()
        response = client.post(
            url("venue_record", org=venue.pk),
            {
                "use-number": number,
                "use-kind": "ticket",
                "use-children": "0",
                "use-idempotency_key": str(uuid.uuid4()),
                "action": "check",
            },
        )
        assert_no_server_error(response)
        assert response.status_code == 200
        form = response.context["use_form"]
        if form.errors:
            assert_errors_shown(response, form)
            assert_values_kept(response, form, {"number": number}, ["number"])
        assert_writes(before)


@FUZZ
@given(st.data())
def test_record_a_use(login, users, venue, family_card, data):
    client = login(users["venue"])
    valid = {
        "number": number_as_typed(family_card.number),
        "kind": st.just(Use.Kind.TICKET),
        "children": st.integers(0, family_card.children_count).map(str),
        "idempotency_key": st.uuids().map(str),
    }
    hostile = {"number": hs.malformed_card_number(), "children": hs.hostile_number}
    form_data, bad = data.draw(hs.corrupted(valid, hostile))
    with isolated():
        submit(
            client,
            url("venue_record", org=venue.pk),
            prefixed(UseForm, form_data),
            form_name="use_form",
            sent=form_data,
            bad=bad,
            writes={"Use": 1},
            typed=("number", "children"),
        )


@FUZZ
@given(st.data())
def test_record_a_group_visit(login, users, venue, community_card, fresh, make_card, data):
    client = login(users["venue"])
    # Numbers only (the cards are made inside each example's savepoint below).
    members = [in_batch(fresh, FIXED + i) for i in range(3)]
    size = data.draw(st.integers(1, len(members)), label="members")
    valid = {
        "community_number": number_as_typed(community_card.number),
        "community_children": st.integers(0, community_card.children_count).map(str),
        "idempotency_key": st.uuids().map(str),
    }
    for i, member in enumerate(members[:size], start=1):
        valid[f"member_{i}"] = number_as_typed(member)
        valid[f"member_{i}_children"] = st.sampled_from(["", "0", "1"])
    hostile = {
        name: hs.malformed_card_number() if "children" not in name else hs.hostile_number
        for name in valid
    }
    form_data, bad = data.draw(hs.corrupted(valid, hostile))
    with isolated():
        for number in members:
            make_card(number=number, batch=fresh, children_count=1)
        submit(
            client,
            url("venue_group", org=venue.pk),
            prefixed(GroupUseForm, form_data),
            form_name="group_form",
            sent=form_data,
            bad=bad,
            writes={"Use": 1 + _members_sent(form_data)},
            typed=[n for n in valid if n != "idempotency_key"],
        )


def _members_sent(form_data):
    """Group members in the submission: member fields sent with something in them."""
    count = 0
    for i in range(1, GROUP_SLOTS + 1):
        value = form_data.get(f"member_{i}", "")
        value = value[-1] if isinstance(value, list) else value
        count += bool(value.strip())
    return count


@FUZZ
@given(use_id=st.one_of(st.integers(-5, 10**6), st.just(10**20)))
def test_undo_any_record(login, users, venue, family_card, use_id):
    client = login(users["venue"])
    with isolated():
        mine = Use.objects.create(card=family_card, venue=venue, idempotency_key=uuid.uuid4())
        target = mine.pk if use_id == 0 else abs(use_id)
        record = Use.objects.filter(pk=target, venue=venue).first()
        before = counts()
        response = client.post(url("venue_undo", org=venue.pk, use=target))
        assert_no_server_error(response)
        assert response.status_code == (404 if record is None else 302)
        undone = 0
        if record is not None and record.undone_at is None:
            undone = Use.objects.filter(pk=target, undone_at__isnull=False).count()
        assert_writes(before, {"UndoneUse": undone, "CardEvent": undone})
        if target == mine.pk:
            assert undone == 1


# --- Coordinators and the national office -------------------------------------------------------


@FUZZ
@given(st.data())
def test_create_an_organisation(login, users, region, data):
    client = login(users["coordinator"])
    valid = {
        "name": st.text(
            alphabet=st.characters(codec="utf-8", categories=["L", "N"]), min_size=1, max_size=200
        ),
        "kind": st.sampled_from([v for v, _ in Organisation.Kind.choices]),
        "region": st.just(str(region.pk)),
    }
    hostile = {"region": hs.hostile_number, "kind": hs.hostile_text}
    form_data, bad = data.draw(hs.corrupted(valid, hostile))
    with isolated():
        submit(
            client,
            url("coordinator_organisations"),
            form_data,
            form_name="form",
            sent=form_data,
            bad=bad,
            writes={"Organisation": 1},
            typed=("name",),
        )


@FUZZ
@given(st.data())
def test_create_an_account(login, users, unit, data):
    client = login(users["coordinator"])
    valid = {
        "username": st.from_regex(r"[a-z][a-z0-9_.@+-]{3,30}", fullmatch=True).map(
            lambda s: f"fuzz-{s}"
        ),
        "email": st.from_regex(r"[a-z0-9]{1,20}@[a-z]{2,12}\.fi", fullmatch=True),
        "password": st.uuids().map(lambda u: f"Kaiku!{u.hex}"),
        "is_unit_account": st.sampled_from(["", "on"]),
        "role": st.sampled_from(["staff", "manager"]),
    }
    hostile = {
        "email": st.one_of(hs.hostile_text, _long_email()),
        "username": st.one_of(hs.hostile_text, st.just("fuzz user <b>")),
    }
    form_data, bad = data.draw(hs.corrupted(valid, hostile))
    with isolated():
        submit(
            client,
            url("coordinator_organisation", org=unit.pk),
            form_data,
            form_name="form",
            sent=form_data,
            bad=bad,
            writes={"User": 1, "Membership": 1},
            typed=("username", "email"),
        )


@st.composite
def _long_email(draw):
    local = draw(st.integers(1, 64))
    domain = draw(st.integers(190, 250))
    return "a" * local + "@" + "b" * domain + ".fi"


@FUZZ
@given(st.data())
def test_create_a_batch(login, users, region, data):
    client = login(users["national"])
    used = set(CardBatch.objects.values_list("letter", flat=True))
    free = [letter for letter in cardnumbers.LETTERS if letter not in used]
    valid = {
        "region": st.just(str(region.pk)),
        "letter": st.sampled_from(free).flatmap(lambda x: st.sampled_from([x, x.lower()])),
        "first_serial": st.integers(0, 1000).map(str),
        "last_serial": st.integers(1000, 20_000).map(str),
    }
    hostile = {
        "first_serial": hs.hostile_number,
        "last_serial": hs.hostile_number,
        "region": hs.hostile_number,
    }
    form_data, bad = data.draw(hs.corrupted(valid, hostile))
    with isolated():
        submit(
            client,
            url("batches"),
            form_data,
            form_name="form",
            sent=form_data,
            bad=bad,
            writes={"CardBatch": 1},
            typed=("letter", "first_serial", "last_serial"),
        )


@FUZZ
@given(key=st.one_of(hs.hostile_text, st.uuids(version=1).map(lambda u: str(u)[:-1])))
@example(key="'; DROP TABLE registry_card; --")
@example(key="")
def test_a_broken_form_key_is_explained_and_replaced(login, users, unit, fresh, today, key):
    """The hidden idempotency key is nothing a person can correct: the form says it is incomplete
    and carries a new key, and sending it again registers the card once."""
    client = login(users["distributor"])
    data = {
        "number": in_batch(fresh, FIXED),
        "kind": "personal",
        "issued_on": today.isoformat(),
        "children_count": "0",
        "birth_year": "1980",
        "postal_code": "87100",
        "idempotency_key": key,
    }
    with isolated():
        before = counts()
        response = client.post(url("unit_register", org=unit.pk), data)
        assert_no_server_error(response)
        if response.status_code == 302:  # the key happened to be a UUID after all
            uuid.UUID(key)
            assert_writes(before, {"Card": 1, "CardEvent": 1})
            return
        form = response.context["form"]
        assert_errors_shown(response, form)
        assert form.non_field_errors()
        assert_writes(before)
        new_key = form["idempotency_key"].value()
        assert new_key != key and uuid.UUID(new_key)
        again = client.post(url("unit_register", org=unit.pk), {**data, "idempotency_key": new_key})
        assert again.status_code == 302
        assert_writes(before, {"Card": 1, "CardEvent": 1})


@pytest.mark.parametrize(
    ("role", "name", "kwargs"),
    [
        ("distributor", "unit_register", {"org": "unit"}),
        ("venue", "venue_record", {"org": "venue"}),
        ("venue", "venue_group", {"org": "venue"}),
        ("coordinator", "coordinator_organisations", {}),
        ("coordinator", "coordinator_organisation", {"org": "unit"}),
        ("national", "batches", {}),
    ],
)
def test_an_empty_post_says_what_is_missing(login, users, unit, venue, role, name, kwargs):
    """A POST without any field is a submission too (it used to show the blank form, no error)."""
    client = login(users[role])
    orgs = {"unit": unit.pk, "venue": venue.pk}
    before = counts()
    response = client.post(url(name, **{k: orgs[v] for k, v in kwargs.items()}), {})
    assert response.status_code == 200
    form_name = {"venue_record": "use_form", "venue_group": "group_form"}.get(name, "form")
    assert_errors_shown(response, response.context[form_name])
    assert_writes(before)


@FUZZ
@given(fmt=st.one_of(st.just("csv"), hs.hostile_text))
def test_batch_export_formats(login, users, batch, fmt):
    client = login(users["national"])
    with isolated():
        path = url("batch_export", batch=batch.pk, fmt="FMT").replace("FMT", _quote(fmt))
        response = client.get(path)
        assert_no_server_error(response)
        assert response.status_code in (200, 404)


def _quote(text):
    from urllib.parse import quote

    return quote(text, safe="") or "%20"


@FUZZ
@given(
    username=st.one_of(st.from_regex(r"fuzz-[a-z0-9]{4,12}", fullmatch=True), hs.hostile_text),
    email=st.one_of(st.just("someone@example.fi"), _long_email(), hs.hostile_text),
)
@example(username="fuzz-limits", email="a" * 64 + "@" + "b" * 200 + ".fi")  # PostgreSQL: 254 chars
@example(username="fuzz user <b>", email="someone@example.fi")  # Django's own usernames
def test_an_account_is_what_django_accepts(login, users, unit, username, email):
    """An account is created only when Django's user model accepts its username and e-mail."""
    from django.contrib.auth import get_user_model

    client = login(users["coordinator"])
    data = {"username": username, "email": email, "password": "Kaiku!7f3a9c2e41", "role": "staff"}
    with isolated():
        before = counts()
        response = client.post(url("coordinator_organisation", org=unit.pk), data)
        assert_no_server_error(response)
        if response.status_code == 302:
            assert_writes(before, {"User": 1, "Membership": 1})
            user = get_user_model().objects.order_by("-pk").first()
            user.full_clean()  # the model's own validators agree
            return
        assert response.status_code == 200
        assert_errors_shown(response, response.context["form"])
        assert_writes(before)
