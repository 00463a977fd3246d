"""Prepared statements for the registry's hot SQL (the desk API's lookups and the rollup upserts).

Django's psycopg cursors bind parameters on the client, so PostgreSQL parses and plans every
statement anew. For the statements that a desk runs on every request (a fixed text, one row by a
unique key) planning costs more than running them: measured on the national-scale data set, the
token lookup took 0.62 ms of PostgreSQL's CPU, 0.12 ms prepared; the card lookup 0.24 ms, 0.04 ms.
:func:`prepared_cursor` runs them as prepared statements, planned once per connection.

``DATABASES["default"]["OPTIONS"]["prepare_threshold"]`` is left as Django sets it; psycopg prepares
only what this cursor asks for. Behind a connection pooler in transaction mode that does not
support prepared statements (PgBouncer before 1.21), set ``DB_PREPARED_STATEMENTS=0``.
"""

import contextlib
import functools

from django.conf import settings
from django.db import connection
from django.db.backends.utils import CursorDebugWrapper

# psycopg prepares a statement run this many times on the connection, or when asked (prepare=True):
# Django's cursors bind parameters on the client and never prepare; only prepared_cursor asks.
_ONLY_WHEN_ASKED = 2**31 - 1


@functools.cache
def _preparing_cursor_class():
    """Django's server-side binding cursor for psycopg, preparing every statement it runs (psycopg
    keeps a connection's prepared statements and their names)."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


@contextlib.contextmanager
def prepared_cursor():
    """A cursor for the registry's hot statements (a fixed text run on every desk request).

    On PostgreSQL the statement is planned once per connection instead of on every request: for
    these lookups and upserts planning costs more than running them (the token lookup: 0.5 ms
    planned, 0.14 ms run). The cursor is Django's own wrapper (query logging, execute wrappers,
    error translation) around psycopg's server-side binding cursor, made as Django makes its
    cursors (health check first). Elsewhere, Django's usual cursor."""
    if connection.vendor != "postgresql" or not settings.DB_PREPARED_STATEMENTS:
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        pg = connection.connection
        if pg.prepare_threshold is None:  # Django's default: psycopg then prepares nothing at all
            pg.prepare_threshold = _ONLY_WHEN_ASKED
        raw = _preparing_cursor_class()(pg)
    connection.validate_thread_sharing()
    if connection.queries_logged:
        cursor = _LoggedPrepared(raw, connection)
    else:
        cursor = connection.make_cursor(raw)
    with cursor:
        yield cursor


class _LoggedPrepared(CursorDebugWrapper):
    """Django's query log for prepared statements: psycopg keeps no text of a prepared execution
    for Django to read back, so the statement is logged as written (with its placeholders)."""

    def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
        return super().debug_sql(sql, params, use_last_executed_query=False, many=many)
