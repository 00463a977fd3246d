"""Site search: PostgreSQL full text with the stemming of each language; the database backend elsewhere.

Upstream gap: Wagtail's PostgreSQL backend (django-modelsearch) uses one text-search configuration
for the whole index. Our pages are in Finnish, Swedish, English and plain Finnish, so an object is
indexed with the configuration of its own locale and a query uses the active language's one
("museoihin" finds "Museo" only with Finnish stemming).
"""

from functools import cache

from django.db import connection

from modelsearch.backends.database import SearchBackend as _select_database_backend

from .languages import search_config


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


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    if connection.vendor != "postgresql":
        return _select_database_backend(params)
    return _localized_postgres_backend_class()(params)
