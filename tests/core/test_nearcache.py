"""The process-local copies of full-page cache entries (core.nearcache): never served once Redis has
announced a new generation, bounded in size, and not used while the listener is not connected."""

import socket
import time

from django.core.cache import cache
from django.test import override_settings

import pytest

from core import nearcache, pagecache

REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/13",
    }
}


def entry(generation, content=b"<p>page</p>", ttl=60):
    return (generation, 200, [("Content-Type", "text/html")], content, time.time() + ttl)


def listening(near: nearcache.NearCache, socket_=None):
    """A near cache that believes it listens (no thread), for the rules of get and put."""
    near.generation = "g1"
    near.sock = socket_
    return near


@pytest.fixture
def pair():
    a, b = socket.socketpair()
    yield a, b
    a.close()
    b.close()


def test_served_only_under_the_current_generation_and_before_it_expires(pair):
    near = listening(nearcache.NearCache(10, 10_000), pair[0])
    near.put("k", entry("g1"))
    assert near.get("k")[3] == b"<p>page</p>"
    near.put("old", entry("g0"))  # rendered under an older generation: not kept
    assert near.get("old") is None
    near.put("expired", entry("g1", ttl=-1))
    assert near.get("expired") is None
    near.generation = "g2"
    assert near.get("k") is None


def test_nothing_is_served_while_a_message_waits_unread(pair):
    near = listening(nearcache.NearCache(10, 10_000), pair[0])
    near.put("k", entry("g1"))
    pair[1].sendall(b"*3\r\n")  # a new generation's message, not yet handled by the listener
    assert near.get("k") is None
    near.put("k2", entry("g1"))
    assert "k2" not in near.entries
    pair[0].recv(100)
    near.busy = True  # the listener is handling it
    assert near.get("k") is None


def test_not_used_without_a_listener():
    near = nearcache.NearCache(10, 10_000)
    near.put("k", entry(None))
    assert near.get("k") is None
    near.generation = "g1"  # generation known but no socket to watch: not trusted
    near.entries["k"] = entry("g1")
    assert near.get("k") is None


def test_bounded_by_entries_and_bytes(pair):
    near = listening(nearcache.NearCache(3, 10_000), pair[0])
    for i in range(5):
        near.put(f"k{i}", entry("g1"))
    assert list(near.entries) == ["k2", "k3", "k4"]
    near = listening(nearcache.NearCache(100, 4_000), pair[0])
    for i in range(5):
        near.put(f"k{i}", entry("g1", content=b"x" * 900))
    assert near.bytes <= 4_000 and len(near.entries) == 4
    near.put("big", entry("g1", content=b"x" * 2_000))  # over a quarter of the budget: not kept
    assert "big" not in near.entries


@pytest.fixture
def live_near(monkeypatch):
    """This process's near cache, listening to the real Redis (a database of its own)."""
    with override_settings(CACHES=REDIS):
        cache.clear()
        monkeypatch.setattr(nearcache, "_near", None)
        near = nearcache.near()
        wait_for(lambda: near.generation is not None)
        yield near


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the listener did not follow"
        time.sleep(0.001)


def stored(near):
    """Put a page and wait until it is served: a put while the listener is busy is not kept."""

    def served():
        if near.get("page") is None:
            near.put("page", entry(near.generation))
        return near.get("page") is not None

    wait_for(served)


def test_this_process_never_serves_a_copy_after_its_own_publish(live_near):
    assert live_near.generation == pagecache.current_generation()
    for _ in range(200):
        wait_for(lambda: live_near.generation is not None)
        # (not kept, or None for a moment, while the listener reads something, e.g. its periodic
        # check: put again until it is served)
        stored(live_near)
        new = pagecache.new_generation()  # sets the key, then publishes
        assert live_near.get("page") is None  # at once, no waiting
        wait_for(lambda new=new: live_near.generation == new)
        assert live_near.get("page") is None


def test_another_process_publish_reaches_the_listener(live_near):
    from django_redis import get_redis_connection

    stored(live_near)
    cache.set(pagecache.GENERATION_KEY, "from-elsewhere", timeout=None)
    get_redis_connection("default").publish(nearcache.CHANNEL, "from-elsewhere")
    wait_for(lambda: live_near.generation == "from-elsewhere")
    assert live_near.get("page") is None
    assert live_near.entries == {}


def test_a_lost_message_is_caught_by_the_periodic_check(live_near, monkeypatch):
    monkeypatch.setattr(nearcache, "RECHECK_SECONDS", 0.05)
    cache.set(pagecache.GENERATION_KEY, "set-without-message", timeout=None)
    # The listener's select may be in its first, longer wait: a message of another channel wakes it.
    wait_for(lambda: live_near.generation == "set-without-message", seconds=2 * 2 + 1)
