"""Backup and restore of the database and the local media files.

    python bin/backup.py backup [--dest DIR]   # default: backups/<UTC timestamp>/
    python bin/backup.py restore DIR

A backup folder holds `db.dump` (PostgreSQL, `pg_dump --format=custom`) or `db.sqlite3` (SQLite, copied
with SQLite's online backup API), `media.tar.gz` (MEDIA_ROOT; not written when media is on S3, where the
bucket's own versioning and replication are the backup) and `manifest.json`: when, which database,
the latest applied migration of each app and the number of registry cards and uses. `restore` loads
the database and the media back and exits non-zero unless the restored counts match the manifest.

The database is the one Django's settings read from DATABASE_URL (with dj_database_url). PostgreSQL's
connection parameters go to pg_dump and pg_restore as PG* environment variables, never as arguments.
"""

import argparse
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
PG_DUMP = "db.dump"
SQLITE_COPY = "db.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
CARD_TABLE = "registry_card"  # Card._meta.db_table, checked by the tests
USE_TABLE = "registry_use"  # Use._meta.db_table


class BackupError(Exception):
    """A backup or a restore that cannot go on; the message says why."""


# --- Databases --------------------------------------------------------------------------------


def vendor(db):
    """'postgresql' or 'sqlite' for a Django DATABASES entry."""
    engine = db["ENGINE"]
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    if "sqlite3" in engine or "spatialite" in engine:
        return "sqlite"
    raise BackupError(f"unsupported database engine: {engine}")


def pg_env(db):
    """The environment for libpq tools (pg_dump, pg_restore) that points them at `db`."""
    env = dict(os.environ)
    for key in ("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
        env.pop(key, None)
    values = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    env.update({key: str(value) for key, value in values.items() if value not in (None, "")})
    return env


def pg_env_from_url(url):
    """pg_env() for a DATABASE_URL, parsed the way the settings parse it."""
    import dj_database_url

    return pg_env(dj_database_url.parse(url))


def _pg_connect(db):
    import psycopg

    params = {
        "host": db.get("HOST"),
        "port": db.get("PORT"),
        "user": db.get("USER"),
        "password": db.get("PASSWORD"),
        "dbname": db.get("NAME"),
        "sslmode": (db.get("OPTIONS") or {}).get("sslmode"),
    }
    return psycopg.connect(**{k: str(v) for k, v in params.items() if v not in (None, "")})


def _connect(db):
    if vendor(db) == "postgresql":
        return _pg_connect(db)
    path = Path(db["NAME"])
    if not path.exists():
        raise BackupError(f"SQLite database not found: {path}")
    return sqlite3.connect(path)


def database_state(db):
    """What the manifest records about a database: migration state and registry counts."""
    conn = _connect(db)
    try:
        cur = conn.cursor()
        migrations = {}
        try:
            cur.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
            for app, name in cur.fetchall():
                migrations[app] = name  # the last applied one wins
        except Exception as exc:  # noqa: BLE001 - no table: not a Django database
            raise BackupError(f"no Django migration table in the database: {exc}") from exc
        counts = {}
        for label, table in (("cards", CARD_TABLE), ("uses", USE_TABLE)):
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - constant table names
            counts[label] = cur.fetchone()[0]
        return {"migrations": dict(sorted(migrations.items())), "counts": counts}
    finally:
        conn.close()


def _run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def dump_database(db, dest):
    """Writes the database into `dest`; returns the file's name."""
    if vendor(db) == "postgresql":
        target = dest / PG_DUMP
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
            env=pg_env(db),
        )
        return target.name
    source = sqlite3.connect(f"file:{Path(db['NAME']).resolve()}?mode=ro", uri=True)
    target = sqlite3.connect(dest / SQLITE_COPY)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return SQLITE_COPY


def restore_database(db, src):
    """Loads a dump from `src` into the (empty or populated) database `db`."""
    if vendor(db) == "postgresql":
        dump = src / PG_DUMP
        if not dump.is_file():
            raise BackupError(f"{dump} is missing (was this backup made from SQLite?)")
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname=",  # an empty name: libpq takes it from PGDATABASE
                str(dump),
            ],
            env=pg_env(db),
        )
        return
    copy = src / SQLITE_COPY
    if not copy.is_file():
        raise BackupError(f"{copy} is missing (was this backup made from PostgreSQL?)")
    path = Path(db["NAME"])
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{copy.resolve()}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # replaces every page of the target
    finally:
        target.close()
        source.close()


# --- Media ------------------------------------------------------------------------------------


def archive_media(media_root, dest):
    """Writes MEDIA_ROOT's contents (relative names) into media.tar.gz; returns the file count."""
    media_root = Path(media_root)
    files = 0
    with tarfile.open(dest / MEDIA_ARCHIVE, "w:gz") as tar:
        if media_root.is_dir():
            for child in sorted(media_root.iterdir()):
                tar.add(child, arcname=child.name)
            files = sum(1 for p in media_root.rglob("*") if p.is_file())
    return files


def check_member(member):
    """Refuses a tar member that could write outside the target folder."""
    name = member.name
    path = PurePosixPath(name)
    if name.startswith(("/", "\\")) or path.is_absolute() or (len(name) > 1 and name[1] == ":"):
        raise BackupError(f"refusing absolute path in media archive: {name}")
    if ".." in path.parts or ".." in name.replace("\\", "/").split("/"):
        raise BackupError(f"refusing '..' in media archive: {name}")
    if not (member.isfile() or member.isdir()):
        raise BackupError(f"refusing link or special file in media archive: {name}")


def safe_extract(archive, target):
    """Extracts a media archive into `target` after checking every member."""
    target = Path(target)
    with tarfile.open(archive, "r:*") as tar:
        members = tar.getmembers()
        for member in members:
            check_member(member)
        target.mkdir(parents=True, exist_ok=True)
        tar.extractall(target, members=members, filter="data")  # noqa: S202 - checked above
    return sum(1 for m in members if m.isfile())


# --- Backup and restore -----------------------------------------------------------------------


def backup(dest, *, db, media_root=None, media_on_s3=False):
    """Backs up `db` (a DATABASES entry) and `media_root` into the new folder `dest`."""
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(f"{dest} exists and is not empty")
    state = database_state(db)
    dest.mkdir(parents=True, exist_ok=True)
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor(db), "file": dump_database(db, dest)},
        "migrations": state["migrations"],
        "counts": state["counts"],
    }
    if media_on_s3:
        manifest["media"] = {
            "storage": "s3",
            "note": "not included: the bucket's versioning and replication are its backup",
        }
    elif media_root is not None:
        manifest["media"] = {
            "storage": "local",
            "file": MEDIA_ARCHIVE,
            "files": archive_media(media_root, dest),
        }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(src):
    path = Path(src) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} is missing: not a backup folder")
    return json.loads(path.read_text())


def restore(src, *, db, media_root=None):
    """Restores the backup in `src` into `db` and `media_root`; checks it against the manifest."""
    src = Path(src)
    manifest = read_manifest(src)
    if manifest["database"]["vendor"] != vendor(db):
        raise BackupError(
            f"the backup is of a {manifest['database']['vendor']} database, "
            f"the target is {vendor(db)}"
        )
    media = manifest.get("media") or {}
    archive = src / media.get("file", MEDIA_ARCHIVE)
    if media.get("storage") == "local" and media_root is not None:
        if not archive.is_file():
            raise BackupError(f"{archive} is missing")
        with tarfile.open(archive, "r:*") as tar:  # refuse a bad archive before touching anything
            for member in tar.getmembers():
                check_member(member)
    restore_database(db, src)
    state = database_state(db)
    problems = []
    for label, expected in manifest["counts"].items():
        found = state["counts"].get(label)
        if found != expected:
            problems.append(f"{label}: the manifest says {expected}, the database has {found}")
    if state["migrations"] != manifest["migrations"]:
        problems.append("the migration state differs from the manifest")
    if problems:
        raise BackupError("restore check failed: " + "; ".join(problems))
    restored_media = None
    if media.get("storage") == "local" and media_root is not None:
        restored_media = safe_extract(archive, media_root)
    return {"counts": state["counts"], "media_files": restored_media, "manifest": manifest}


# --- Command line -----------------------------------------------------------------------------


def _django_settings():
    sys.path.insert(0, str(ROOT / "site"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    from django.conf import settings

    django.setup()
    return settings


def _media_args(settings):
    on_s3 = bool(os.environ.get("AWS_STORAGE_BUCKET_NAME"))
    return on_s3, None if on_s3 else Path(settings.MEDIA_ROOT)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="backup.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup", help="back up the database and the media")
    make.add_argument("--dest", type=Path, help="folder to create (default: backups/<UTC time>)")
    load = sub.add_parser("restore", help="restore a backup folder and check it")
    load.add_argument("src", type=Path)
    args = parser.parse_args(argv)

    settings = _django_settings()
    db = settings.DATABASES["default"]
    on_s3, media_root = _media_args(settings)
    try:
        if args.command == "backup":
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            dest = args.dest or ROOT / "backups" / stamp
            manifest = backup(dest, db=db, media_root=media_root, media_on_s3=on_s3)
            media = manifest.get("media", {})
            print(
                f"backup: {dest} ({manifest['database']['vendor']}, "
                f"{manifest['counts']['cards']} cards, {manifest['counts']['uses']} uses, "
                + (
                    "media on S3 not included)"
                    if on_s3
                    else f"{media.get('files', 0)} media files)"
                )
            )
        else:
            if not args.src.is_dir():
                raise BackupError(f"{args.src} is not a folder")
            from django.db import connections

            connections.close_all()
            result = restore(args.src, db=db, media_root=media_root)
            # Pages and dashboards cached from the data before the restore must go.
            from core.pagecache import new_generation
            from registry.stats.datacache import new_version

            new_generation()
            new_version()
            counts = result["counts"]
            print(
                f"restored: {args.src} ({counts['cards']} cards, {counts['uses']} uses"
                + (
                    f", {result['media_files']} media files)"
                    if result["media_files"] is not None
                    else ", no media restored)"
                )
            )
    except BackupError as exc:
        print(f"{args.command} failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
