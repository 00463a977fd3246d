"""`make backup` and `make restore BACKUP=<folder>`: django-dbbackup's commands, one folder per backup.

    python bin/backup.py backup [--dest DIR]   # default: backups/<UTC timestamp>/
    python bin/backup.py restore DIR

django-dbbackup does the work: `dbbackup` (pg_dump --format=custom, or SQLite's online backup API)
writes `db.dump` and its `.metadata` (the engine: a PostgreSQL dump is refused by an SQLite database
and the other way round), `mediabackup` writes MEDIA_ROOT as `media.tar.gz`; `dbrestore` (pg_restore
--clean --if-exists --single-transaction) and `mediarestore --replace` (through the media storage,
which refuses a name outside MEDIA_ROOT) read them back. Media on S3 is left out: the bucket's own
versioning and replication are its backup.

What this script adds, which the library cannot know: a backup is one folder holding both files, and
a restore purges what was cached from the data before it (the public pages and the dashboards'
figures). Settings: STORAGES["dbbackup"] and DBBACKUP_CONNECTORS in config/settings/base.py.
"""

import argparse
import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_FILE = "db.dump"
MEDIA_FILE = "media.tar.gz"


def media_on_disk():
    from django.conf import settings

    on_disk = settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    return on_disk and Path(settings.MEDIA_ROOT).is_dir()


def backup(dest):
    """Writes the database and (when on disk) MEDIA_ROOT into the new folder `dest`."""
    from django.core.management import call_command

    dest.mkdir(parents=True)  # an existing folder is refused: a backup is never overwritten
    call_command("dbbackup", noinput=True, output_path=str(dest / DB_FILE), verbosity=0)
    if media_on_disk():
        call_command(
            "mediabackup",
            noinput=True,
            compress=True,
            output_path=str(dest / MEDIA_FILE),
            verbosity=0,
        )


def restore(src):
    """Loads the backup in `src` over the database and MEDIA_ROOT, then purges the caches."""
    from django.core.management import call_command

    call_command("dbrestore", interactive=False, input_path=str(src / DB_FILE), verbosity=0)
    if media_on_disk() and (src / MEDIA_FILE).is_file():
        call_command(
            "mediarestore",
            interactive=False,
            uncompress=True,
            replace=True,
            input_path=str(src / MEDIA_FILE),
            verbosity=0,
        )
    from django.db import connection

    from core.signals import purge_public_pages
    from stats.facts import refresh

    purge_public_pages()
    if connection.vendor != "postgresql" or "stats_uses" in connection.introspection.table_names(
        include_views=True
    ):
        refresh()  # the restored views, from the restored rows


def main(argv=None):
    parser = argparse.ArgumentParser(prog="backup.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("backup", help="back up the database and the media")
    make.add_argument("--dest", type=Path, help="folder to create (default: backups/<UTC time>)")
    sub.add_parser("restore", help="restore a backup folder").add_argument("src", type=Path)
    args = parser.parse_args(argv)

    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django
    from django.core.exceptions import SuspiciousFileOperation
    from django.core.management import CommandError

    django.setup()
    from dbbackup.db.exceptions import ConnectorError

    try:
        if args.command == "backup":
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            dest = args.dest or ROOT / "backups" / stamp
            backup(dest)
            print(f"backup: {dest}")
        else:
            if not (args.src / DB_FILE).is_file():
                raise CommandError(f"{args.src / DB_FILE} is missing: not a backup folder")
            restore(args.src)
            print(f"restored: {args.src}")
    except (CommandError, ConnectorError, FileExistsError, SuspiciousFileOperation) as exc:
        print(f"{args.command} failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
