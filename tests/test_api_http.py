"""HTTP caching and CORS of the public API, as a browser, a CDN or a front end sees them."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils.http import http_date, parse_http_date
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, ModelLogEntry, PageLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.pagecache.store import bump
from reviews.models import Film

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v2/pages/?type=reviews.ReviewPage&fields=*"
APP = "https://app.example.com"


def detail_url(page):
    return f"/api/v2/pages/{page.pk}/"


def last_modified(response):
    return parse_http_date(response["Last-Modified"])


def backdate_log():
    """HTTP dates count whole seconds: move the audit log an hour back so that a change made
    within the test visibly moves Last-Modified forward."""
    for model in (PageLogEntry, ModelLogEntry):
        model.objects.update(timestamp=F("timestamp") - timedelta(hours=1))


@pytest.fixture
def cors_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = [APP]


@pytest.mark.parametrize("url", [LIST_URL, "detail"])
def test_conditional_get_answers_304(sample_review, client, url):
    url = detail_url(sample_review) if url == "detail" else url
    response = client.get(url)
    assert response.status_code == 200
    etag, modified = response["ETag"], response["Last-Modified"]

    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert "max-age=60" in not_modified["Cache-Control"]

    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    earlier = http_date(last_modified(response) - 1)
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_every_endpoint_has_validators(sample_review, client):
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/api/v2/{endpoint}/")
        assert response.has_header("ETag"), endpoint
        assert response.has_header("Last-Modified"), endpoint


def new_headline(review):
    draft = review.get_latest_revision_as_object()
    draft.headline = "A new headline"
    draft.save_revision().publish()


def unpublish(review):
    review.unpublish()


def new_runtime(review):
    review.film.runtime_minutes = 95
    review.film.save()  # no audit log entry: only the ETag can tell


@pytest.mark.parametrize(
    ("change", "logged"), [(new_headline, True), (unpublish, True), (new_runtime, False)]
)
def test_a_change_that_shows_changes_the_etag(sample_review, client, change, logged):
    sample_review.refresh_from_db()  # the importer's instance predates publishing
    backdate_log()
    before = {url: client.get(url) for url in (LIST_URL, detail_url(sample_review))}

    change(sample_review)

    for url, old in before.items():
        new = client.get(url, HTTP_IF_NONE_MATCH=old["ETag"])
        if change is unpublish and url != LIST_URL:
            assert new.status_code == 404
            continue
        assert new.status_code == 200, url
        assert new["ETag"] != old["ETag"], url
        assert last_modified(new) >= last_modified(old), url
        if logged:
            assert last_modified(new) > last_modified(old), url


def test_a_film_edited_in_the_admin_moves_etag_and_last_modified(sample_review, admin_client):
    film = sample_review.film
    backdate_log()
    old = admin_client.get(LIST_URL)

    data = nested_form_data(
        {
            "title": film.title,
            "original_title": film.original_title,
            "release_date": film.release_date.isoformat(),
            "year": film.year,
            "runtime_minutes": 95,
            "synopsis": film.synopsis,
            "genres": [genre.pk for genre in film.genres.all()],
            "credits": inline_formset([]),
        }
    )
    edit_url = reverse("wagtailsnippets_reviews_film:edit", args=[film.pk])
    assert admin_client.post(edit_url, data).status_code == 302
    draft = admin_client.get(LIST_URL)
    assert draft.json()["items"][0]["film"]["runtime_minutes"] != 95  # a draft is not public
    assert admin_client.post(edit_url, {**data, "action-publish": "1"}).status_code == 302

    new = admin_client.get(LIST_URL)
    assert new.json()["items"][0]["film"]["runtime_minutes"] == 95
    assert new["ETag"] != old["ETag"]
    assert last_modified(new) > last_modified(old)


def test_an_image_edited_in_the_admin_moves_etag_and_last_modified(
    sample_review, admin_client, client
):
    image = Image.objects.create(title="Poster", file=get_test_image_file())
    Film.objects.filter(pk=sample_review.film_id).update(poster=image)  # shown: in the API
    backdate_log()
    url = f"/api/v2/images/{image.pk}/"
    old = client.get(url)

    data = {"title": "Poster, restored", "collection": Collection.get_first_root_node().pk}
    edit_url = reverse("wagtailimages:edit", args=[image.pk])
    assert admin_client.post(edit_url, data).status_code == 302

    new = client.get(
        url, HTTP_IF_NONE_MATCH=old["ETag"], HTTP_IF_MODIFIED_SINCE=old["Last-Modified"]
    )
    assert new.status_code == 200
    assert new.json()["title"] == "Poster, restored"
    assert last_modified(new) > last_modified(old)


def test_anonymous_responses_are_public_for_max_age(sample_review, client, settings):
    for url in (LIST_URL, detail_url(sample_review)):
        cache_control = client.get(url)["Cache-Control"]
        assert "public" in cache_control
        assert "max-age=60" in cache_control
    settings.API_CACHE_MAX_AGE = 300
    bump()  # as a deploy's migrate does: the page cache holds the old header
    assert "max-age=300" in client.get(LIST_URL)["Cache-Control"]


def test_signed_in_responses_are_private(sample_review, admin_client):
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "public" not in cache_control
    assert "private" in cache_control
    assert "no-cache" in cache_control
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize(
    ("url", "status"), [("/api/v2/pages/?limit=1000", 400), ("/api/v2/pages/999999/", 404)]
)
def test_errors_are_neither_cached_nor_validated(client, url, status):
    response = client.get(url, HTTP_IF_NONE_MATCH="*", HTTP_IF_MODIFIED_SINCE=http_date())
    assert response.status_code == status
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert not response.has_header("ETag")
    assert not response.has_header("Last-Modified")


def test_configured_origin_may_read_the_api_and_its_validators(sample_review, client, cors_origin):
    response = client.get(LIST_URL, HTTP_ORIGIN=APP)
    assert response["Access-Control-Allow-Origin"] == APP
    exposed = response["Access-Control-Expose-Headers"]
    assert "ETag" in exposed
    assert "Last-Modified" in exposed
    assert "Origin" in response["Vary"].title()

    revalidated = client.get(LIST_URL, HTTP_ORIGIN=APP, HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304
    assert revalidated["Access-Control-Allow-Origin"] == APP


def test_cors_is_for_the_api_only(sample_review, client, admin_client, cors_origin):
    for http_client, url in [(client, "/"), (client, sample_review.url), (admin_client, "/admin/")]:
        response = http_client.get(url, HTTP_ORIGIN=APP)
        assert response.status_code == 200, url
        assert not response.has_header("Access-Control-Allow-Origin"), url


def test_unconfigured_origin_gets_no_cors_headers(client, cors_origin):
    response = client.get(LIST_URL, HTTP_ORIGIN="https://elsewhere.example.com")
    assert response.status_code == 200
    assert not response.has_header("Access-Control-Allow-Origin")


def test_preflight(client, cors_origin):
    response = client.options(
        "/api/v2/pages/",
        HTTP_ORIGIN=APP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    # If-None-Match is not CORS-safelisted: a front end revalidating must be allowed to send it.
    assert "if-none-match" in response["Access-Control-Allow-Headers"].lower()


def test_admin_pages_are_left_alone(sample_review, admin_client):
    # Reader pages are validated as the API is: tests/test_page_cache.py.
    edit_url = reverse("wagtailadmin_pages:edit", args=[sample_review.pk])
    for http_client, url in [(admin_client, "/admin/"), (admin_client, edit_url)]:
        response = http_client.get(url, HTTP_IF_NONE_MATCH="*")
        assert response.status_code == 200, url
        assert not response.has_header("ETag"), url
        assert "public" not in response.get("Cache-Control", ""), url
