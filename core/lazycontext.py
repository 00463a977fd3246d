"""Template context computed only if the template reads it.

A page whose body sits in a `{% wagtailpagecache %}` fragment needs none of its listing queries when
the fragment is cached. Every key becomes a lazy proxy over one memoised computation: the queries run
at most once, and only if something (a fragment on a cache miss, a test) reads a value.
"""

import functools

from django.utils.functional import SimpleLazyObject


def lazy_context(compute, keys):
    compute = functools.cache(compute)
    return {key: SimpleLazyObject(functools.partial(_item, compute, key)) for key in keys}


def _item(compute, key):
    return compute()[key]
