"""Template context computed only if the template reads it.

A page whose body sits in a `{% wagtailpagecache %}` fragment needs none of its listing queries when
the fragment is cached. Every key becomes a lazy proxy over one memoised computation: the queries run
at most once, and only if something (a fragment on a cache miss, a test) reads a value.

Kept with the fragment caches, for which it saves the queries (issue 18, signed-in renders, warm
fragments vs none, 200 each, interleaved): region home 15 vs 29 queries (150 vs 575 ms), venue page
15 vs 23 (140 vs 282 ms), finder 13 vs 19 (159 vs 414 ms), home 15 vs 21 (103 vs 192 ms).
"""

import functools

from django.utils.functional import SimpleLazyObject


def lazy_context(compute, keys):
    compute = functools.cache(compute)
    return {key: SimpleLazyObject(functools.partial(_item, compute, key)) for key in keys}


def _item(compute, key):
    return compute()[key]
