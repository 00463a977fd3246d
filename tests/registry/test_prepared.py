"""The registry's hot statements as PostgreSQL prepared statements: psycopg's own, through
Django's DATABASES OPTIONS (server-side binding, prepare_threshold), set in settings for
PostgreSQL unless DB_PREPARED_STATEMENTS=0."""

import importlib

from django.db import DataError, connection, transaction

import pytest

from registry import services

pytestmark = pytest.mark.django_db

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
    assert on["server_side_binding"] is True and on["prepare_threshold"] >= 1
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
