"""The demo's sign-in facts (demo data, so marked demo), which `make demo` prints for a reviewer:
every demo user whose role requires two-factor authentication has a device with the published demo
key, and `demo_otp` prints the code that signs such a user in with the demo password; the demo's
ticket agency `lipputoimisto` has a working API token (issue 15). The rules themselves:
tests/core/test_two_factor.py and tests/registry/test_api*.py."""

import re
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import policy
from accounts.demo import DEMO_TOTP_KEY
from core.demo import DEMO_PASSWORD
from home.management.commands.load_demo import Command

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

User = get_user_model()


def test_demo_gives_required_users_a_device_with_the_demo_key():
    for username in ("admin", "toimittaja", "kainuu-kulttuuri", "koordinaattori-kainuu"):
        user = User.objects.get(username=username)
        device = policy.confirmed_device(user)
        assert policy.is_required(user), username
        assert device is not None and device.key == DEMO_TOTP_KEY, username
    assert policy.confirmed_device(User.objects.get(username="jakaja-kajaani")) is None


def test_a_demo_coordinator_signs_in_with_the_demo_password_and_demo_otp():
    out = StringIO()
    call_command("demo_otp", "koordinaattori-kainuu", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "koordinaattori-kainuu", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    with translation.override("en"):
        verify_url = reverse("accounts:verify")
    response = client.post(verify_url, {"code": code, "next": "/en/registry/"})
    assert response.status_code == 302 and response["Location"] == "/en/registry/"


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
