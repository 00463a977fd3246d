"""`make backup` / `make restore` (bin/backup.py over django-dbbackup), run as the Makefile runs them,
each on a database of its own: a SQLite file, or a `test_` database made for the test on PostgreSQL.
A restore brings back the data and the media and purges the cached public pages."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

from django.db import connection

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "backup.py"
# Runs bin/backup.py's main() with core.signals.purge_public_pages recording its call in a file.
RUNNER = """
import importlib.util, os, sys
sys.path[:0] = [os.path.join(sys.argv[1], "site"), sys.argv[1]]
import django
django.setup()
import core.signals
core.signals.purge_public_pages = lambda: open(os.environ["PURGED"], "a").write("purged")
spec = importlib.util.spec_from_file_location("backup", sys.argv[2])
backup = importlib.util.module_from_spec(spec)
spec.loader.exec_module(backup)
sys.exit(backup.main(sys.argv[3:]))
"""


def run(tmp_path, database_url, media, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "PURGED": str(tmp_path / "purged"),
    }
    env.pop("AWS_STORAGE_BUCKET_NAME", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", RUNNER, str(ROOT), str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _sqlite_db(path, cards):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE registry_card (id integer PRIMARY KEY, number text)")
        conn.executemany(
            "INSERT INTO registry_card (number) VALUES (?)", [(i,) for i in range(cards)]
        )
    return f"sqlite:///{path}"


def _sqlite_cards(path):
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM registry_card").fetchone()[0]


def test_sqlite_backup_restores_the_data_and_the_media_and_purges_the_pages(tmp_path):
    url = _sqlite_db(tmp_path / "db.sqlite3", cards=7)
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "brochure.pdf").write_bytes(b"%PDF-1.7")

    made = run(tmp_path, url, media, "backup", "--dest", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    assert {p.name for p in (tmp_path / "bk").iterdir()} >= {"db.dump", "media.tar.gz"}
    assert not (tmp_path / "purged").exists()  # a backup purges nothing

    # What happens after the backup is undone by the restore.
    with sqlite3.connect(tmp_path / "db.sqlite3") as conn:
        conn.execute("DELETE FROM registry_card WHERE id > 2")
    (media / "documents" / "brochure.pdf").write_bytes(b"changed")

    restored = run(tmp_path, url, media, "restore", str(tmp_path / "bk"))
    assert restored.returncode == 0, restored.stderr
    assert _sqlite_cards(tmp_path / "db.sqlite3") == 7
    assert (media / "documents" / "brochure.pdf").read_bytes() == b"%PDF-1.7"
    assert (tmp_path / "purged").read_text() == "purged"

    # Into another, empty database and media folder.
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    (tmp_path / "other-media").mkdir()
    restored = run(tmp_path, other, tmp_path / "other-media", "restore", str(tmp_path / "bk"))
    assert restored.returncode == 0, restored.stderr
    assert _sqlite_cards(tmp_path / "other.sqlite3") == 7
    assert (tmp_path / "other-media" / "documents" / "brochure.pdf").read_bytes() == b"%PDF-1.7"


def test_backup_never_overwrites_a_backup(tmp_path):
    url = _sqlite_db(tmp_path / "db.sqlite3", cards=1)
    (tmp_path / "bk").mkdir()
    made = run(tmp_path, url, tmp_path / "media", "backup", "--dest", str(tmp_path / "bk"))
    assert made.returncode == 1
    assert "backup failed" in made.stderr and "exists" in made.stderr


def test_restore_refuses_a_folder_that_is_no_backup(tmp_path):
    url = _sqlite_db(tmp_path / "db.sqlite3", cards=3)
    (tmp_path / "empty").mkdir()
    failed = run(tmp_path, url, tmp_path / "media", "restore", str(tmp_path / "empty"))
    assert failed.returncode == 1
    assert "db.dump is missing: not a backup folder" in failed.stderr
    assert _sqlite_cards(tmp_path / "db.sqlite3") == 3
    assert not (tmp_path / "purged").exists()


def test_restore_refuses_a_dump_of_another_database_engine(tmp_path):
    url = _sqlite_db(tmp_path / "db.sqlite3", cards=3)
    assert (
        run(tmp_path, url, tmp_path / "media", "backup", "--dest", str(tmp_path / "bk")).returncode
        == 0
    )
    metadata = tmp_path / "bk" / "db.dump.metadata"
    metadata.write_text(metadata.read_text().replace("sqlite3", "postgresql"))
    failed = run(tmp_path, url, tmp_path / "media", "restore", str(tmp_path / "bk"))
    assert failed.returncode == 1
    assert "Restoring to a different database engine is not supported" in failed.stderr


def test_a_media_archive_cannot_write_outside_media_root(tmp_path):
    import io
    import tarfile

    url = _sqlite_db(tmp_path / "db.sqlite3", cards=1)
    media = tmp_path / "deep" / "media"
    media.mkdir(parents=True)
    assert run(tmp_path, url, media, "backup", "--dest", str(tmp_path / "bk")).returncode == 0
    with tarfile.open(tmp_path / "bk" / "media.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo("../escape.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    failed = run(tmp_path, url, media, "restore", str(tmp_path / "bk"))
    assert failed.returncode == 1
    assert (
        "restore failed: The joined path" in failed.stderr
        and "outside of the base path" in failed.stderr
    )
    assert not (tmp_path / "deep" / "escape.txt").exists()


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (pg_dump)")
def test_postgresql_backup_restores_into_a_database_of_its_own(tmp_path):
    import psycopg
    from psycopg import sql

    db = connection.settings_dict
    server = {
        "host": db.get("HOST") or None,
        "port": str(db.get("PORT") or "") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    name = f"test_kaiku_restore_{uuid.uuid4().hex[:12]}"  # never the shared server's own databases
    login = ":".join(filter(None, (server["user"], server["password"])))
    url = f"postgres://{login}@{server['host'] or '127.0.0.1'}:{server['port'] or 5432}/{name}"

    def count():
        with psycopg.connect(**server, dbname=name) as conn:
            return conn.execute("SELECT count(*) FROM registry_card").fetchone()[0]

    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        with psycopg.connect(**server, dbname=name) as conn:
            conn.execute("CREATE TABLE registry_card (id serial PRIMARY KEY, number text)")
            conn.execute(
                "INSERT INTO registry_card (number) SELECT g::text FROM generate_series(1, 5) g"
            )
        made = run(tmp_path, url, tmp_path / "media", "backup", "--dest", str(tmp_path / "bk"))
        assert made.returncode == 0, made.stderr
        with psycopg.connect(**server, dbname=name) as conn:
            conn.execute("DELETE FROM registry_card WHERE id > 1")
        restored = run(tmp_path, url, tmp_path / "media", "restore", str(tmp_path / "bk"))
        assert restored.returncode == 0, restored.stderr
        assert count() == 5
        assert (tmp_path / "purged").read_text() == "purged"
        # Again into the now populated database: --clean replaces it, nothing doubles.
        assert (
            run(tmp_path, url, tmp_path / "media", "restore", str(tmp_path / "bk")).returncode == 0
        )
        assert count() == 5
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
