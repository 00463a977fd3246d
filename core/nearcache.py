"""A process-local copy of full-page cache entries (core.pagecache), so that a hit costs a dictionary
lookup instead of a Redis round trip.

Correctness rests on the generation (see core.pagecache): a local copy is served only while its
generation is the current one. Each worker process keeps its view of the current generation up to
date through Redis pub/sub: `core.pagecache.new_generation()` sets the key and then publishes the new
value on `CHANNEL`; a listener thread in every process receives it and drops the local copies.

Closing the gaps:
- The listener subscribes first and reads the generation key after, so no change between the two is
  missed. Until then, and whenever its connection fails, the local copies are not used (every lookup
  goes to Redis, as without this module), and they are dropped when it reconnects.
- A message that has arrived but is not yet handled: a lookup first checks, without waiting, whether
  the listener's socket has unread data or the listener is handling a message; if so, it asks Redis.
  The listener marks itself busy, under the same lock, before it reads anything from the socket.
- Should a message be lost anyway, the listener compares the key with its view every
  RECHECK_SECONDS while the channel is quiet.
- The process that publishes stops using its copies at once, before Redis has sent it its own
  message, and its listener turns them on again when the message comes.
- Entries keep the moment their Redis entry expires, so a local copy never outlives it.

Only used with the django-redis cache backend (production); elsewhere `enabled()` is False.
Bounded: at most PAGE_CACHE_LOCAL_ENTRIES entries and PAGE_CACHE_LOCAL_BYTES bytes per process (LRU).
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
from collections import OrderedDict

from django.conf import settings

logger = logging.getLogger(__name__)

CHANNEL = "kaiku:pagecache:generation"
RECHECK_SECONDS = 2


class NearCache:
    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.entries: OrderedDict = OrderedDict()
        self.bytes = 0
        self.generation: str | None = None  # None: not listening, local copies unusable
        self.busy = False
        self.sock = None
        self.pid = None
        self.thread = None

    # --- lookups (request threads) ---------------------------------------------------------------

    def _pending(self) -> bool:
        """A message may have arrived that the listener has not handled yet."""
        if self.busy or self.sock is None:
            return True
        try:
            readable, _w, _x = select.select([self.sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def get(self, key):
        if self.generation is None:
            return None
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or self._pending():
                return None
            generation, expires = entry[0], entry[4]
            if generation != self.generation or expires <= time.time():
                self._drop(key)
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        """Keep a copy of an entry that Redis holds (generation, status, headers, content, expires)."""
        size = len(entry[3])
        if self.generation is None or size > self.max_bytes // 4:
            return
        with self.lock:
            if entry[0] != self.generation or self._pending():
                return
            self._drop(key)
            self.entries[key] = entry
            self.bytes += size
            while self.entries and (
                len(self.entries) > self.max_entries or self.bytes > self.max_bytes
            ):
                self._drop(next(iter(self.entries)))

    def _drop(self, key):
        entry = self.entries.pop(key, None)
        if entry is not None:
            self.bytes -= len(entry[3])

    def _reset(self, generation):
        with self.lock:
            self.entries.clear()
            self.bytes = 0
            self.generation = generation

    # --- the listener thread ---------------------------------------------------------------------

    def start(self):
        """Start (once per process: gunicorn forks after import) the listener thread."""
        if self.pid == os.getpid():
            return
        self.pid = os.getpid()
        self.generation = None
        self.thread = threading.Thread(target=self._listen, name="kaiku-nearcache", daemon=True)
        self.thread.start()

    def _listen(self):
        from django.core.cache import cache

        from django_redis import get_redis_connection

        from .pagecache import GENERATION_KEY, current_generation

        delay = 0.1
        while True:
            pubsub = None
            try:
                pubsub = get_redis_connection("default").pubsub(ignore_subscribe_messages=False)
                pubsub.subscribe(CHANNEL)
                while True:  # the subscription's confirmation
                    message = pubsub.get_message(timeout=5)
                    if message and message["type"] == "subscribe":
                        break
                    if message is None:
                        raise ConnectionError("no subscription confirmation")
                self.sock = pubsub.connection._sock
                self._reset(current_generation())  # read after subscribing: nothing missed
                logger.debug("near cache listening (generation %s)", self.generation)
                delay = 0.1
                while True:
                    readable, _w, _x = select.select([self.sock], [], [], RECHECK_SECONDS)
                    if not readable:
                        # Quiet: check the key itself now and then (a lost message costs at most
                        # this long), which also shows a dead connection.
                        pubsub.ping()
                        current = cache.get(GENERATION_KEY)
                        if current != self.generation:
                            self._reset(current)
                    with self.lock:
                        self.busy = True
                    try:
                        while True:
                            message = pubsub.get_message(timeout=0)
                            if message is None:
                                break
                            if message["type"] == "message":
                                data = message["data"]
                                if isinstance(data, bytes):
                                    data = data.decode()
                                with self.lock:
                                    self.entries.clear()
                                    self.bytes = 0
                                    self.generation = data
                    finally:
                        with self.lock:
                            self.busy = False
            except Exception:  # noqa: BLE001 (any failure: stop trusting local copies, retry)
                logger.warning("near cache listener lost Redis; retrying", exc_info=True)
                self.sock = None
                self._reset(None)
                if pubsub is not None:
                    with contextlib.suppress(Exception):
                        pubsub.close()
                time.sleep(delay)
                delay = min(delay * 2, 5)


_near: NearCache | None = None


def enabled() -> bool:
    if not getattr(settings, "PAGE_CACHE_LOCAL", True):
        return False
    backend = settings.CACHES["default"]["BACKEND"]
    return backend.startswith("django_redis.")


def near() -> NearCache | None:
    """This process's near cache, its listener started; None where it does not apply."""
    global _near
    if not enabled():
        return None
    if _near is None:
        _near = NearCache(
            getattr(settings, "PAGE_CACHE_LOCAL_ENTRIES", 1000),
            getattr(settings, "PAGE_CACHE_LOCAL_BYTES", 64 * 1024 * 1024),
        )
    _near.start()
    return _near


def publish(generation: str):
    """Tell every process's listener the new generation (after the key is set).

    This process stops using its local copies at once (another process's message could otherwise
    arrive just after the publish returns); its listener turns them on again with the next message
    or check."""
    if not enabled():
        return
    if _near is not None:
        _near._reset(None)
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").publish(CHANNEL, generation)
    except Exception:  # noqa: BLE001 (listeners reconnect and re-read the key)
        logger.warning("could not publish the page cache generation", exc_info=True)
