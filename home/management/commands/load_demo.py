"""Loads (or refreshes) the demo: the data files demo/fixtures/*.json and the files under demo/media/,
as wagtail/bakerydemo does. bin/dump_demo.py writes them from a database that holds the demo.

Running it again puts the same rows back (fixtures keep their primary keys). The registry's cards and
uses, and the shows, are moved from the day the files were written to today, so the dashboards show
this year and the shows are upcoming.
"""

import datetime
import json
import os
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.utils import timezone

from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from accounts.demo import DEMO_TOTP_SECRET, demo_api_tokens
from core.demo import DEMO_LOGINS, DEMO_PASSWORD
from materials.workflows import ensure_brochure_workflow
from shows.workflows import ensure_show_workflow

DEMO = Path(settings.BASE_DIR) / "demo"
# In this order (bin/dump_demo.py explains why).
FIXTURES = [
    "users",
    "wagtail",
    "home",
    "regions",
    "partners",
    "materials",
    "shows",
    "registry",
    "translations",
]


class Command(BaseCommand):
    help = "Load (or refresh) the demo content in four languages and one user per role."

    def handle(self, *args, **options):
        with transaction.atomic(), tempfile.TemporaryDirectory() as tmp:
            # Wagtail's own "Welcome" page from its first migration is not ours. Its migrations
            # also grant permissions in an order that differs between databases (other ids than
            # the fixtures'): the fixtures hold every group's permissions.
            Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
            submit_translation_permission()
            GroupPagePermission.objects.all().delete()
            GroupCollectionPermission.objects.all().delete()
            paths = [DEMO / "fixtures" / f"{name}.json" for name in FIXTURES]
            for dated in ("shows", "registry"):  # upcoming shows stay upcoming
                index = FIXTURES.index(dated)
                paths[index] = moved_to_today(paths[index], Path(tmp))
            call_command("loaddata", *paths, verbosity=0)
            # The brochures' and the shows' workflows (bin/dump_demo.py leaves their content
            # types' rows out: their ids differ between databases).
            ensure_brochure_workflow(apps)
            ensure_show_workflow(apps)
            users = get_user_model().objects.filter(username__in=fixture_usernames(paths[0]))
            users.update(password=make_password(DEMO_PASSWORD))
        copy_media(DEMO / "media")
        with open(os.devnull, "w") as quiet:
            for command in ("rebuild_references_index", "update_index", "refresh_stats"):
                call_command(command, verbosity=0, stdout=quiet)
        self.print_logins()

    def print_logins(self):
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD}):"))
        for role, username in DEMO_LOGINS:
            self.stdout.write(f"  {role:<40} {username}")
        self.stdout.write(
            "Two-factor code (admin, national editors, coordinators): add the key "
            f"{DEMO_TOTP_SECRET} to an authenticator app, or run `manage.py demo_otp USERNAME`"
        )
        for username, key in demo_api_tokens():  # header `Authorization: Token <key>`
            self.stdout.write(f"  {'Registry API token: ' + username:<40} {key}")
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Site: http://127.0.0.1:{port}/   Admin: http://127.0.0.1:{port}/admin/")
        self.stdout.write(
            f"Region subsites: http://kainuu.localhost:{port}/ (and the other regions' slugs)"
        )


def moved_to_today(path, tmp):
    """A copy of the registry's fixture with every date and time moved by (today - the day the
    fixtures were written): a card issued "30 days ago" then is issued 30 days ago today."""
    from django.apps import apps

    written = datetime.date.fromisoformat((path.parent / "dumped_on").read_text().strip())
    shift = timezone.localdate() - written
    rows = json.loads(path.read_text())
    for row in rows:
        model = apps.get_model(row["model"])
        for name, value in row["fields"].items():
            field = model._meta.get_field(name)
            if value is None or not isinstance(field, models.DateField):
                continue  # DateTimeField is a DateField too
            kind = datetime.datetime if isinstance(field, models.DateTimeField) else datetime.date
            row["fields"][name] = (kind.fromisoformat(value) + shift).isoformat()
    moved = tmp / path.name
    moved.write_text(json.dumps(rows))
    return moved


def submit_translation_permission():
    """wagtail-localize's "Can submit translations", which the fixtures' groups hold. Its data
    migration makes it, so a flushed database (the test suite's transactional tests) lacks it."""
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )


def fixture_usernames(path):
    rows = json.loads(path.read_text())
    return [row["fields"]["username"] for row in rows if row["model"] == "auth.user"]


def copy_media(root):
    """Every file under demo/media/ into the media storage, at the same name (replaced if there)."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        default_storage.delete(name)
        with path.open("rb") as file:
            default_storage.save(name, File(file))
