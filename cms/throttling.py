"""Who a client is, and how fast it may call the API (docs/operations.md, "Abuse limits").

One rule for the client's address, used by the API's rate limit and the admin's login lockout:
behind NUM_PROXIES trusted proxies (each appending to X-Forwarded-For), the address the nearest
of them saw; without proxies, the socket's address. Anything a client writes further left in
the header is its own claim and is never trusted.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


def client_ip(request):
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",")]
    proxies = settings.NUM_PROXIES
    if proxies and len(forwarded) >= proxies and forwarded[-proxies]:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class ClientRateThrottle(SimpleRateThrottle):
    """API_RATE_LIMIT requests per client (a signed-in user, else an address), on the default
    cache: shared by every app node when that cache is Redis."""

    scope = "api"

    def get_rate(self):
        # Read per request rather than once at import, so that settings can change it.
        return settings.API_RATE_LIMIT or None

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"user-{user.pk}" if user and user.is_authenticated else client_ip(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
