"""Saving a show or an event source purges the public pages like any content change
(core/signals.py, whose content apps are listed there; this app connects its own models). The
Linked Events import saves many rows at once: it holds the purge back and purges once at the end
(`one_purge`), instead of emptying the fragment caches at every row."""

import contextlib
import threading

from core.signals import purge_after_commit

_held = threading.local()


def show_changed(**kwargs):
    if getattr(_held, "depth", 0):
        _held.changed = True
        return
    purge_after_commit(**kwargs)


@contextlib.contextmanager
def one_purge():
    """Changes inside purge once, after the block, if there were any."""
    _held.depth = getattr(_held, "depth", 0) + 1
    try:
        yield
    finally:
        _held.depth -= 1
        if not _held.depth and getattr(_held, "changed", False):
            _held.changed = False
            purge_after_commit()
