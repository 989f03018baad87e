"""A front end's view of the API: a real server, plain HTTP, nothing from Django's test client."""

import json
import urllib.error
import urllib.request

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

# serialized_rollback: the next live-server test finds the migrations' data (groups, pages) again.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def get(url, headers=None):
    """(status, headers, body) of a GET that does not follow redirects."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {})) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture
def site_url(live_server, settings):
    # Absolute URLs in the API must point at this server, as PUBLIC_BASE_URL does in production.
    settings.PUBLIC_BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.WAGTAILAPI_BASE_URL = live_server.url
    return live_server.url


def test_a_front_end_lists_finds_reads_follows_an_image_and_revalidates(site_url, make_review):
    review = make_review(score="8.5")
    poster = Image.objects.create(title="Poster", file=get_test_image_file(size=(600, 900)))
    review.film.poster = poster
    review.film.save()

    status, _, body = get(f"{site_url}/api/v2/pages/?type=reviews.ReviewPage&fields=*")
    assert status == 200
    [item] = json.loads(body)["items"]
    assert item["score"] == 8.5

    path = item["meta"]["html_url"].removeprefix("http://localhost")
    status, headers, _ = get(f"{site_url}/api/v2/pages/find/?html_path={path}")
    assert status == 302
    detail_url = headers["Location"]
    assert detail_url.startswith(f"{site_url}/api/v2/pages/{review.pk}/")

    status, headers, body = get(detail_url)
    assert status == 200
    detail = json.loads(body)
    assert detail["film"]["title"] == review.film.title
    etag = headers["ETag"]
    assert etag and headers["Last-Modified"]

    formats = {r["format"]: r for r in detail["film"]["poster"]["renditions"]}
    status, headers, image = get(formats["webp"]["url"])
    assert status == 200
    assert headers["Content-Type"] == "image/webp"
    assert image[:4] == b"RIFF"
    status, headers, image = get(formats["avif"]["url"])
    assert (status, headers["Content-Type"]) == (200, "image/avif")
    assert image[4:12] == b"ftypavif"

    status, _, body = get(detail_url, {"If-None-Match": etag})
    assert (status, body) == (304, b"")

    draft = review.get_latest_revision_as_object()
    draft.headline = "A changed headline"
    draft.save_revision().publish()
    status, headers, body = get(detail_url, {"If-None-Match": etag})
    assert status == 200
    assert headers["ETag"] != etag
    assert json.loads(body)["headline"] == "A changed headline"
