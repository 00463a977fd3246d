"""Rate limits: django-ratelimit's counters for the public forms, and DRF's throttle for the registry API.

Each limit is a group in settings.RATE_LIMITS; a visitor is the address django-ipware finds
(settings.TRUSTED_PROXY_COUNT), an API client its account. The cache keeps one number per window,
under a keyed hash (settings.RATELIMIT_HASH_ALGORITHM): no address or card number in clear. The
API's throttle keeps a counter per account id, one cache round trip a request (below).
"""

import time

from django.conf import settings
from django.core.cache import cache

from django_ratelimit.core import is_ratelimited
from ipware import get_client_ip
from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str:
    """The visitor's address (django-ratelimit's RATELIMIT_IP_META_KEY, and log lines' digests)."""
    return get_client_ip(request)[0] or "0.0.0.0"  # noqa: S104 (no address at all: one shared key)


def over_limit(request, group, key="ip") -> bool:
    """Count this request in ``group``; True once the window's count is past its rate."""
    rate = settings.RATE_LIMITS[group]
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


class RateLimitThrottle(BaseThrottle):
    """DRF's throttle for a view's ``throttle_scope`` (a group of settings.RATE_LIMITS, "120/min"):
    one counter per account and fixed window, in the default cache.

    DRF's ScopedRateThrottle keeps the time of every request in the window and reads and rewrites the
    whole list on each one. django-ratelimit's counter (the public forms') costs two cache round trips
    a request, `add` then `incr`: with it a card check spent 13 % of its time in the throttle and the
    quick bench's check-card p95 was 22 ms (target 20 ms). Here the counter is incremented first and
    created only by a window's first request: one round trip. DRF answers 429 with Retry-After; with
    Redis down the desks keep working (settings.DJANGO_REDIS_IGNORE_EXCEPTIONS: `incr` answers None).
    """

    def allow_request(self, request, view):
        count, _, unit = settings.RATE_LIMITS[view.throttle_scope].partition("/")
        period = {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit[0]]
        now = time.time()
        self.seconds_left = period - now % period
        key = f"throttle:{view.throttle_scope}:{request.user.pk}:{int(now // period)}"
        try:
            used = cache.incr(key)
        except ValueError:  # the window's first request (or a cache that lost the key)
            used = 1 if cache.add(key, 1, period + 5) else cache.incr(key)
        return used is None or used <= int(count)

    def wait(self):
        return self.seconds_left
