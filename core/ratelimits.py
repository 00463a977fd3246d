"""Rate limits, one mechanism: django-ratelimit's counters for the public forms and the registry API.

Each limit is a group in settings.RATE_LIMITS; a visitor is the address django-ipware finds
(settings.TRUSTED_PROXY_COUNT), an API client its account. The cache keeps one number per window,
under a keyed hash (settings.RATELIMIT_HASH_ALGORITHM): no address or card number in clear.
"""

from django.conf import settings

from django_ratelimit.core import get_usage, is_ratelimited
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
    """DRF's throttle for a view's ``throttle_scope`` (a group of settings.RATE_LIMITS), per account.

    DRF's ScopedRateThrottle keeps the time of every request in the window and reads and rewrites the
    whole list on each one: at the benchmark's rates a list of tens of thousands. Here it is one
    counter. DRF still answers 429 with Retry-After; with Redis down the desks keep working
    (settings.RATELIMIT_FAIL_OPEN)."""

    def allow_request(self, request, view):
        group = view.throttle_scope
        rate = settings.RATE_LIMITS[group]
        self.usage = get_usage(request, group=group, key="user_or_ip", rate=rate, increment=True)
        return not (self.usage and self.usage["should_limit"])

    def wait(self):
        return max(self.usage["time_left"], 0)
