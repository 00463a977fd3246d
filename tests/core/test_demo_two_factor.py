"""The demo's two-factor facts (demo data, so marked demo): every demo user whose role requires
two-factor authentication has a device with the published demo key, and `demo_otp` prints the code
that signs such a user in with the demo password. The rules themselves: tests/core/test_two_factor.py."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from accounts import policy
from accounts.demo import DEMO_TOTP_KEY
from core.demo import DEMO_PASSWORD

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
