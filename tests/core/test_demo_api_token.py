"""The demo's ticket agency `lipputoimisto` has an API token, printed by `make demo` (issue 15)."""

from io import StringIO

from django.core.management import call_command

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_the_demo_agency_has_a_working_token():
    token = Token.objects.get(user__username="lipputoimisto")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/registry/cards/check/", {"number": "K000000194"}, format="json")
    assert response.status_code == 200


def test_load_demo_keeps_the_token_and_prints_it(monkeypatch):
    from home.management.commands import load_demo

    before = Token.objects.get(user__username="lipputoimisto").key
    monkeypatch.setattr(load_demo, "DEMO_APPS", ["accounts"])  # the token's app only: fast
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Token.objects.filter(user__username="lipputoimisto").count() == 1
    assert Token.objects.get(user__username="lipputoimisto").key == before
    assert f"lipputoimisto {before}" in " ".join(out.getvalue().split())
