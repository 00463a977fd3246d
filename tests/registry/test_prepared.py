"""The registry's hot statements as prepared statements (registry/prepared.py)."""

from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

import pytest

from registry.prepared import prepared_cursor

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)

STATEMENT = "SELECT CAST(%s AS integer) + 1 AS kaiku_prepared_probe"


def _prepared():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%kaiku_prepared_probe%"],
        )
        return cursor.fetchone()[0]


def _run(value):
    with prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [value])
        return cursor.fetchone()[0]


@on_postgresql
def test_a_statement_is_prepared_once_per_connection():
    assert [_run(1), _run(2), _run(41)] == [2, 3, 42]
    assert _prepared() == 1


@on_postgresql
def test_django_cursors_still_bind_on_the_client_and_prepare_nothing():
    _run(1)
    with connection.cursor() as cursor:
        for value in range(10):
            cursor.execute("SELECT %s::integer AS kaiku_client_probe", [value])
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%kaiku_client_probe%"],
        )
        assert cursor.fetchone()[0] == 0


@on_postgresql
def test_a_failed_transaction_leaves_the_prepared_statements_usable():
    # Django's error, translated as by its own cursors.
    with pytest.raises(DataError), transaction.atomic(), prepared_cursor() as cursor:
        cursor.execute(STATEMENT, [1])
        cursor.execute("SELECT 1 / CAST(%s AS integer)", [0])
    assert _run(6) == 7


@on_postgresql
def test_the_setting_turns_them_off(settings):
    settings.DB_PREPARED_STATEMENTS = False
    assert _run(1) == 2
    assert _prepared() == 0


def test_statements_are_logged_for_query_counts():
    with CaptureQueriesContext(connection) as queries:
        assert _run(9) == 10
    assert [q["sql"] for q in queries if "kaiku_prepared_probe" in q["sql"]]
