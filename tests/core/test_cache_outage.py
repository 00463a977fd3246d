"""Redis down → the site still serves, uncached (issue 7's fault test for the cache)."""

from django.core.cache import caches
from django.test import override_settings

import pytest

from tests.home.factories import SectionPageFactory, translate

pytestmark = pytest.mark.django_db

# Both caches live in Redis in production (config/settings/base.py): both are down.
UNREACHABLE_REDIS = {
    alias: {
        "BACKEND": "django_redis.cache.RedisCache",
        # Nothing listens on port 1: every cache call fails at once.
        "LOCATION": f"redis://127.0.0.1:1/{db}",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
    for alias, db in (("default", 0), ("template_fragments", 1))
}


@pytest.fixture
def pages(site):
    """The national site with a page translated into Swedish (built while the cache works)."""
    home = site.root_page
    section = SectionPageFactory(parent=home, title="Kaikukortti minulle?", slug="kortti-minulle")
    translate(section, "sv", title="Kaikukortet för mig?", slug="kaikukortet-for-mig")


@override_settings(CACHES=UNREACHABLE_REDIS, DJANGO_REDIS_IGNORE_EXCEPTIONS=True)
@pytest.mark.parametrize(
    # The home page, a translated page, the venue finder and the public statistics.
    "path",
    ["/fi/", "/sv/kaikukortet-for-mig/", "/fi/kohteet/", "/fi/statistics/"],
)
def test_pages_serve_when_the_cache_is_down(client, pages, path):
    # override_settings makes Django rebuild its cache handlers with the unreachable Redis.
    assert caches["default"].__class__.__name__ == "RedisCache"
    assert caches["template_fragments"].__class__.__name__ == "RedisCache"
    assert client.get(path).status_code == 200
