"""/api/v2/changes/: a static front end asks what changed since its last cursor."""

from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest

from reviews.models import Genre, ReviewPage

from .test_openapi import validator

FEED = "/api/v2/changes/"


@pytest.fixture
def document(db, client):
    return client.get("/api/v2/openapi.json").json()


def feed(client, document, **query):
    response = client.get(FEED, query)
    assert response.status_code == 200
    body = response.json()
    validator(document, FEED, "200").validate(body)
    return body


def test_a_rebuild_loop_sees_each_change_once_with_what_to_purge(
    client, document, make_review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_review(genres=("Action",))
    with django_capture_on_commit_callbacks(execute=True):
        second = make_review(genres=("Drama",))
    with django_capture_on_commit_callbacks(execute=True):
        third = make_review(genres=("Drama",))

    start = feed(client, document)
    assert [(i["id"], i["change"]) for i in start["items"]] == [
        (first.pk, "published"),
        (second.pk, "published"),
        (third.pk, "published"),
    ]
    assert start["meta"] == {"next_cursor": start["items"][-1]["cursor"], "has_more": False}
    assert start["items"][0]["detail_url"] == f"http://testserver/api/v2/pages/{first.pk}/"
    cursor = start["meta"]["next_cursor"]
    assert feed(client, document, since=cursor)["items"] == []

    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        drama = Genre.objects.get(name="Drama")
        drama.name = "Melodrama"
        drama.save()
    with django_capture_on_commit_callbacks(execute=True):
        second.title = "Film 2 (2002) Review – Retitled"
        second.save_revision().publish()

    # Paged two at a time: the second review changed twice (genre, then its own edit) and is
    # listed once, with its latest change.
    page = feed(client, document, since=cursor, limit=2)
    assert [(i["id"], i["change"], i["cause"]) for i in page["items"]] == [
        (first.pk, "unpublished", "review"),
        (third.pk, "updated", "genre"),
    ]
    assert page["meta"]["has_more"] is True
    gone = page["items"][0]
    assert gone["detail_url"] is None
    assert gone["url"] == f"http://testserver/reviews/{first.slug}/"
    assert (gone["film_id"], gone["genres"]) == (first.film_id, ["action"])
    rest = feed(client, document, since=page["meta"]["next_cursor"], limit=2)
    assert [(i["id"], i["change"]) for i in rest["items"]] == [(second.pk, "updated")]
    assert rest["meta"]["has_more"] is False
    end = rest["meta"]["next_cursor"]
    assert feed(client, document, since=end) == {
        "meta": {"next_cursor": end, "has_more": False},
        "items": [],
    }

    with django_capture_on_commit_callbacks(execute=True):
        ReviewPage.objects.get(pk=third.pk).delete()
    [deleted] = feed(client, document, since=end)["items"]
    assert (deleted["id"], deleted["change"], deleted["detail_url"]) == (third.pk, "deleted", None)
    assert deleted["genres"] == ["drama"]  # a renamed genre keeps its slug


@pytest.mark.parametrize(
    "query",
    [
        "since=-1",
        "since=abc",
        "since=9007199254740992",
        "limit=0",
        "limit=1000",
        "until=3",
        "since=٣",
    ],
)
def test_bad_parameters_are_a_json_400(client, document, query):
    response = client.get(f"{FEED}?{query}")
    assert response.status_code == 400
    validator(document, FEED, "400").validate(response.json())


def test_the_feed_is_cached_like_the_rest_of_the_api(client, make_review):
    response = client.get(FEED)
    assert response["Cache-Control"].startswith("public")
    assert response.has_header("ETag")
    assert client.get(FEED, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_items_carry_last_published_at_and_filter_by_it(client, document, make_review):
    older, newer = make_review(), make_review()
    ReviewPage.objects.filter(pk=older.pk).update(
        last_published_at=datetime(2026, 1, 1, 12, tzinfo=UTC)
    )
    ReviewPage.objects.filter(pk=newer.pk).update(
        last_published_at=datetime(2026, 6, 1, 12, tzinfo=UTC)
    )
    listing = "/api/v2/pages/?type=reviews.ReviewPage"
    items = client.get(listing).json()["items"]
    assert {i["id"]: i["meta"]["last_published_at"] for i in items} == {
        older.pk: "2026-01-01T12:00:00Z",
        newer.pk: "2026-06-01T12:00:00Z",
    }
    detail = client.get(f"/api/v2/pages/{older.pk}/").json()
    assert detail["meta"]["last_published_at"] == "2026-01-01T12:00:00Z"

    for since, expected in [
        ("2026-06-01T12:00:00Z", [newer.pk]),
        ("2026-06-01T14:00:00+02:00", [newer.pk]),  # the same moment
        ("2026-06-01T12:00:01Z", []),
        ("2025-12-31T23:59:59", [older.pk, newer.pk]),  # no offset: UTC
    ]:
        response = client.get(f"{listing}&{urlencode({'published_since': since})}")
        assert response.status_code == 200
        validator(document, "/api/v2/pages/", "200").validate(response.json())
        assert sorted(i["id"] for i in response.json()["items"]) == sorted(expected), since


@pytest.mark.parametrize("value", ["yesterday", "2026-02-30T00:00:00Z", "", "2026-13-01"])
def test_a_bad_published_since_is_a_json_400(db, client, value):
    response = client.get("/api/v2/pages/", {"published_since": value})
    assert response.status_code == 400
    assert "published_since" in response.json()["message"]
