"""Which search backend the site uses: PostgreSQL (or the database) by default, OpenSearch or
Elasticsearch when `SEARCH_URL` is set. A plain function of the environment, so that it can be
tested without the search client installed and without a search server.

With a search server there is one backend, and so one set of indexes, per language: OpenSearch
and Elasticsearch give an index one default analyzer, and Finnish, Swedish and English each need
their own stemming (as `core.search_backend` does on PostgreSQL with one text-search
configuration per locale). `core.search_backend.backend_for_language` picks the active
language's one; plain Finnish is Finnish.
"""

from django.core.exceptions import ImproperlyConfigured

# Wagtail's own modules for each engine (wagtail.search.backends.<engine>, from django-modelsearch).
# Each needs its client: opensearch-py for OpenSearch (`pip install ".[opensearch]"`),
# elasticsearch with the server's major version for Elasticsearch.
SEARCH_ENGINES = (
    "opensearch3",
    "opensearch2",
    "elasticsearch9",
    "elasticsearch8",
    "elasticsearch7",
)
DEFAULT_ENGINE = "opensearch3"
DEFAULT_INDEX_PREFIX = "kaikukortti_"
# The built-in language analyzers of OpenSearch and Elasticsearch (the same names in both), as
# core.languages.SEARCH_CONFIGS names PostgreSQL's. Finnish is the site's default language.
LANGUAGE_ANALYZERS = {"fi": "finnish", "sv": "swedish", "en": "english"}
DEFAULT_LANGUAGE = "fi"
DATABASE_BACKENDS = {
    # PostgreSQL full text with per-language stemming, or the plain database backend elsewhere.
    "default": {"BACKEND": "core.search_backend"},
}


def search_backends(environ):
    """WAGTAILSEARCH_BACKENDS for the environment `environ` (os.environ in the settings)."""
    urls = [url.strip() for url in environ.get("SEARCH_URL", "").split(",") if url.strip()]
    if not urls:
        return DATABASE_BACKENDS
    engine = environ.get("SEARCH_ENGINE", "").strip() or DEFAULT_ENGINE
    if engine not in SEARCH_ENGINES:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)} (got {engine!r})."
        )
    prefix = environ.get("SEARCH_INDEX_PREFIX", "").strip() or DEFAULT_INDEX_PREFIX
    backends = {}
    for language, analyzer in LANGUAGE_ANALYZERS.items():
        name = "default" if language == DEFAULT_LANGUAGE else language
        backends[name] = {
            "BACKEND": f"wagtail.search.backends.{engine}",
            "URLS": urls,
            # Every language has its own indexes (pages, images, documents, ...).
            "INDEX_PREFIX": f"{prefix}{language}_",
            "TIMEOUT": int(environ.get("SEARCH_TIMEOUT", "5")),
            # "default" is the analyzer of every text field that names none.
            "INDEX_SETTINGS": {
                "settings": {"analysis": {"analyzer": {"default": {"type": analyzer}}}}
            },
        }
    return backends
