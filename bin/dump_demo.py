"""Writes the demo data files, demo/fixtures/*.json, from a database that holds the demo.

The demo is data, as in wagtail/bakerydemo: `manage.py load_demo` loads these files and copies
demo/media/ into the media storage. To change the demo, load it, change it in the admin, and dump it
again (the same day: the registry's dates are stored as they are on the day written in
demo/fixtures/dumped_on, and load_demo moves them to the day it runs):

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python manage.py load_demo
    ... (edit at http://127.0.0.1:8000/admin/ with that DATABASE_URL) ...
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 python bin/dump_demo.py

Rows that are derived from others are left out and rebuilt by load_demo: the search index, the
reference index, image renditions, the statistics' refresh time. So are the rows each database
makes for itself (content types, permissions) and what a running site writes (sessions, logs of
sign-ins and admin actions). Passwords are set by load_demo (`core.demo.DEMO_PASSWORD`).
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "demo" / "fixtures"

# One file per area, loaded in this order. wagtail-localize's rows come last: saving its locale
# synchronisation synchronises the page tree, which must be complete by then.
FILES = {
    "users": ["auth", "otp_totp", "otp_static", "authtoken"],
    "wagtail": ["wagtailcore", "wagtailredirects", "wagtailusers", "taggit", "wagtaildocs"],
    "core": ["core", "wagtailimages", "wagtailembeds"],
    "home": ["home"],
    "regions": ["regions"],
    "partners": ["partners"],
    "materials": ["materials"],
    "shows": ["shows"],  # before the registry: a recorded use may name a show
    "registry": ["registry"],
    "translations": ["wagtail_localize"],
}
# Derived rows, each database's own rows, and what a running site writes.
EXCLUDE_APPS = {
    "contenttypes",
    "sessions",
    "admin",
    "axes",
    "wagtailsearch",
    "wagtailsearchpromotions",
    "wagtailforms",
    "wagtailadmin",
    "stats",
    "statistics",
}
EXCLUDE_MODELS = {
    "auth.permission",
    "wagtailcore.referenceindex",
    # keyed by a content type's id, which differs between databases: materials.workflows makes it
    "wagtailcore.workflowcontenttype",
    "wagtailcore.pagelogentry",  # the history of how the loader built the pages
    "wagtailcore.modellogentry",
    "wagtailcore.uploadedfile",
    "wagtailimages.rendition",
    "core.customrendition",
    "core.refusallog",
}


def excluded(model) -> bool:
    return model._meta.app_label in EXCLUDE_APPS or model._meta.label_lower in EXCLUDE_MODELS


def main():
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.utils import timezone

    grouped = {label for labels in FILES.values() for label in labels}
    models = [m for m in apps.get_models() if not m._meta.proxy and not excluded(m)]
    missing = {m._meta.label for m in models if m._meta.app_label not in grouped}
    missing = {label for label in missing if apps.get_model(label)._default_manager.exists()}
    if missing:
        sys.exit(f"Rows of {sorted(missing)}: add the app to FILES or to the excluded ones.")

    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, app_labels in FILES.items():
        labels = [m._meta.label for m in models if m._meta.app_label in app_labels]
        path = FIXTURES / f"{name}.json"
        # Content types and permissions by their names: their ids differ between databases.
        call_command("dumpdata", *labels, natural_foreign=True, output=str(path))
        rows = json.loads(path.read_text())
        if not rows:
            path.unlink()
            continue
        for row in rows:
            if row["model"] == "auth.user":
                row["fields"]["password"] = ""  # load_demo sets DEMO_PASSWORD
        # One row a line: a change to the demo reads as a diff of the rows it changed.
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        path.write_text(f"[\n{lines}\n]\n")
        print(f"{path.relative_to(ROOT)}: {len(rows)} rows")
    (FIXTURES / "dumped_on").write_text(f"{timezone.localdate().isoformat()}\n")


if __name__ == "__main__":
    main()
