"""The visitor's address, for login throttling (django-axes) and our per-address limits.

Behind nginx or a load balancer every request comes from the proxy. With settings.TRUSTED_PROXY_COUNT
proxies in front (environment `TRUSTED_PROXY_COUNT`, formerly `PROXY_COUNT`), each appends the address
it saw to X-Forwarded-For, so the visitor is the entry that many places from the end. Without proxies
the header is ignored: a client could write anything in it. django-axes (AXES_CLIENT_IP_CALLABLE), the
API's throttles and the forms' limits all ask this function, so they all see the same address; that
is only safe if the app port is reachable from the proxy alone (README: Production; issue 15, D6).
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"
