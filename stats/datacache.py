"""The dashboards' figures, kept in the cache until the registry changes.

A dashboard adds up rollups of ten million uses: a few hundred milliseconds. Its figures are stored
under the scope, the filters, the day, the language and the registry's *data versions*, which
registry writes renew (the receivers below), at once and again after the transaction commits, and
so does a change of public content (core.signals.content_changed: names of regions, municipalities
and venues). A request notes the versions before it reads, so figures computed
from data that a concurrent write is changing are stored under a version that is already gone: a
dashboard never shows figures older than the last committed write.

Two versions, because the desks record uses all day long and a use changes only some figures
(stats.queries.card_part / use_part; registry/rollups.py writes a use's rollups):

- the *use version* is renewed by every registry write: the figures a use can change (uses, top
  venues, uses by year, cards activated) are stored under it and the card version;
- the *card version* is renewed by every registry write but a use's (a card, an event, an
  organisation, anything else, ``rebuild_stats_rollups``, ``make restore``): the figures no use
  can change (cards registered, active, extended, ended, their background data, top distributor
  units, cards by year) are stored under it alone, and so survive the desks' uses.

After a write, every open dashboard asks again at once: a part is computed by one request and the
others wanting it under the same version wait for that result (:func:`_computed_once`) rather
than each adding up the same rollups.
"""

import hashlib
import secrets
import time

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from core.signals import content_changed
from registry.signals import use_inserted

VERSION_KEY = "kaiku:stats:version"  # the card version: every write but a use's
USE_VERSION_KEY = "kaiku:stats:version:uses"  # every registry write
TIMEOUT = 60 * 60  # an unused entry goes after an hour; a write makes it unreachable at once
# Registry rows that never change a figure.
IGNORED_MODELS = frozenset({"registry.membership"})
# Registry rows that change only the figures of queries.use_part (see the module's docstring).
USE_MODELS = frozenset({"registry.use"})


def new_version() -> str:
    """Renews both versions: after any write, every dashboard figure is computed again."""
    version = secrets.token_hex(8)
    cache.set_many({VERSION_KEY: version, USE_VERSION_KEY: secrets.token_hex(8)}, timeout=None)
    return version


def new_use_version() -> str:
    """Renews the use version only: after a use's write, the figures a use can change."""
    version = secrets.token_hex(8)
    cache.set(USE_VERSION_KEY, version, timeout=None)
    return version


def _versions() -> tuple[str, str]:
    """(card version, use version), in one round trip when both are set."""
    found = cache.get_many([VERSION_KEY, USE_VERSION_KEY])
    versions = []
    for key in (VERSION_KEY, USE_VERSION_KEY):
        version = found.get(key)
        if version is None:
            version = secrets.token_hex(8)
            if not cache.add(key, version, timeout=None):
                version = cache.get(key) or version
        versions.append(version)
    return versions[0], versions[1]


def current_version() -> str:
    """Both versions in one string: it changes with every write that changes any figure."""
    cards, uses = _versions()
    return f"{cards}:{uses}"


def _renew(renew):
    """In a transaction, now (it sees its own figures) and after the commit (figures computed
    meanwhile from the state before it are dropped); outside one the write is committed already."""
    renew()
    if connection.in_atomic_block:
        transaction.on_commit(renew)


def renew_after_commit(**_kwargs):
    """Renews both versions for a registry write (:func:`_renew`)."""
    _renew(new_version)


def renew_uses_after_commit(**_kwargs):
    """:func:`renew_after_commit` for a use's write: the use version only."""
    _renew(new_use_version)


def _registry_changed(sender, **kwargs):
    meta = sender._meta
    if meta.app_label == "registry" and meta.label_lower not in IGNORED_MODELS:
        if meta.label_lower in USE_MODELS:
            renew_uses_after_commit()
        else:
            renew_after_commit()


def connect():
    post_save.connect(_registry_changed, dispatch_uid="kaiku-stats-version-save")
    post_delete.connect(_registry_changed, dispatch_uid="kaiku-stats-version-delete")
    content_changed.connect(renew_after_commit, dispatch_uid="kaiku-stats-version-content")
    # A use written without the ORM's signals (registry.rollups.insert_use).
    use_inserted.connect(renew_uses_after_commit, dispatch_uid="kaiku-stats-version-use")


def _key(part, scope, filters) -> str:
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
    return f"kaiku:stats:dashboard:{part}:{digest}"


def cached_parts(scope, filters, compute_cards, compute_uses):
    """(``compute_cards()``, ``compute_uses()``) for this scope and these filters, each from the
    cache when nothing it depends on has changed since it was stored: the card part under the card
    version, the use part under both. Two round trips when both are cached."""
    cards_version, uses_version = _versions()
    wanted = {
        _key("cards", scope, filters): (cards_version, compute_cards),
        _key("uses", scope, filters): (f"{cards_version}:{uses_version}", compute_uses),
    }
    found = cache.get_many(list(wanted))
    results = []
    for key, (version, compute) in wanted.items():
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            results.append(entry[1])
        else:
            results.append(_computed_once(key, version, compute))
    return tuple(results)


# A part that several requests want under the same version (after a write, every open dashboard
# asks again at once) is computed by one of them; the others wait for it, this long at most.
WAIT_SECONDS = 3.0
POLL_SECONDS = 0.005


def _computed_once(key, version, compute):
    """``compute()``, stored under ``version``; when another request is already computing the same
    figures under the same version, its result. Those figures were read after the versions were
    noted, so they are exactly as fresh as our own would be (an entry is served under its version
    only). If the other request fails or takes too long, computed here after all."""
    lock = f"{key}:computing:{version}"
    owner = cache.add(lock, 1, timeout=int(WAIT_SECONDS) + 1)
    if not owner:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            entry, computing = _entry_and_lock(key, lock)
            if entry is not None and entry[0] == version:
                return entry[1]
            if not computing:
                break
    try:
        data = compute()
        cache.set(key, (version, data), TIMEOUT)
    finally:
        if owner:  # never another request's lock
            cache.delete(lock)
    return data


def _entry_and_lock(key, lock):
    found = cache.get_many([key, lock])
    return found.get(key), lock in found
