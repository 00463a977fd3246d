"""Security policies that need code: django-axes' progressive cool-off."""

from datetime import timedelta

from django.conf import settings

BASE_COOLOFF = timedelta(minutes=5)
MAX_COOLOFF = timedelta(hours=24)


def progressive_cooloff(request=None, credentials=None) -> timedelta:
    """5 minutes after the first lockout, doubling with every further failure, at most a day."""
    failures = getattr(request, "axes_failures_since_start", None) or settings.AXES_FAILURE_LIMIT
    extra = max(0, int(failures) - settings.AXES_FAILURE_LIMIT)
    return min(BASE_COOLOFF * (2 ** min(extra, 16)), MAX_COOLOFF)
