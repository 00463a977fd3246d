"""Search at scale: SEARCH_URL switches site search to OpenSearch/Elasticsearch, one index per
language with its own analyzer. Tested without a search server and without the search client."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

import modelsearch.queryset
import pytest

from config.search import DATABASE_BACKENDS, SEARCH_ENGINES, search_backends
from core.search_backend import backend_for_language

ROOT = Path(__file__).resolve().parents[2]
URL = "https://kaiku:salasana@search.internal:9200"


def _analyzer(backend):
    return backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]["type"]


def test_without_search_url_the_database_backend_stays():
    assert search_backends({}) == DATABASE_BACKENDS
    assert search_backends({"SEARCH_URL": "  "}) == DATABASE_BACKENDS
    assert DATABASE_BACKENDS == {"default": {"BACKEND": "core.search_backend"}}


def test_search_url_gives_one_opensearch_backend_per_language_with_its_analyzer():
    backends = search_backends({"SEARCH_URL": URL})
    assert set(backends) == {"default", "sv", "en"}
    assert {name: _analyzer(b) for name, b in backends.items()} == {
        "default": "finnish",
        "sv": "swedish",
        "en": "english",
    }
    for backend in backends.values():
        assert backend["BACKEND"] == "wagtail.search.backends.opensearch3"
        assert backend["URLS"] == [URL]
    # Each language writes its own indexes: never the same index name twice.
    prefixes = [b["INDEX_PREFIX"] for b in backends.values()]
    assert prefixes == ["kaikukortti_fi_", "kaikukortti_sv_", "kaikukortti_en_"]


def test_engine_prefix_urls_and_timeout_come_from_the_environment():
    backends = search_backends(
        {
            "SEARCH_URL": "http://a:9200, http://b:9200",
            "SEARCH_ENGINE": "elasticsearch8",
            "SEARCH_INDEX_PREFIX": "staging_",
            "SEARCH_TIMEOUT": "20",
        }
    )
    default = backends["default"]
    assert default["BACKEND"] == "wagtail.search.backends.elasticsearch8"
    assert default["URLS"] == ["http://a:9200", "http://b:9200"]
    assert default["INDEX_PREFIX"] == "staging_fi_"
    assert default["TIMEOUT"] == 20


def test_an_unknown_engine_is_refused_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ENGINE must be one of"):
        search_backends({"SEARCH_URL": URL, "SEARCH_ENGINE": "solr"})


@pytest.mark.parametrize("engine", SEARCH_ENGINES)
def test_wagtail_ships_every_engine_we_offer(engine):
    # find_spec locates the module without importing it, so the client need not be installed.
    assert importlib.util.find_spec(f"wagtail.search.backends.{engine}") is not None


def _settings_backends(env):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, config.settings.base as s; print(json.dumps(s.WAGTAILSEARCH_BACKENDS))",
        ],
        cwd=ROOT / "site",
        env={**{k: v for k, v in os.environ.items() if not k.startswith("SEARCH_")}, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_settings_pick_the_backend_from_the_environment():
    assert _settings_backends({}) == DATABASE_BACKENDS
    backends = _settings_backends({"SEARCH_URL": URL, "SEARCH_ENGINE": "opensearch2"})
    assert backends["sv"]["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert _analyzer(backends["default"]) == "finnish"


@pytest.mark.parametrize(
    ("language", "with_search_server", "on_database"),
    [("fi", "default", "default"), ("fi-x-selko", "default", "default"), ("sv", "sv", "default")],
)
def test_backend_for_language(settings, language, with_search_server, on_database):
    settings.WAGTAILSEARCH_BACKENDS = search_backends({"SEARCH_URL": URL})
    assert backend_for_language(language) == with_search_server
    settings.WAGTAILSEARCH_BACKENDS = DATABASE_BACKENDS
    assert backend_for_language(language) == on_database


@pytest.mark.django_db
def test_site_search_asks_the_active_languages_backend(client, site, settings, monkeypatch):
    # The site's Swedish home page is "Kaikukortet".
    # An "sv" backend that is the database one: the view must ask for it by name on /sv/.
    settings.WAGTAILSEARCH_BACKENDS = {**DATABASE_BACKENDS, "sv": DATABASE_BACKENDS["default"]}
    asked = []
    real = modelsearch.queryset.get_search_backend

    def spy(backend="default", **kwargs):
        asked.append(backend)
        return real(backend, **kwargs)

    monkeypatch.setattr(modelsearch.queryset, "get_search_backend", spy)
    cache.clear()  # rendered now, not served from the page cache
    response = client.get("/sv/search/", {"q": "Kaikukortet"})
    assert response.status_code == 200
    assert list(response.context["results"])
    assert client.get("/fi/search/", {"q": "Kaikukortti"}).status_code == 200
    assert asked == ["sv", "default"]
