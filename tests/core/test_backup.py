"""`bin/backup.py`: a backup restores into an empty database with every card and use, and the media
archive cannot write outside MEDIA_ROOT."""

import importlib.util
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

import pytest

from registry.models import Card, Use

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "backup.py"

_spec = importlib.util.spec_from_file_location("kaiku_backup", SCRIPT)
backup = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(backup)


def test_table_names_are_the_models():
    assert Card._meta.db_table == backup.CARD_TABLE
    assert Use._meta.db_table == backup.USE_TABLE


def test_pg_env_carries_the_connection_in_the_environment():
    env = backup.pg_env_from_url("postgres://kaiku:s3cret@db.example:6543/kaikukortti")
    assert env["PGHOST"] == "db.example"
    assert env["PGPORT"] == "6543"
    assert env["PGUSER"] == "kaiku"
    assert env["PGPASSWORD"] == "s3cret"  # noqa: S105
    assert env["PGDATABASE"] == "kaikukortti"


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_count(db, name):
    import psycopg

    with psycopg.connect(
        host=db.get("HOST") or None,
        port=str(db.get("PORT") or "") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname=name,
    ) as conn:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in ("registry_card", "registry_use")
        )


def _pg_admin(db):
    import psycopg

    return psycopg.connect(
        host=db.get("HOST") or None,
        port=str(db.get("PORT") or "") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (pg_dump)")
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_restores_into_an_empty_database(tmp_path):
    from psycopg import sql

    # The session's demo data is committed in the test database; a transactional test that ran
    # before this one may have flushed it, so load it again then.
    if not Use.objects.exists():
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
    cards, uses = Card.objects.count(), Use.objects.count()
    assert cards > 0 and uses > 0

    db = connection.settings_dict  # the test database
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "a.txt").write_text("media file")
    manifest = backup.backup(tmp_path / "backup", db=db, media_root=media)
    assert manifest["database"] == {"vendor": "postgresql", "file": "db.dump"}
    assert manifest["counts"] == {"cards": cards, "uses": uses}
    latest = {}
    for record in MigrationRecorder.Migration.objects.order_by("applied", "id"):
        latest[record.app] = record.name
    assert manifest["migrations"] == latest
    assert manifest["media"]["files"] == 1

    name = f"kaiku_restore_{uuid.uuid4().hex[:12]}"
    with _pg_admin(db) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        target = {**db, "NAME": name}
        restored_media = tmp_path / "restored-media"
        result = backup.restore(tmp_path / "backup", db=target, media_root=restored_media)
        assert result["counts"] == {"cards": cards, "uses": uses}
        assert _pg_count(db, name) == (cards, uses)
        assert (restored_media / "images" / "a.txt").read_text() == "media file"

        # Again into the now populated database: --clean replaces it, nothing doubles.
        result = backup.restore(tmp_path / "backup", db=target, media_root=restored_media)
        assert _pg_count(db, name) == (cards, uses)
    finally:
        with _pg_admin(db) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_db(path, cards, uses):
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE django_migrations (id integer PRIMARY KEY, app text, name text, applied text);
        CREATE TABLE registry_card (id integer PRIMARY KEY, number text);
        CREATE TABLE registry_use (id integer PRIMARY KEY, card_id integer);
        INSERT INTO django_migrations (app, name, applied) VALUES
            ('registry', '0001_initial', '2026-01-01'), ('registry', '0002_more', '2026-01-02'),
            ('home', '0001_initial', '2026-01-01');
        """
    )
    conn.executemany(
        "INSERT INTO registry_card (number) VALUES (?)", [(str(i),) for i in range(cards)]
    )
    conn.executemany("INSERT INTO registry_use (card_id) VALUES (?)", [(1,) for _ in range(uses)])
    conn.commit()
    conn.close()
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def _sqlite_counts(path):
    conn = sqlite3.connect(path)
    try:
        return tuple(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in ("registry_card", "registry_use")
        )
    finally:
        conn.close()


def test_sqlite_backup_restores_into_an_empty_and_a_populated_database(tmp_path):
    source = _sqlite_db(tmp_path / "source.sqlite3", cards=7, uses=19)
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "brochure.pdf").write_bytes(b"%PDF-1.7")
    manifest = backup.backup(tmp_path / "backup", db=source, media_root=media)
    assert manifest["database"] == {"vendor": "sqlite", "file": "db.sqlite3"}
    assert manifest["counts"] == {"cards": 7, "uses": 19}
    assert manifest["migrations"] == {"home": "0001_initial", "registry": "0002_more"}
    assert json.loads((tmp_path / "backup" / "manifest.json").read_text()) == manifest

    empty = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "new" / "db.sqlite3")}
    result = backup.restore(tmp_path / "backup", db=empty, media_root=tmp_path / "restored")
    assert result["counts"] == {"cards": 7, "uses": 19}
    assert _sqlite_counts(empty["NAME"]) == (7, 19)
    assert (tmp_path / "restored" / "documents" / "brochure.pdf").read_bytes() == b"%PDF-1.7"

    populated = _sqlite_db(tmp_path / "populated.sqlite3", cards=2, uses=50)
    backup.restore(tmp_path / "backup", db=populated, media_root=tmp_path / "restored")
    assert _sqlite_counts(populated["NAME"]) == (7, 19)


def test_restore_fails_when_the_counts_differ_from_the_manifest(tmp_path):
    source = _sqlite_db(tmp_path / "source.sqlite3", cards=3, uses=4)
    backup.backup(tmp_path / "backup", db=source, media_root=tmp_path / "no-media")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["counts"]["uses"] = 5
    manifest_path.write_text(json.dumps(manifest))
    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "t.sqlite3")}
    with pytest.raises(backup.BackupError, match="uses: the manifest says 5, the database has 4"):
        backup.restore(tmp_path / "backup", db=target, media_root=tmp_path / "m")


def test_backup_refuses_a_non_empty_destination(tmp_path):
    source = _sqlite_db(tmp_path / "source.sqlite3", cards=1, uses=1)
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old").write_text("x")
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.backup(tmp_path / "backup", db=source)


def test_command_line_backup_and_restore(tmp_path):
    """The CLI as `make backup` / `make restore` run it: exit 0, then non-zero on a bad manifest."""
    _sqlite_db(tmp_path / "source.sqlite3", cards=4, uses=6)
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "x.txt").write_text("x")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("AWS_STORAGE_BUCKET_NAME", None)

    def run(*args, **extra):
        return subprocess.run(  # noqa: S603
            [sys.executable, str(SCRIPT), *args],
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=False,
        )

    made = run("backup", "--dest", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    assert "4 cards, 6 uses, 1 media files" in made.stdout

    target = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    loaded = run("restore", str(tmp_path / "bk"), **target)
    assert loaded.returncode == 0, loaded.stderr
    assert "4 cards, 6 uses, 1 media files" in loaded.stdout
    assert (tmp_path / "restored-media" / "x.txt").read_text() == "x"

    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    manifest["counts"]["cards"] = 40
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(manifest))
    failed = run("restore", str(tmp_path / "bk"), **target)
    assert failed.returncode == 1
    assert "cards: the manifest says 40, the database has 4" in failed.stderr


# --- Safe extraction --------------------------------------------------------------------------


def _archive(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, kind in members:
            info = tarfile.TarInfo(name)
            if kind == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = "/etc/passwd"
                tar.addfile(info)
            else:
                data = b"data"
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("../x", "file", r"'\.\.'"),
        ("images/../../x", "file", r"'\.\.'"),
        ("/etc/x", "file", "absolute"),
        ("images/link", "symlink", "link"),
    ],
)
def test_safe_extract_refuses_members_outside_the_target(tmp_path, name, kind, message):
    archive = _archive(tmp_path / "media.tar.gz", [("ok.txt", "file"), (name, kind)])
    target = tmp_path / "deep" / "target"
    with pytest.raises(backup.BackupError, match=message):
        backup.safe_extract(archive, target)
    assert not target.exists()  # checked before anything is written
    assert not (tmp_path / "deep" / "x").exists()


def test_restore_refuses_a_bad_media_archive_before_touching_the_database(tmp_path):
    source = _sqlite_db(tmp_path / "source.sqlite3", cards=1, uses=1)
    backup.backup(tmp_path / "backup", db=source, media_root=tmp_path / "media")
    _archive(tmp_path / "backup" / "media.tar.gz", [("../escape", "file")])
    target = _sqlite_db(tmp_path / "target.sqlite3", cards=9, uses=9)
    with pytest.raises(backup.BackupError, match=r"'\.\.'"):
        backup.restore(tmp_path / "backup", db=target, media_root=tmp_path / "restored")
    assert _sqlite_counts(target["NAME"]) == (9, 9)


def test_safe_extract_extracts_a_good_archive(tmp_path):
    archive = _archive(tmp_path / "media.tar.gz", [("images/a.jpg", "file"), ("b.txt", "file")])
    assert backup.safe_extract(archive, tmp_path / "out") == 2
    assert (tmp_path / "out" / "images" / "a.jpg").read_bytes() == b"data"
