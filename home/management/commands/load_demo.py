"""Loads the demo data of every app, in dependency order, and prints the demo logins."""

import importlib
import os

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_TOTP_SECRET, demo_api_tokens
from core.demo import DEMO_PASSWORD, ensure_tree_roots

# Apps whose `demo.load(report)` builds on the ones before them.
DEMO_APPS = ["home", "regions", "partners", "materials", "registry", "accounts"]


class Command(BaseCommand):
    help = "Load (or refresh) the demo content in four languages and one user per role."

    def handle(self, *args, **options):
        logins = []

        def report(role, username):
            logins.append((role, username))

        with transaction.atomic():
            ensure_tree_roots()
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(report)
            self.stdout.write(f"demo data: {app} loaded")

        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD}):"))
        for role, username in logins:
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
