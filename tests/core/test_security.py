"""Hardening: CSP, private responses never cached, idle sessions end, login throttling."""

import time
from datetime import timedelta

from django.test import override_settings
from django.urls import reverse

import pytest

from core.middleware import IDLE_KEY, _is_private_path
from core.security import progressive_cooloff
from tests.accounts.factories import PASSWORD, NationalEditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return NationalEditorFactory()


def test_public_pages_send_a_csp_without_inline_scripts(client, site):
    response = client.get("/fi/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src
    # Framed only by the site itself (Wagtail's preview panel), never by another origin.
    assert "frame-ancestors 'self'" in policy


def test_public_pages_are_cacheable_for_anonymous_visitors(client, site):
    response = client.get("/fi/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_admin_and_registry_are_never_stored(client):
    for url in (reverse("wagtailadmin_login"), "/fi/kaikukanta/", "/sv/kaikukanta/kortit/"):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.parametrize(
    ("path", "private"),
    [
        ("/api/registry/cards/x/", True),
        ("/admin/pages/", True),
        ("/fi-x-selko/kaikukanta/", True),
        ("/fi/", False),
        ("/sv/kaikukortet-for-mig/", False),
        ("/fi/alueet/kainuu/", False),
    ],
)
def test_private_paths(path, private):
    assert _is_private_path(path) is private


def test_signed_in_responses_are_never_stored(client, site, editor):
    client.force_login(editor)
    response = client.get("/fi/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_idle_session_is_signed_out(client, site, editor, settings):
    client.force_login(editor)
    client.get("/fi/")
    session = client.session
    session[IDLE_KEY] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    client.get("/fi/")
    assert "_auth_user_id" not in client.session


def test_active_session_stays(client, site, editor):
    client.force_login(editor)
    client.get("/fi/")
    client.get("/fi/")
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.parametrize(("failures", "minutes"), [(5, 5), (6, 10), (7, 20), (100, 24 * 60)])
def test_cooloff_grows_with_failures(rf, failures, minutes):
    request = rf.get("/")
    request.axes_failures_since_start = failures
    assert progressive_cooloff(request) == timedelta(minutes=minutes)


def _login(client, username, password, ip):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@override_settings(AXES_ENABLED=True)
def test_login_throttling_is_per_username_and_address(client, editor):
    for _ in range(5):
        _login(client, editor.username, "wrong-password", "203.0.113.7")
    locked = _login(client, editor.username, PASSWORD, "203.0.113.7")
    assert locked.status_code == 429
    assert "Liian monta epäonnistunutta kirjautumisyritystä" in locked.content.decode()
    # The attacker's address cannot lock the real user out of their own address.
    response = _login(client, editor.username, PASSWORD, "198.51.100.20")
    assert response.status_code == 302
