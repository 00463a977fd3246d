"""The registry's hot statements as PostgreSQL prepared statements: psycopg's own (DATABASES
OPTIONS prepare_threshold, set in settings for PostgreSQL unless DB_PREPARED_STATEMENTS=0), through
registry.prepared.bound_cursor; Django's own queries keep client-side binding."""

import importlib

from django.db import DataError, connection, transaction

import pytest

from registry import services

pytestmark = [pytest.mark.django_db]

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def _options(monkeypatch, database_url, prepared=None):
    """The database OPTIONS that base.py makes from this environment."""
    from config.settings import base

    monkeypatch.setenv("DATABASE_URL", database_url)
    if prepared is not None:
        monkeypatch.setenv("DB_PREPARED_STATEMENTS", prepared)
    try:
        return importlib.reload(base).DATABASES["default"].get("OPTIONS", {})
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_settings_prepare_on_postgresql_unless_turned_off(monkeypatch):
    pg = "postgres://kaiku@db.example:5432/kaiku"
    on = _options(monkeypatch, pg)
    assert on["prepare_threshold"] >= 1
    # Not for every query: server-side binding breaks a repeated parameter under DISTINCT.
    assert "server_side_binding" not in on
    for off in (_options(monkeypatch, pg, "0"), _options(monkeypatch, "sqlite:///x.db")):
        assert "server_side_binding" not in off and "prepare_threshold" not in off


def _prepared(text):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{text}%"]
        )
        return cursor.fetchone()[0]


@on_postgresql
def test_the_desks_card_lookup_is_prepared_once_per_connection(family_card):
    for _ in range(connection.settings_dict["OPTIONS"]["prepare_threshold"] + 3):
        assert services.find_card(family_card.number)[1] == family_card
    assert _prepared('"c"."number" = $1') == 1


@on_postgresql
def test_a_failed_transaction_leaves_the_prepared_statements_usable(family_card):
    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    for _ in range(threshold + 1):
        services.find_card(family_card.number)
    # Django's error, translated as by its own cursors.
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 / CAST(%s AS integer)", [0])
    assert services.find_card(family_card.number)[1] == family_card


def test_the_hot_statements_are_in_djangos_query_log(family_card):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert services.find_card(family_card.number)[1] == family_card
    assert len(queries) == 1 and '"c"."number"' in queries[0]["sql"]
