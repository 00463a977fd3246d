"""The registry API under hostile requests that no schema describes: bodies of any JSON type (and
not JSON at all), any Idempotency-Key, any text as the card number in the address."""

import json
import uuid
from urllib.parse import quote

from django.urls import reverse

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token

from registry.models import Use

from . import strategies as hs
from .conftest import EXAMPLES, FUZZ, assert_no_server_error, assert_writes, counts, isolated

# An API call renders no page: three times the examples for the same time.
API_FUZZ = settings(FUZZ, max_examples=3 * EXAMPLES)

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def token(users):
    """A ticket agency's token (token clients pass the second factor, see accounts/middleware.py)."""
    token, _ = Token.objects.get_or_create(user=users["agency"])
    return f"Token {token.key}"


def _json(response):
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


@API_FUZZ
@given(
    number=st.one_of(hs.malformed_card_number(), hs.hostile_text),
    organisation=st.one_of(st.none(), hs.hostile_number),
)
@example(number="K\x00", organisation=None)  # PostgreSQL refuses NUL in a query
@example(number="K000000199", organisation="null")  # a list of messages, as the schema says
def test_check_any_card(client, token, number, organisation):
    with isolated():
        path = reverse("registry_api_card", kwargs={"number": "N"}).replace(
            "/N/", f"/{quote(number, safe='') or '%20'}/"
        )
        params = {} if organisation is None else {"organisation": organisation}
        response = client.get(path, params, HTTP_AUTHORIZATION=token)
        assert_no_server_error(response)
        if response.status_code in (301, 302, 404):
            # An encoded "/" in the number makes an address that is no API path at all: the site
            # answers it (404, or the language redirect of any unknown address).
            assert "/" in number
            return
        body = _json(response)
        if response.status_code == 200:
            assert body["valid"] is (body["refusal"] is None)
        else:
            assert 400 <= response.status_code < 500 and body
            if response.status_code == 400:
                assert isinstance(body["organisation"], list)


def _members():
    return st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {"number": hs.malformed_card_number()}, optional={"children": hs.json_scalars}
            ),
            hs.json_values,
        ),
        max_size=7,
    )


request_bodies = st.one_of(
    hs.json_values,
    st.fixed_dictionaries(
        {},
        optional={
            "organisation": hs.json_scalars,
            "kind": st.one_of(st.sampled_from(["ticket", "course"]), hs.json_scalars),
            "number": st.one_of(hs.malformed_card_number(), hs.json_scalars),
            "children": hs.json_scalars,
            "community_number": st.one_of(hs.malformed_card_number(), hs.json_scalars),
            "community_children": hs.json_scalars,
            "members": st.one_of(_members(), hs.json_values),
        },
    ),
)


@API_FUZZ
@given(
    body=request_bodies,
    key=st.one_of(st.uuids().map(str), hs.hostile_text, st.none()),
    content_type=st.sampled_from(
        ["application/json", "application/json", "text/plain", "application/x-www-form-urlencoded"]
    ),
)
@example(body={"number": "K\x00"}, key=str(uuid.UUID(int=1)), content_type="application/json")
def test_record_any_body(client, token, body, key, content_type):
    with isolated():
        headers = {"HTTP_AUTHORIZATION": token}
        if key is not None:
            headers["HTTP_IDEMPOTENCY_KEY"] = key.replace("\x00", "").replace("\n", " ")
        before = counts()
        response = client.post(
            reverse("registry_api_uses"),
            json.dumps(body),
            content_type=content_type,
            **headers,
        )
        assert_no_server_error(response)
        body = _json(response)
        if response.status_code in (200, 201):
            assert isinstance(body, list) and body
            added = len(body) if response.status_code == 201 else 0
            assert_writes(before, {"Use": added})
            assert Use.objects.filter(pk__in=[u["id"] for u in body]).count() == len(body)
        else:
            assert 400 <= response.status_code < 500 and body
            assert_writes(before)


@FUZZ
@given(family_children=st.integers(0, 2), kind=st.sampled_from(["ticket", "course"]))
def test_valid_record_and_its_replay(client, token, family_card, family_children, kind):
    """The valid half, so the property above is not only ever about refusals."""
    with isolated():
        key = str(uuid.uuid4())
        payload = {"number": family_card.number, "children": family_children, "kind": kind}
        before = counts()
        first = client.post(
            reverse("registry_api_uses"),
            payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=token,
            HTTP_IDEMPOTENCY_KEY=key,
        )
        refused = kind == "course" and family_children > 0
        assert first.status_code == (400 if refused else 201)
        again = client.post(
            reverse("registry_api_uses"),
            payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=token,
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert again.status_code == (400 if refused else 200)
        assert_writes(before, {"Use": 0 if refused else 1})
