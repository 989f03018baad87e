"""The headless contract (DESIGN §4) as an API consumer sees it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.pagecache.store import bump

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v2/pages/?type=reviews.ReviewPage&fields=*"


def test_endpoints_exist(client):
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/")
        assert response.status_code == 200, endpoint
        assert response["Content-Type"] == "application/json"


def test_sample_review_matches_the_contract(sample_review, client):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 1
    item = items[0]

    assert item["title"] == "Ballerina (2023) Review – Visually Stunning yet Emotionally Hollow"
    assert item["headline"] == "Visually Stunning yet Emotionally Hollow"
    assert item["score"] is None
    assert item["tags"] == []

    film = item["film"]
    assert film["title"] == "Ballerina"
    assert film["year"] == 2023
    assert film["release_date"] == "2023-10-05"
    assert film["runtime_minutes"] == 93
    assert film["budget_usd"] is None
    assert film["genres"] == ["Action"]
    assert film["synopsis"].startswith("Grieving the loss of a best friend")
    assert film["credits"] == []
    assert film["poster"] is None

    body = item["body"]
    assert [block["type"] for block in body] == [
        "summary",
        "analysis",
        "analysis",
        "analysis",
        "verdict",
    ]
    assert all(block["id"] for block in body)
    assert body[0]["value"].startswith("<p>In the realm of action-thrillers")
    assert [block["value"]["heading"] for block in body[1:4]] == [
        "Plot Summary",
        "Lack of Depth",
        "Style Over Innovation",
    ]
    assert body[1]["value"]["body"].startswith("<p>Ballerina revolves around Ok-ju")
    assert body[4]["value"]["body"].startswith("<p>Ballerina, for all its visual flair")
    assert "seo" in item


def test_score_is_a_json_number(make_review, client):
    make_review(score="9.5")
    item = client.get(LIST_URL).json()["items"][0]
    assert item["score"] == 9.5
    assert isinstance(item["score"], float)


def test_rich_text_is_front_end_ready_html(make_review, client, index):
    review = make_review()
    review.body = [
        {"type": "summary", "value": f'<p>See <a linktype="page" id="{index.pk}">all</a>.</p>'},
        *review.body.raw_data[1:],
    ]
    review.save_revision().publish()
    summary = client.get(f"/api/v2/pages/{review.pk}/").json()["body"][0]["value"]
    assert "linktype" not in summary
    assert 'href="http://testserver/reviews/"' in summary, "absolute, for front ends elsewhere"


def test_detail_and_find_by_html_path(sample_review, client):
    detail = client.get(f"/api/v2/pages/{sample_review.pk}/")
    assert detail.status_code == 200
    assert detail.json()["film"]["title"] == "Ballerina"

    found = client.get(f"/api/v2/pages/find/?html_path={sample_review.url}")
    assert found.status_code == 302
    assert found["Location"].startswith(f"http://testserver/api/v2/pages/{sample_review.pk}/")
    assert client.get(found["Location"]).json()["id"] == sample_review.pk
    assert client.get("/api/v2/pages/find/?html_path=/reviews/nope/").status_code == 404


def test_draft_edit_of_a_live_review_stays_private(sample_review, client):
    draft = sample_review.get_latest_revision_as_object()
    draft.headline = "A secret new headline"
    draft.save_revision()

    assert "A secret new headline" not in client.get(sample_review.url).text
    api = client.get(f"/api/v2/pages/{sample_review.pk}/").json()
    assert api["headline"] == "Visually Stunning yet Emotionally Hollow"
    assert "A secret new headline" not in client.get(LIST_URL).text


def test_unpublished_and_private_reviews_are_not_in_the_api(make_review, client):
    unpublished = make_review()
    unpublished.unpublish()
    private = make_review()
    private.view_restrictions.create(restriction_type="password", password="secret")
    public = make_review()

    ids = [item["id"] for item in client.get(LIST_URL).json()["items"]]
    assert ids == [public.pk]
    assert client.get(f"/api/v2/pages/{unpublished.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{private.pk}/").status_code == 404


def count_list_queries(client):
    client.get(LIST_URL)  # warm the per-process site cache so both counts compare like with like
    bump()  # the counted request renders: a page-cache miss
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries), len(response.json()["items"])


def test_listing_makes_the_same_number_of_queries_for_2_and_12_reviews(make_review, client):
    for _ in range(2):
        make_review()
    few, count = count_list_queries(client)
    assert count == 2
    for _ in range(10):
        make_review()
    many, count = count_list_queries(client)
    assert count == 12
    assert many == few


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
@pytest.mark.parametrize(
    "query",
    [
        "offset=19540723387326361600",
        "offset=-1",
        "limit=1000",
        "limit=abc",
        "fields=nonexistent",
        "order=nope",
        "rich_text_format=bogus",
    ],
)
def test_bad_parameters_answer_400_with_a_json_message(client, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.parametrize(
    "query",
    [
        "pages/?type=reviews.ReviewPage&score=abc",
        "pages/?offset=9223372036854775808",
        "pages/find/?id=abc",
        "images/find/?id=abc",
    ],
)
def test_bad_values_that_reach_the_database_answer_400(sample_review, client, query):
    response = client.get(f"/api/v2/{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_an_id_past_the_databases_integers_finds_nothing_without_a_500(sample_review, client):
    response = client.get("/api/v2/pages/?type=reviews.ReviewPage&film=99999999999999999999999")
    # SQLite cannot compare it (400); PostgreSQL compares it and finds no film (200, empty).
    if response.status_code == 200:
        assert response.json()["items"] == []
    else:
        assert response.status_code == 400
        assert response.json()["message"]


def test_poster_and_image_blocks_arrive_with_rendition_urls_sizes_and_alt(make_review, client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(
        title="Poster", file=get_test_image_file(size=(640, 960)), description="Poster art"
    )
    review = make_review()
    review.film.poster = image
    review.film.save()
    image_block = {"type": "image", "value": {"image": image.pk, "alt_text": "A still"}}
    review.body = [*review.body.raw_data[:2], image_block, review.body.raw_data[2]]
    review.save_revision().publish()

    item = client.get(f"/api/v2/pages/{review.pk}/").json()
    poster = item["film"]["poster"]
    assert poster["url"].startswith("http://testserver/media/images/")
    assert (poster["width"], poster["height"]) == (640, 960)
    assert poster["alt"]
    block = item["body"][2]["value"]
    assert block["url"].startswith("http://testserver/media/images/")
    assert (block["width"], block["height"], block["alt"]) == (640, 960, "A still")

    html = client.get(review.url).text
    assert 'alt="A still"' in html
    assert item["seo"]["og"]["image"].startswith("http://testserver/media/images/")


def test_review_detail_names_its_parent_only_while_the_parent_is_live(make_review, index, client):
    review = make_review()
    parent = client.get(f"/api/v2/pages/{review.pk}/").json()["meta"]["parent"]
    assert parent["id"] == index.pk
    assert parent["meta"]["type"] == "reviews.ReviewIndexPage"

    index.unpublish()
    assert client.get(f"/api/v2/pages/{review.pk}/").json()["meta"]["parent"] is None


@pytest.mark.parametrize("endpoint", ["pages/", "pages/?type=reviews.ReviewPage&", "films/"])
@pytest.mark.parametrize(
    ("search", "message"),
    [
        ("%20", "at least one word"),
        ("%0C%1D%C2%A0", "at least one word"),
        ("%22", "quotation marks in pairs"),
        ("a%22b", "quotation marks in pairs"),
        ("%00", "NUL"),
    ],
)
def test_searches_the_backends_cannot_run_answer_400(
    sample_review, client, endpoint, search, message
):
    sep = "" if endpoint.endswith("&") else "?"
    response = client.get(f"/api/v2/{endpoint}{sep}search={search}")
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_browsers_get_json_too(sample_review, client):
    for url in ("/api/v2/pages/", "/api/v2/pages/?format=api"):
        response = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml")
        assert response["Content-Type"] == "application/json", url
