"""The visitor's address, for login throttling (django-axes) and our per-address limits.

Behind nginx or a load balancer every request comes from the proxy. With `PROXY_COUNT` proxies in
front (settings.AXES_IPWARE_PROXY_COUNT), each appends the address it saw to X-Forwarded-For, so the
visitor is the entry that many places from the end. Without proxies the header is ignored: a client
could write anything in it.
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
