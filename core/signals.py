"""Purge the full-page cache (core.pagecache) when content that public pages show changes.

Coarse on purpose: a publish may change menus, listings, the finder and every language version, so
the whole generation is renewed, at once and again after the transaction commits. Publishing is rare; reading is not.
Registry writes are not content: pages with live registry figures have a short lifetime instead.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.signals import page_published, page_unpublished, post_page_move

from .pagecache import new_generation

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
# Bookkeeping rows that never change what a public page shows.
IGNORED_MODELS = frozenset(
    {
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "core.customrendition",  # made while pages render
        "materials.commitment",
    }
)


def purge_after_commit(**_kwargs):
    # Now (so that the same transaction sees fresh pages) and again after the commit (so that a page
    # rendered meanwhile from the not yet committed state is dropped too).
    new_generation()
    transaction.on_commit(new_generation)


def _content_changed(sender, **kwargs):
    meta = sender._meta
    if meta.app_label in CONTENT_APPS and meta.label_lower not in IGNORED_MODELS:
        purge_after_commit()


for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(purge_after_commit, dispatch_uid=f"kaiku-pagecache-{signal!r}")
post_save.connect(_content_changed, dispatch_uid="kaiku-pagecache-save")
post_delete.connect(_content_changed, dispatch_uid="kaiku-pagecache-delete")
