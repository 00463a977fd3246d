"""`manage.py purge_cache`: empty the front cache (Varnish) of every site's host by hand."""

from django.core.management.base import BaseCommand

from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import Site

from core.signals import purge_public_pages


class Command(BaseCommand):
    help = "Purge every site's public pages from the front cache (FRONTEND_CACHE_PURGE_URL)."

    def handle(self, *args, **options):
        if not get_backends():
            self.stdout.write(
                "No front cache configured (FRONTEND_CACHE_PURGE_URL): nothing to purge."
            )
            return
        purge_public_pages()
        hosts = ", ".join(site.root_url for site in Site.objects.all())
        self.stdout.write(f"Purged: {hosts}")
