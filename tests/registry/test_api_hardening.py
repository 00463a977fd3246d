"""What the API and the desks refuse to read (issue 15, D3, D4, D7): an oversize list of members, a
body over the API's limit, deeply nested JSON, too many form fields, file uploads. Each is refused
at once, before any card is looked up, and the API answers in its JSON format (`{"detail": ...}`)."""

import json
import uuid

from django.db import connection
from django.test.client import MULTIPART_CONTENT, encode_multipart
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry import forms, services
from registry.models import Card, Use

pytestmark = [pytest.mark.django_db]

USES = "/api/registry/uses/"
MAX_BODY = 64 * 1024  # the documented limit (README, registry/api_limits.py)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def api(users):
    token, _ = Token.objects.get_or_create(user=users["agency"])
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    return client


def card_queries(queries):
    return [q["sql"] for q in queries if Card._meta.db_table in q["sql"]]


def assert_json_detail(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    assert isinstance(response.json()["detail"], str)


def test_an_oversize_members_list_is_refused_before_any_card_is_looked_up(api, community_card):
    members = [{"number": "K000000017"}] * (services.GROUP_MAX_MEMBERS + 1)
    body = {"community_number": community_card.number, "members": members}
    with CaptureQueriesContext(connection) as queries:
        response = api.post(USES, body, format="json")
    assert response.status_code == 400
    message = f"A group visit has at most {services.GROUP_MAX_MEMBERS} members."
    assert response.json() == {"members": {"non_field_errors": [message]}}
    assert card_queries(queries) == []
    assert not Use.objects.filter(card=community_card).exists()


def test_a_body_over_the_limit_is_refused_in_json_before_any_card_is_looked_up(api, family_card):
    body = {"number": family_card.number, "padding": "x" * MAX_BODY}
    with CaptureQueriesContext(connection) as queries:
        response = api.post(USES, body, format="json")
    assert_json_detail(response, 413)
    assert "64 kB" in response.json()["detail"]
    assert card_queries(queries) == []
    assert not Use.objects.filter(card=family_card).exists()


def test_a_body_just_under_the_limit_is_read(api, family_card):
    body = {"number": family_card.number, "padding": ""}
    body["padding"] = "x" * (MAX_BODY - len(json.dumps(body)))
    assert len(json.dumps(body)) == MAX_BODY
    response = api.post(USES, json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content[:300]


def test_deeply_nested_json_is_a_400_in_json(api):
    depth = 20_000  # 40 kB: under the body limit, far past Python's recursion limit
    response = api.post(USES, "[" * depth + "]" * depth, content_type="application/json")
    assert_json_detail(response, 400)


def test_too_many_form_fields_are_a_400_in_json(api, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    body = "&".join(f"f{i}=1" for i in range(101))
    response = api.post(USES, body, content_type="application/x-www-form-urlencoded")
    assert_json_detail(response, 400)


def test_the_api_takes_no_file_uploads(api, family_card):
    upload = encode_multipart(
        "BoUnDaRy",
        {"number": family_card.number, "file": _upload(1024 * 1024)},
    )
    response = api.post(USES, upload, content_type="multipart/form-data; boundary=BoUnDaRy")
    assert_json_detail(response, 415)
    assert not Use.objects.filter(card=family_card).exists()


def _upload(size):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("big.bin", b"\0" * size, content_type="application/octet-stream")


def _desk_form(family_card):
    return {
        "use-number": family_card.number,
        "use-kind": "ticket",
        "use-children": "0",
        "use-idempotency_key": str(uuid.uuid4()),
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "This form takes no files."), ("fi", "Tähän lomakkeeseen ei voi liittää tiedostoja.")],
)
def test_desk_forms_refuse_file_uploads(client, users, venue, family_card, language, message):
    client.force_login(users["venue"])
    with translation.override(language):
        record = reverse("registry:venue_record", kwargs={"org": venue.pk})
    data = {**_desk_form(family_card), "attachment": _upload(1024 * 1024)}
    response = client.post(record, data)
    assert response.status_code == 413
    assert message in response.content.decode()
    assert not Use.objects.filter(card=family_card).exists()


def test_desk_forms_still_take_multipart_without_files(client, users, venue, family_card):
    """Django's test client, and a browser told so, send a form as multipart: only files are refused."""
    client.force_login(users["venue"])
    record = reverse("registry:venue_record", kwargs={"org": venue.pk})
    response = client.post(record, _desk_form(family_card), content_type=MULTIPART_CONTENT)
    assert response.status_code == 302
    assert Use.objects.filter(card=family_card).count() == 1


def test_the_desks_group_form_reads_no_more_members_than_a_group_may_have():
    assert forms.GROUP_SLOTS == services.GROUP_MAX_MEMBERS
    form = forms.GroupUseForm({f"group-member_{i}": "K000000017" for i in range(1, 50)})
    assert len(form.member_rows()) == services.GROUP_MAX_MEMBERS


def test_a_new_accounts_password_is_bounded_before_it_is_validated(monkeypatch):
    checked = []
    monkeypatch.setattr(
        forms.password_validation, "validate_password", lambda *a, **k: checked.append(a)
    )
    data = {"username": "uusi", "email": "uusi@example.fi", "role": "staff"}
    form = forms.AccountForm({**data, "password": "Salasana-" + "x" * 10_000})
    assert not form.is_valid()
    assert "password" in form.errors and checked == []
