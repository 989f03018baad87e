"""Review events as JSON, and a delivery's body sent as one signed POST."""

import hashlib
import hmac
import http.client
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reviews.seo import absolute_url, page_path

USER_AGENT = "MovieBunker-Webhooks/1"
EXCERPT_LENGTH = 500


def page_event(event, page, revision_id, **extra):
    """The JSON event for a page; `page` may be a revision's copy or an object already deleted."""
    path = page_path(page, None)
    return {
        "event": event,
        "id": page.pk,
        "type": f"{page._meta.app_label}.{type(page).__name__}",
        "title": page.title,
        "url": absolute_url(path) if path else None,
        "api_url": absolute_url(reverse("wagtailapi:pages:detail", args=[page.pk])),
        "revision_id": revision_id,
        "occurred_at": timezone.now().isoformat(),
        **extra,
    }


def sign(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()


def signature_header(secrets, body):
    """One signature per secret, the current one first: a receiver accepts any that matches."""
    return ", ".join(sign(secret, body) for secret in secrets)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST turns into a GET in urllib: a 3xx is reported as a failure instead.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(delivery, number):
    """Send one attempt and return (status code or None, response excerpt, error text)."""
    endpoint = delivery.endpoint
    request = urllib.request.Request(
        endpoint.url,
        data=delivery.body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Webhook-Event": delivery.event,
            "X-Webhook-Signature": signature_header(endpoint.signing_secrets, delivery.body),
            "X-Webhook-Timestamp": str(int(time.time())),
            "X-Webhook-Attempt": str(number),
            "Idempotency-Key": str(delivery.idempotency_key),
        },
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, _excerpt(response), ""
    except urllib.error.HTTPError as error:
        return error.code, _excerpt(error), f"HTTP {error.code} {error.reason}"
    # Refused, unreachable, timed out, not HTTP at all, or not a usable URL.
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, "", f"{type(reason).__name__}: {reason}"[:EXCERPT_LENGTH]


def _excerpt(response):
    try:
        return response.read(EXCERPT_LENGTH * 4).decode("utf-8", "replace")[:EXCERPT_LENGTH]
    except OSError:
        return ""
