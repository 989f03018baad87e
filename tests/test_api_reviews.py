"""Review filters, ordering and search on the pages endpoint, and the films endpoint."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.pagecache.store import bump
from reviews.models import FilmCredit

pytestmark = pytest.mark.django_db

REVIEWS = "/api/v2/pages/?type=reviews.ReviewPage"


@pytest.fixture
def catalogue(make_review):
    """Three published reviews with different genres, scores, years and tags."""
    drama = make_review(genres=("Drama",), score="6.5")
    drama.film.year, drama.film.release_date = 2021, datetime.date(2021, 3, 1)
    drama.film.save()
    action = make_review(genres=("Action", "Thriller"), score="9.0")
    action.film.release_date = datetime.date(2023, 10, 5)
    action.film.credits.add(FilmCredit(person_name="Jeon Jong-seo", character_name="Ok-ju"))
    action.film.save()
    draft = action.get_latest_revision_as_object()
    draft.tags.add("netflix", "korean")
    draft.save_revision().publish()
    unscored = make_review(genres=("Drama",), score=None)
    return {"drama": drama, "action": action, "unscored": unscored}


def ids(client, query=""):
    response = client.get(f"{REVIEWS}&{query}")
    assert response.status_code == 200, response.json()
    return [item["id"] for item in response.json()["items"]]


def test_filters_combine(catalogue, client):
    drama, action, unscored = catalogue["drama"], catalogue["action"], catalogue["unscored"]
    assert set(ids(client)) == {drama.pk, action.pk, unscored.pk}
    assert set(ids(client, "genre=drama")) == {drama.pk, unscored.pk}
    assert ids(client, "genre=thriller") == [action.pk]
    assert ids(client, "tags=netflix") == [action.pk]
    assert ids(client, "tags=netflix,korean") == [action.pk]
    assert ids(client, "min_score=7") == [action.pk]
    assert ids(client, "max_score=7") == [drama.pk]
    assert ids(client, "min_score=6&max_score=9&genre=drama") == [drama.pk]
    assert ids(client, "year=2021") == [drama.pk]
    assert ids(client, f"film={action.film.pk}") == [action.pk]
    assert ids(client, "genre=nope") == []


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("score", ["drama", "action", "unscored"]),
        ("-score", ["action", "drama", "unscored"]),
        ("release_date", ["drama", "action", "unscored"]),
        ("-release_date", ["action", "drama", "unscored"]),
        ("first_published_at", ["drama", "action", "unscored"]),
        ("-first_published_at", ["unscored", "action", "drama"]),
    ],
)
def test_order(catalogue, client, order, expected):
    assert ids(client, f"order={order}") == [catalogue[name].pk for name in expected]


def test_search_over_title_body_film_and_credits_combines_with_filters(catalogue, client):
    action = catalogue["action"]
    assert ids(client, f"search={action.film.title.replace(' ', '+')}") == [action.pk]
    assert ids(client, "search=Jeon") == [action.pk]
    assert ids(client, "search=Ok-ju") == [action.pk]
    assert set(ids(client, "search=thriller")) == {c.pk for c in catalogue.values()}
    assert ids(client, "search=thriller&genre=thriller&tags=netflix") == [action.pk]
    assert ids(client, "search=thriller&order=-score")[0] == action.pk


@pytest.mark.parametrize(
    "query",
    [
        "type=reviews.ReviewPage&genre=%00",
        "genre=drama!",  # not a slug
        "type=reviews.ReviewPage&min_score=abc",
        "type=reviews.ReviewPage&min_score=11",
        "type=reviews.ReviewPage&max_score=NaN",
        "type=reviews.ReviewPage&year=20x1",
        "type=reviews.ReviewPage&year=99999999999999999999",
        "type=reviews.ReviewPage&order=budget_usd",
        "type=reviews.ReviewPage&order=-owner",
        "type=reviews.ReviewPage&search=%00",
        "type=reviews.ReviewPage&tags=%00",
    ],
)
def test_bad_filter_values_answer_400(catalogue, client, query):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_films_endpoint_lists_films_with_their_live_reviews(catalogue, client):
    drama, action = catalogue["drama"], catalogue["action"]
    draft_only = drama.film
    response = client.get("/api/v2/films/")
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["items"]}
    assert set(items) == {c.film.pk for c in catalogue.values()}

    film = items[action.film.pk]
    assert film["title"] == action.film.title
    assert film["genres"] == ["Action", "Thriller"]
    assert film["release_date"] == "2023-10-05"
    [review] = film["reviews"]
    assert review["id"] == action.pk
    assert review["score"] == 9.0
    assert review["html_url"] == f"http://testserver{action.url}"
    assert review["detail_url"] == f"http://testserver/api/v2/pages/{action.pk}/"

    # A film whose reviews are all drafts is editors' data, like the drafts themselves.
    drama.unpublish()
    assert client.get(f"/api/v2/films/{draft_only.pk}/").status_code == 404
    assert draft_only.pk not in {
        item["id"] for item in client.get("/api/v2/films/").json()["items"]
    }
    detail = client.get(f"/api/v2/films/{action.film.pk}/").json()
    assert detail["credits"] == [{"name": "Jeon Jong-seo", "role": "cast", "character": "Ok-ju"}]
    assert detail["runtime_minutes"] == 90


def test_films_filter_by_genre_and_year(catalogue, client):
    def film_ids(query):
        response = client.get(f"/api/v2/films/?{query}")
        assert response.status_code == 200
        return {item["id"] for item in response.json()["items"]}

    drama, action, unscored = catalogue["drama"], catalogue["action"], catalogue["unscored"]
    assert film_ids("genre=drama") == {drama.film.pk, unscored.film.pk}
    assert film_ids("genre=action") == {action.film.pk}
    assert film_ids("year=2021") == {drama.film.pk}
    assert film_ids("year=2021&genre=action") == set()
    for bad in ("year=abc", "unknown=1", "limit=101", "order=nope", "order=genres"):
        assert client.get(f"/api/v2/films/?{bad}").status_code == 400, bad


def count_queries(client, url):
    client.get(url)  # warm the per-process site cache
    bump()  # the counted request renders: a page-cache miss
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_budget_for_review_lists_and_details(make_review, client):
    url = f"{REVIEWS}&fields=*&limit=20"
    for _ in range(5):
        make_review(score="7.0")
    five = count_queries(client, url)
    for _ in range(15):
        make_review(score="8.0")
    twenty = count_queries(client, url)
    assert twenty == five
    assert twenty <= 11  # one of them reads the site's name (Site settings) for the seo field

    review = make_review()
    # The JSON-LD author adds the byline's query, og:site_name the Site settings'.
    assert count_queries(client, f"/api/v2/pages/{review.pk}/") <= 10


def test_query_budget_for_films(make_review, client):
    for _ in range(3):
        make_review()
    three = count_queries(client, "/api/v2/films/?fields=*")
    for _ in range(7):
        make_review()
    assert count_queries(client, "/api/v2/films/?fields=*") == three <= 10
