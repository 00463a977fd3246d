"""Purge the front cache (Varnish, README: Caching) when content that public pages show changes.

The rule: after such a change commits, ban every host of the site whole (one `PURGE` of each
Wagtail Site's root URL, through `wagtail.contrib.frontend_cache`; Varnish bans every URL under the
path). A publish may change menus, footers, listings, the finder and every language version, and
the site publishes a few times a day: banning everything is simple and provably complete.

What purges: publishing, unpublishing, moving or deleting a page (or a snippet with drafts);
saving or deleting any other content row (partners, caps, regions, settings, materials, images,
documents, redirects, privacy restrictions). What does not: a draft save or a revision (pages and
snippets with drafts are purged by their publish signals, never by their saves), bookkeeping rows
(logs, workflow states, references, comments), renditions made while pages render, commitments,
and registry writes (pages with live figures have a short s-maxage instead).

Each purge also empties Wagtail's fragment caches (CACHES["template_fragments"]; they pay for the
renders Varnish does not keep, README: Caching), with or without a front cache (the demo has none).
The fragments are emptied at the change too, so that the same transaction renders fresh ones.

The purge is repeated `CACHE_PURGE_REPEAT_SECONDS` later: a render that read the database before
the commit and stored a fragment or reached Varnish after the first purge is dropped then.
"""

import threading

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache
from wagtail.models import DraftStateMixin, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

CONTENT_APPS = frozenset(
    {
        "core",
        "home",
        "regions",
        "partners",
        "materials",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "wagtailredirects",
        "wagtailsearchpromotions",
        "taggit",
    }
)
# Rows of those apps that never change what a public page shows.
IGNORED_MODELS = frozenset(
    {
        "core.customrendition",  # made while pages render
        "core.refusallog",
        "materials.commitment",
        "wagtailcore.revision",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.workflowstate",
        "wagtailcore.taskstate",
        "wagtailcore.referenceindex",
        "wagtailcore.uploadedfile",
        "wagtailsearchpromotions.query",
        "wagtailsearchpromotions.querydailyhits",
    }
)
_pending = threading.local()  # a change of this thread's transaction awaits its purge


def _purge(urls):
    caches["template_fragments"].clear()  # Wagtail's fragment caches, then the pages built on them
    purge_urls_from_cache(urls)


def purge_public_pages():
    """Empty the fragment caches and ban every site's whole host in the front cache, now and once
    more a little later. No PURGE is sent when no front cache is configured
    (FRONTEND_CACHE_PURGE_URL unset: the demo, the tests)."""
    urls = [site.root_url + "/" for site in Site.objects.all()] if get_backends() else []
    _purge(urls)
    repeat = threading.Timer(settings.CACHE_PURGE_REPEAT_SECONDS, _purge, [urls])
    repeat.daemon = True
    repeat.start()


def _purge_once():
    # Every change of a transaction queued this; the first to run after the commit purges.
    if getattr(_pending, "purge", False):
        _pending.purge = False
        purge_public_pages()


def purge_after_commit(**_kwargs):
    """Purge once the current transaction commits (at once outside a transaction). A rolled back
    transaction purges nothing; its flag is left for the next change, which purges anyway."""
    caches["template_fragments"].clear()
    _pending.purge = True
    transaction.on_commit(_purge_once, using=connection.alias)


def _content_changed(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in CONTENT_APPS and meta.label_lower not in IGNORED_MODELS:
        if kwargs["signal"] is post_save and issubclass(sender, DraftStateMixin):
            return  # a draft or a revision; its publish purges
        purge_after_commit()


for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
    signal.connect(purge_after_commit, dispatch_uid=f"kaiku-purge-{id(signal)}")
post_save.connect(_content_changed, dispatch_uid="kaiku-purge-save")
post_delete.connect(_content_changed, dispatch_uid="kaiku-purge-delete")
