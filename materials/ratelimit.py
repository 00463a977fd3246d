"""A small cache-based rate limit for public forms (no CAPTCHA: CAPTCHAs lock out people with
disabilities). The client's IP address is only used hashed, as a cache key, and expires."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.clientip import client_ip

COMMITMENT_LIMIT = 5
COMMITMENT_WINDOW = 10 * 60  # seconds


def _key(scope, request):
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_ip(request)}".encode()).hexdigest()
    return f"ratelimit:{scope}:{digest[:32]}"


def is_limited(scope, request, limit=COMMITMENT_LIMIT) -> bool:
    return (cache.get(_key(scope, request)) or 0) >= limit


def hit(scope, request, window=COMMITMENT_WINDOW) -> int:
    key = _key(scope, request)
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1
