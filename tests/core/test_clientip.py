"""Per-address limits see the visitor behind a proxy, not the proxy (core/clientip.py)."""

from core.clientip import client_ip


def test_without_a_proxy_the_socket_address_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
    # A client may send any X-Forwarded-For: with no proxy configured it must not be believed.
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_proxy_the_forwarded_address_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


def test_behind_two_proxies_the_address_the_outer_one_saw_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.1"
    )
    # "6.6.6.6" was written by the client itself: only what our proxies appended is trusted.
    assert client_ip(request) == "198.51.100.7"
