"""The demo's ticket agency `lipputoimisto` has an API token, printed by `make demo` (issue 15)."""

from io import StringIO
from pathlib import Path

from django.conf import settings

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from home.management.commands.load_demo import Command

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_the_demo_agency_has_a_working_token():
    token = Token.objects.get(user__username="lipputoimisto")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.post("/api/registry/cards/check/", {"number": "K000000194"}, format="json")
    assert response.status_code == 200


def test_the_token_is_the_demo_datas_own_and_load_demo_prints_it():
    key = Token.objects.get(user__username="lipputoimisto").key
    # In the data files: every load of the demo puts back the same token.
    assert key in (Path(settings.BASE_DIR) / "demo" / "fixtures" / "users.json").read_text()
    out = StringIO()
    Command(stdout=out).print_logins()
    assert f"lipputoimisto {key}" in " ".join(out.getvalue().split())
