"""Redis down → the site still serves, uncached (issue 7's fault test for the cache)."""

from django.core.cache import caches
from django.test import override_settings

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
}


@override_settings(CACHES=UNREACHABLE_REDIS, DJANGO_REDIS_IGNORE_EXCEPTIONS=True)
@pytest.mark.parametrize(
    "path", ["/fi/", "/sv/kaikukortet-for-mig/", "/fi/kohteet/", "/fi/statistics/"]
)
def test_pages_serve_when_the_cache_is_down(client, path):
    # override_settings makes Django rebuild its cache handlers with the unreachable Redis.
    assert caches["default"].__class__.__name__ == "RedisCache"
    assert client.get(path).status_code == 200
