"""When the content the public API shows last changed: the source of its Last-Modified header.

It is the newest timestamp in Wagtail's audit log. Every publish, unpublish, move and delete of a
page writes a PageLogEntry, and every create, edit and delete of a snippet (Film, Genre), image,
document or setting through the admin writes a ModelLogEntry. The log is in the database, so all
worker processes agree (a value kept in the default per-process cache would not), it needs no
model of our own, and its newest timestamp is one index lookup per table.

Every action counts, not only those that change what the API shows: a needless "modified" costs a
full response, a wrong "not modified" would keep a stale copy in a client.

A write that bypasses the log (`film.save()` in a shell or in the importer) doesn't move it. The
ETag, a hash of the body, still changes, and a request that sends If-None-Match is judged by the
ETag alone (RFC 9110 §13.2.2), as browsers and HTTP caches do.
"""

from django.db.models import Subquery
from wagtail.models import ModelLogEntry, PageLogEntry


def last_content_change():
    """The time of the newest audit-log entry; None before the first page entry, which leaves
    Last-Modified out (always safe).

    One query: the newest page entry with the newest model entry beside it, each found through
    the timestamp index.
    """
    newest_model_entry = ModelLogEntry.objects.order_by("-timestamp").values("timestamp")[:1]
    row = (
        PageLogEntry.objects.order_by("-timestamp")
        .values_list("timestamp", Subquery(newest_model_entry))
        .first()
    )
    return max(filter(None, row or ()), default=None)
