"""Site search: PostgreSQL full text with the stemming of each language; the database backend elsewhere.

Upstream gap: Wagtail's PostgreSQL backend (django-modelsearch) uses one text-search configuration
for the whole index. Our pages are in Finnish, Swedish, English and plain Finnish, so an object is
indexed with the configuration of its own locale and a query uses the active language's one
("museoihin" finds "Museo" only with Finnish stemming).
"""

from functools import cache

from django.conf import settings
from django.db import connection

from modelsearch.backends.database import SearchBackend as _select_database_backend

from .languages import active_language, html_lang, search_config


def _object_language(obj):
    locale = getattr(obj, "locale", None)
    return getattr(locale, "language_code", None)


@cache
def _localized_postgres_backend_class():
    """Built once: the subclasses wrap upstream's classes exactly one time."""
    from modelsearch.backends.database.postgres import postgres as pg

    upstream_indexer = pg.ObjectIndexer

    class LocalizedObjectIndexer(upstream_indexer):
        def __init__(self, obj, backend):
            super().__init__(obj, backend)
            language = _object_language(obj)
            if language:
                self.config = search_config(language)

    class LocalizedQueryCompiler(pg.PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return search_config()

    class LocalizedPostgresSearchBackend(pg.PostgresSearchBackend):
        query_compiler_class = LocalizedQueryCompiler

    # PostgresIndex.add_items builds its indexers from this module-level name.
    pg.ObjectIndexer = LocalizedObjectIndexer
    return LocalizedPostgresSearchBackend


@cache
def _quoting_sqlite_backend_class():
    """Upstream gap: django-modelsearch's SQLite backend writes each search word into an FTS5 string
    without doubling the double quotes in it, so a query such as `"http://x` is an FTS5 syntax
    error (a 500 for any visitor on SQLite). Words are quoted here as FTS5 asks: `"` becomes `""`."""
    from modelsearch.backends.database.sqlite import sqlite
    from modelsearch.query import PlainText

    class Quoting:
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText) and '"' in query.query_string:
                query = PlainText(
                    query.query_string.replace('"', '""'),
                    operator=query.operator,
                    boost=query.boost,
                )
            return super().build_search_query_content(query, config=config)

    class QuotingCompiler(Quoting, sqlite.SQLiteSearchQueryCompiler):
        pass

    class QuotingAutocompleteCompiler(Quoting, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class QuotingSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        query_compiler_class = QuotingCompiler
        autocomplete_query_compiler_class = QuotingAutocompleteCompiler

    return QuotingSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    if connection.vendor != "postgresql":
        backend = _select_database_backend(params)
        if connection.vendor == "sqlite":
            from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

            if isinstance(backend, SQLiteSearchBackend):  # FTS5 is there (not the fallback)
                return _quoting_sqlite_backend_class()(params)
        return backend
    return _localized_postgres_backend_class()(params)


def backend_for_language(language_code=None):
    """The WAGTAILSEARCH_BACKENDS entry to search the pages of a language (the active one).

    With OpenSearch/Elasticsearch every language has its own backend and indexes, named by its
    code, Finnish being "default" (config/search.py); plain Finnish is searched as Finnish. On
    PostgreSQL there is only "default", which stems per locale by itself (above).
    """
    language = html_lang(language_code or active_language())
    return language if language in settings.WAGTAILSEARCH_BACKENDS else "default"
