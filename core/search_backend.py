"""Site search: PostgreSQL full text with the stemming of each language; the database backend elsewhere.

django-modelsearch's PostgreSQL backend has one text-search configuration for every language and its
SQLite backend breaks on a double quote; both are worked around in core/upstream_workarounds.py.
"""

from django.conf import settings
from django.db import connection

from modelsearch.backends.database import SearchBackend as database_backend

from .languages import active_language, html_lang, search_config
from .upstream_workarounds import localized_postgres_backend_class, quoting_sqlite_backend_class


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    if connection.vendor == "postgresql":
        return localized_postgres_backend_class(search_config)(params)
    backend = database_backend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        if isinstance(backend, SQLiteSearchBackend):  # FTS5 is there (not the fallback)
            return quoting_sqlite_backend_class()(params)
    return backend


def backend_for_language(language_code=None):
    """The WAGTAILSEARCH_BACKENDS entry to search the pages of a language (the active one).

    With OpenSearch/Elasticsearch every language has its own backend and indexes, named by its
    code, Finnish being "default" (config/search.py); plain Finnish is searched as Finnish. On
    PostgreSQL there is only "default", which stems per locale by itself (above).
    """
    language = html_lang(language_code or active_language())
    return language if language in settings.WAGTAILSEARCH_BACKENDS else "default"
