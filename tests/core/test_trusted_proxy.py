"""One trusted-proxy setting for login throttling and every rate limit (issue 15, D6).

settings.TRUSTED_PROXY_COUNT is the number of proxies in front that append to X-Forwarded-For;
django-ipware (for django-axes and django-ratelimit) and DRF are configured from it in
config/settings/base.py. At 0 (the app reached directly) a client's own X-Forwarded-For must not
change the address they see, or rotating it would guess passwords without limit; behind proxies the
entry the outermost one appended is the client, whatever the client wrote left of it."""

import importlib

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

import pytest
from axes.helpers import get_client_ip_address
from rest_framework.throttling import BaseThrottle

from core.ratelimits import client_ip, over_limit
from tests.accounts.factories import PASSWORD, NationalEditorFactory

SOCKET = "10.0.0.2"
DERIVED = [
    "TRUSTED_PROXY_COUNT",
    "IPWARE_META_PRECEDENCE_ORDER",
    "IPWARE_META_PROXY_COUNT",
    "IPWARE_STRICT",
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    "AXES_IPWARE_PROXY_COUNT",
    "REST_FRAMEWORK",
]


@pytest.fixture
def proxies(monkeypatch):
    """``proxies(n)``: the settings as base.py makes them with TRUSTED_PROXY_COUNT=n set."""
    from config.settings import base

    overrides = []

    def configure(count):
        monkeypatch.setenv("TRUSTED_PROXY_COUNT", str(count))
        fresh = importlib.reload(base)
        overrides.append(override_settings(**{name: getattr(fresh, name) for name in DERIVED}))
        overrides[-1].enable()

    yield configure
    for override in reversed(overrides):
        override.disable()
    monkeypatch.undo()
    importlib.reload(base)


def _request(rf, forwarded):
    header = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return rf.post("/", REMOTE_ADDR=SOCKET, **header)


def _seen(rf, forwarded):
    """The address each consumer sees for one request."""
    request = _request(rf, forwarded)
    return {
        "ipware": client_ip(request),
        "axes": get_client_ip_address(request),
        "drf": BaseThrottle().get_ident(request),
    }


@pytest.mark.parametrize("rotated", ["198.51.100.1", "198.51.100.2, 192.0.2.9", ""])
def test_without_a_proxy_a_forwarded_header_changes_nothing(rf, proxies, rotated):
    proxies(0)
    assert _seen(rf, rotated) == _seen(rf, "203.0.113.50") == dict.fromkeys(_seen(rf, ""), SOCKET)


@pytest.mark.parametrize(
    ("count", "forwarded", "client"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # "6.6.6.6" was written by the client itself; the proxy appended the address it saw.
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.1", "198.51.100.7"),
        (1, None, SOCKET),  # no header: a request from the proxy's host itself
    ],
)
def test_behind_proxies_the_entry_they_appended_is_the_client(
    rf, proxies, count, forwarded, client
):
    proxies(count)
    assert _seen(rf, forwarded) == dict.fromkeys(["ipware", "axes", "drf"], client)


def _limited(rf, forwarded):
    return over_limit(_request(rf, forwarded), "probe")


@override_settings(RATE_LIMITS={"probe": "1/m"})
def test_rate_limits_count_the_client_not_what_it_wrote(rf, proxies):
    cache.clear()
    proxies(0)
    assert not _limited(rf, "198.51.100.1")
    assert _limited(rf, "198.51.100.2")  # the same socket, whatever the header says
    cache.clear()
    proxies(1)
    assert not _limited(rf, "6.6.6.6, 198.51.100.7")
    assert _limited(rf, "1.2.3.4, 198.51.100.7")
    assert not _limited(rf, "6.6.6.6, 198.51.100.8")
    cache.clear()


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True)
def test_rotating_the_header_does_not_escape_a_lockout(client, proxies):
    editor = NationalEditorFactory()
    proxies(0)

    def login(password, forwarded):
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": editor.username, "password": password},
            REMOTE_ADDR=SOCKET,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for i in range(5):
        login("wrong-password", f"198.51.100.{i}")
    assert login(PASSWORD, "198.51.100.99").status_code == 429
