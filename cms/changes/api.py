"""/api/v2/changes/: what changed for readers since a cursor, so a static front end rebuilds only
that. Each review appears once per answer, with its latest change; the cursor is that change's id.
"""

from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from reviews.seo import absolute_url

from .models import ReviewChange

# The largest integer a JavaScript client holds exactly: cursors beyond it are no cursor of ours.
MAX_CURSOR = 2**53 - 1
PARAMETERS = ("since", "limit")
GONE = (ReviewChange.Change.UNPUBLISHED, ReviewChange.Change.DELETED)


class BadParameter(ValueError):
    pass


def whole_number(request, name, low, high, default):
    value = request.GET.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise BadParameter(f"{name} must be a whole number from {low} to {high}")
    return int(value)


def change_item(row):
    visible = row.change not in GONE
    detail = reverse("wagtailapi:pages:detail", args=[row.review_id])
    return {
        "id": row.review_id,
        "change": row.change,
        "cause": row.cause,
        "cursor": row.pk,
        "changed_at": row.occurred_at.isoformat(),
        "detail_url": absolute_url(detail) if visible else None,
        "url": row.url or None,
        "film_id": row.film_id,
        "genres": row.genres,
        "tags": row.tags,
    }


class ChangesView(APIView):
    renderer_classes = [JSONRenderer]

    def get(self, request):
        try:
            unknown = sorted(set(request.GET) - set(PARAMETERS))
            if unknown:
                raise BadParameter(f"unknown query parameters: {', '.join(unknown)}")
            since = whole_number(request, "since", 0, MAX_CURSOR, 0)
            limit_max = settings.WAGTAILAPI_LIMIT_MAX
            limit = whole_number(request, "limit", 1, limit_max, min(20, limit_max))
        except BadParameter as error:
            return Response({"message": str(error)}, status=400)
        latest = (
            ReviewChange.objects.filter(pk__gt=since)
            .values("review_id")
            .annotate(last=Max("pk"))
            .values("last")
        )
        rows = list(ReviewChange.objects.filter(pk__in=latest).order_by("pk")[: limit + 1])
        items = [change_item(row) for row in rows[:limit]]
        return Response(
            {
                "meta": {
                    "next_cursor": items[-1]["cursor"] if items else since,
                    "has_more": len(rows) > limit,
                },
                "items": items,
            }
        )


def openapi_paths(openapi):
    """The feed in the OpenAPI document (reviews/api/openapi.py builds it with its helpers)."""
    cursor = {"type": "integer", "minimum": 0, "maximum": MAX_CURSOR}
    slugs = {"type": "array", "items": {"type": "string"}}
    change = openapi.object(
        {
            "id": {"type": "integer", "minimum": 1, "description": "The review's page id."},
            "change": {"enum": list(ReviewChange.Change.values)},
            "cause": {"enum": list(ReviewChange.Cause.values)},
            "cursor": cursor,
            "changed_at": {"type": "string", "format": "date-time"},
            "detail_url": openapi.nullable(openapi.URL),
            "url": openapi.nullable(openapi.URL),
            "film_id": openapi.nullable({"type": "integer", "minimum": 1}),
            "genres": slugs,
            "tags": slugs,
        }
    )
    limit_max = settings.WAGTAILAPI_LIMIT_MAX
    listing = openapi.object(
        {
            "meta": openapi.object({"next_cursor": cursor, "has_more": {"type": "boolean"}}),
            "items": {"type": "array", "items": openapi.component("ReviewChange", change)},
        }
    )
    error = {"$ref": "#/components/responses/Error"}
    return {
        reverse("changes"): {
            "get": {
                "operationId": "changes_listing",
                "tags": ["changes"],
                "summary": "Reviews changed since a cursor",
                "description": (
                    "Reviews published, updated (by an edit, or through their film, a genre or a"
                    " critic), unpublished or deleted after `since`, oldest first; a review"
                    " changed several times appears once, with its latest change. Pass"
                    " `meta.next_cursor` back as `since` until `has_more` is false; keep it for"
                    " the next run. `detail_url` is null once a review is unpublished or deleted:"
                    " purge `url`, the film and the genre and tag listings named."
                ),
                "parameters": [
                    {
                        "name": "since",
                        "in": "query",
                        "schema": {**cursor, "default": 0},
                        "description": "A cursor from an earlier answer; 0 (the default) is the"
                        " start: every review that ever changed, each in its latest state.",
                    },
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": limit_max,
                            "default": min(20, limit_max),
                        },
                        "description": "How many changes to return.",
                    },
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": listing}},
                    },
                    "304": {"$ref": "#/components/responses/NotModified"},
                    "400": error,
                    "401": error,
                },
            }
        }
    }
