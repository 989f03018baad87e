"""Draft API keys: `Authorization: Bearer <key>` lets a staging front end read drafts.

A key is one of Wagtail's API tokens (Settings → API tokens). It opens drafts only while its
owner is active and may still manage keys (editors, superusers): a key outlives neither its
revocation nor its owner's move out of the Editors group.
"""

from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from wagtail.models import APIToken

KEY_PERMISSION = "wagtailcore.add_apitoken"


class DraftKeyAuthentication(BaseAuthentication):
    """No Authorization header: an anonymous reader, as before. A bad one: 401."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header:
            return None
        if len(header) != 2 or header[0].decode("latin-1").lower() != "bearer":
            raise AuthenticationFailed("Authorization must be 'Bearer <draft API key>'.")
        key = header[1].decode("latin-1")
        token = (
            APIToken.objects.select_related("user")
            .filter(key_hash__in=APIToken.candidate_key_hashes(key), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise AuthenticationFailed("This API key is not valid or has been revoked.")
        if not (token.user.is_active and token.user.has_perm(KEY_PERMISSION)):
            raise AuthenticationFailed("This API key's owner may no longer read drafts.")
        touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


def touch(token):
    """Record the use, at most once a minute per key (a listing is one request, not N writes)."""
    interval = settings.WAGTAILAPI_TOKEN_LAST_USED_INTERVAL
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= interval:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)


def reads_drafts(request):
    """Whether this API request bears a valid draft key (DRF's request.auth)."""
    return isinstance(getattr(request, "auth", None), APIToken)
