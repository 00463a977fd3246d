"""The card check takes the number in a JSON body, out of URLs and access logs (issue 15, D5).

POST /api/registry/cards/check/ {"number": ...}; the old GET /api/registry/cards/<number>/ keeps
working for the transition and says so in Deprecation and Sunset headers."""

import pytest
import yaml
from rest_framework.test import APIClient

from registry import api as registry_api

pytestmark = [pytest.mark.django_db]

CHECK_URL = "/api/registry/cards/check/"


def test_check_by_post_answers_as_the_old_get(api, family_card):
    spelled = f"{family_card.number[0].lower()} {family_card.number[1:]}"
    response = api.post(CHECK_URL, {"number": spelled}, format="json")
    assert response.status_code == 200
    assert response.json() == api.get(f"/api/registry/cards/{family_card.number}/").json()
    assert response.json()["valid"] and response.json()["number"] == family_card.number
    assert "Deprecation" not in response and "Sunset" not in response


def test_check_by_post_refuses_like_the_desk(api, expired_card):
    body = api.post(CHECK_URL, {"number": expired_card.number}, format="json").json()
    assert not body["valid"] and body["refusal"]["code"] == "expired"
    body = api.post(CHECK_URL, {"number": "K000000199"}, format="json").json()
    assert body["refusal"]["code"] == "number_mistyped"


def test_check_by_post_validates_its_body(api, users):
    assert api.post(CHECK_URL, {}, format="json").status_code == 400
    response = api.post(CHECK_URL, {"number": "K000000194", "organisation": "x"}, format="json")
    assert response.status_code == 400 and "organisation" in response.json()
    assert APIClient().post(CHECK_URL, {"number": "K000000194"}, format="json").status_code == 401
    assert api.get(CHECK_URL).status_code == 405


def test_the_old_get_is_deprecated_with_a_sunset_date(api, family_card):
    response = api.get(f"/api/registry/cards/{family_card.number}/")
    assert response.status_code == 200
    assert response["Deprecation"].startswith("@")
    assert response["Sunset"] == registry_api.CARD_CHECK_GET_SUNSET_HTTP
    assert f'<{CHECK_URL}>; rel="successor-version"' in response["Link"]


def test_schema_documents_the_post_and_marks_the_get_deprecated(client):
    schema = yaml.safe_load(client.get("/api/registry/schema/").content)
    post = schema["paths"][CHECK_URL]["post"]
    assert post["requestBody"]["content"]["application/json"]
    assert "200" in post["responses"] and "400" in post["responses"]
    assert "get" not in schema["paths"][CHECK_URL]
    assert schema["paths"]["/api/registry/cards/{number}/"]["get"]["deprecated"] is True


def test_docs_page_shows_the_post_and_the_sunset(client):
    text = client.get("/api/registry/docs/").content.decode()
    assert "POST /api/registry/cards/check/" in text
    assert "2027-06-30" in text
