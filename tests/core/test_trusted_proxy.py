"""One trusted-proxy setting for login throttling and every rate limit (issue 15, D6).

settings.TRUSTED_PROXY_COUNT is the number of proxies in front that append to X-Forwarded-For. At 0
(the app reached directly) a client's own X-Forwarded-For must not change the address that
django-axes and the rate limits see, or rotating it would guess passwords without limit; at 1 the
right-most entry, the one our proxy appended, is the client."""

from django.test import override_settings
from django.urls import reverse

import pytest
from axes.helpers import get_client_ip_address

from core.clientip import client_ip
from materials import ratelimit
from registry.api import CountingScopedRateThrottle

SOCKET = "10.0.0.2"


def _seen(rf, forwarded):
    """The address each consumer sees for one request."""
    request = rf.post("/", REMOTE_ADDR=SOCKET, HTTP_X_FORWARDED_FOR=forwarded)
    return {
        "client_ip": client_ip(request),
        "axes": get_client_ip_address(request),
        "api throttle": CountingScopedRateThrottle().get_ident(request),
        "form limit": ratelimit._key("commitment", request),
    }


@pytest.mark.parametrize("rotated", ["198.51.100.1", "198.51.100.2, 192.0.2.9", ""])
def test_without_a_proxy_a_forwarded_header_changes_nothing(rf, settings, rotated):
    settings.TRUSTED_PROXY_COUNT = 0
    seen = _seen(rf, rotated)
    assert seen == _seen(rf, "203.0.113.50")
    assert seen["client_ip"] == seen["axes"] == seen["api throttle"] == SOCKET


def test_behind_one_proxy_the_right_most_entry_is_the_client(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # "6.6.6.6" was written by the client itself; nginx appended the address it saw.
    seen = _seen(rf, "6.6.6.6, 198.51.100.7")
    assert seen["client_ip"] == seen["axes"] == seen["api throttle"] == "198.51.100.7"
    assert seen["form limit"] != _seen(rf, "6.6.6.6, 198.51.100.8")["form limit"]
    assert seen["form limit"] == _seen(rf, "1.2.3.4, 198.51.100.7")["form limit"]


def test_settings_derive_from_the_one_setting():
    from django.conf import settings

    assert settings.AXES_IPWARE_PROXY_COUNT == settings.TRUSTED_PROXY_COUNT
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT
    assert settings.AXES_CLIENT_IP_CALLABLE == "core.clientip.client_ip"


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=0)
def test_rotating_the_header_does_not_escape_a_lockout(client):
    from core.demo import DEMO_PASSWORD

    def login(password, forwarded):
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": "toimittaja", "password": password},
            REMOTE_ADDR=SOCKET,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for i in range(5):
        login("wrong-password", f"198.51.100.{i}")
    assert login(DEMO_PASSWORD, "198.51.100.99").status_code == 429
