"""The dashboards' figures, kept in the cache until the registry changes.

A dashboard adds up rollups of ten million uses: a few hundred milliseconds. Its figures are stored
under the scope, the filters, the day, the language and the registry's *data version*, which every
registry write renews (the receivers below), at once and again after the
transaction commits, as core.pagecache does for content. A request notes the version before it
reads, so figures computed from data that a concurrent write is changing are stored under a version
that is already gone: a dashboard never shows figures older than the last committed write.
"""

import hashlib
import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from core.pagecache import current_generation

VERSION_KEY = "kaiku:stats:version"
TIMEOUT = 60 * 60  # an unused entry goes after an hour; a write makes it unreachable at once
# Registry rows that never change a figure.
IGNORED_MODELS = frozenset({"registry.membership"})


def new_version() -> str:
    version = secrets.token_hex(8)
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def renew_after_commit(**_kwargs):
    """Now (the writing transaction sees its own figures) and after the commit (figures computed
    meanwhile from the state before it are dropped)."""
    new_version()
    transaction.on_commit(new_version)


def _registry_changed(sender, **kwargs):
    meta = sender._meta
    if meta.app_label == "registry" and meta.label_lower not in IGNORED_MODELS:
        renew_after_commit()


def connect():
    post_save.connect(_registry_changed, dispatch_uid="kaiku-stats-version-save")
    post_delete.connect(_registry_changed, dispatch_uid="kaiku-stats-version-delete")


def cached(scope, filters, compute):
    """``compute()`` for this scope and these filters, from the cache when the registry (and the
    public content that names venues and their kinds) has not changed since it was stored."""
    # Content too: venue names and kinds come from the partner pages (core.pagecache's generation).
    version = f"{current_version()}:{current_generation()}"
    parts = (
        scope.kind,
        scope.key,
        filters.start,
        filters.end,
        getattr(filters.region, "pk", None),
        getattr(filters.municipality, "pk", None),
        getattr(filters.organisation, "pk", None),
        timezone.localdate(),  # "active now" is today's
        translation.get_language(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"kaiku:stats:dashboard:{digest}"
    found = cache.get(key)
    if found is not None and found[0] == version:
        return found[1]
    data = compute()
    cache.set(key, (version, data), TIMEOUT)
    return data
