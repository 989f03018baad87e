"""The API's contract beyond the happy path: the bugs a front-end team found, each pinned; the new
reads (genres, tags, critics, nested field selection, autocomplete, limits); image objects."""

import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from reviews.models import Critic, FilmCredit, ReviewPageCritic

PAGES = "/api/v2/pages/"
REVIEWS = f"{PAGES}?type=reviews.ReviewPage"


@pytest.fixture
def byline(make_review):
    """Two reviews: one by Bob then Ann (a draft also credits Cid), one by Ann."""
    ann, bob, cid = (Critic.objects.create(name=n) for n in ("Ann Lee", "Bob Ray", "Cid Moe"))
    first = make_review(title="Parasite (2019) Review – Upstairs, Downstairs", genres=("Drama",))
    first.film.title = "Parasite"
    first.film.credits.add(FilmCredit(person_name="Song Kang-ho", character_name="Ki-taek"))
    first.film.save()
    first.critic_links = [ReviewPageCritic(critic=bob), ReviewPageCritic(critic=ann)]
    first.tags.add("korean")
    first.save_revision().publish()
    second = make_review(genres=("Action",))
    second.critic_links = [ReviewPageCritic(critic=ann)]
    second.save_revision().publish()
    draft = second.get_latest_revision_as_object()
    draft.critic_links = [ReviewPageCritic(critic=ann), ReviewPageCritic(critic=cid)]
    draft.tags.add("draft-only")
    draft.save_revision()
    return {"first": first, "second": second, "ann": ann, "bob": bob, "cid": cid}


def items(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_a_review_carries_its_byline_in_credited_order(byline, client):
    detail = client.get(f"{PAGES}{byline['first'].pk}/").json()
    assert [c["name"] for c in detail["critics"]] == ["Bob Ray", "Ann Lee"]
    assert detail["critics"][0] == {"id": byline["bob"].pk, "slug": "bob-ray", "name": "Bob Ray"}


def test_genres_tags_and_critics_list_only_what_public_reviews_use(byline, client, make_review):
    hidden = make_review(genres=("Horror",))
    hidden.unpublish()
    genres = items(client, "/api/v2/genres/")
    assert [(g["slug"], g["name"], g["review_count"]) for g in genres] == [
        ("action", "Action", 1),
        ("drama", "Drama", 1),
    ]
    assert [(t["slug"], t["review_count"]) for t in items(client, "/api/v2/tags/")] == [
        ("korean", 1)
    ]
    critics = items(client, "/api/v2/critics/?order=-review_count")
    assert [(c["name"], c["review_count"]) for c in critics] == [("Ann Lee", 2), ("Bob Ray", 1)]
    ann = client.get(f"/api/v2/critics/{byline['ann'].pk}/").json()
    assert ann["meta"]["type"] == "reviews.Critic" and ann["photo"] is None
    # Cid is credited only on a draft: editors' data.
    assert client.get(f"/api/v2/critics/{byline['cid'].pk}/").status_code == 404


def test_nested_field_selection_narrows_the_film(byline, client):
    url = f"{REVIEWS}&fields=_,id,film(title,year,poster)"
    (item, *_) = items(client, url)
    assert set(item) == {"id", "meta", "film"}
    assert set(item["film"]) == {"title", "year", "poster"}
    (item, *_) = items(client, f"{REVIEWS}&fields=film(*,-credits)")
    assert "credits" not in item["film"] and "synopsis" in item["film"]
    for bad in ("film(nope)", "film(title(x))", "tags(name)"):
        response = client.get(f"{REVIEWS}&fields={bad}")
        assert response.status_code == 400, bad
        assert response.json()["message"]


def test_every_item_names_its_type_whatever_fields_chose(byline, client):
    for item in items(client, f"{PAGES}?fields=_,id"):
        assert set(item) == {"id", "meta"} and item["meta"]["type"]


def test_autocomplete_finds_reviews_by_the_beginnings_of_words(byline, client):
    def found(query, url=REVIEWS):
        sep = "&" if "?" in url else "?"
        return {
            i["id"] for i in items(client, f"{url}{sep}search={query}&search_type=autocomplete")
        }

    first = byline["first"].pk
    assert found("parasit") == {first}  # the film's (and review's) title
    assert found("song") == {first}  # the cast
    assert found("bob") == {first}  # a critic
    assert found("parasit", "/api/v2/films/") == {byline["first"].film_id}
    assert client.get(f"{REVIEWS}&search_type=fuzzy").status_code == 400


def test_films_search_works_with_filters(byline, client):
    """It answered 400 whatever the query: Wagtail searched a queryset filtered by id."""
    film = byline["first"].film_id
    assert [i["id"] for i in items(client, "/api/v2/films/?search=parasite")] == [film]
    assert [i["id"] for i in items(client, "/api/v2/films/?search=parasite&genre=drama")] == [film]
    assert items(client, "/api/v2/films/?search=parasite&genre=action") == []


def test_orders_are_declared_and_never_duplicate_items(byline, client):
    """`films/?order=genres` sorted by a many-to-many field: 14 items for a total of 8."""
    assert client.get("/api/v2/films/?order=genres").status_code == 400
    for order in ("title", "-year", "release_date", "id"):
        body = client.get(f"/api/v2/films/?order={order}").json()
        ids = [item["id"] for item in body["items"]]
        assert len(ids) == len(set(ids)) == body["meta"]["total_count"], order


def test_reviews_come_newest_first_by_default(byline, client):
    assert [i["id"] for i in items(client, REVIEWS)] == [byline["second"].pk, byline["first"].pk]


def test_a_review_filter_lists_reviews_without_naming_the_type(byline, client):
    assert [i["id"] for i in items(client, f"{PAGES}?genre=drama")] == [byline["first"].pk]
    assert {i["meta"]["type"] for i in items(client, f"{PAGES}?fields=headline")} == {
        "reviews.ReviewPage"
    }


def test_limit_goes_to_the_setting(byline, client, settings):
    assert client.get(f"{PAGES}?limit=100").status_code == 200
    assert client.get(f"{PAGES}?limit=101").status_code == 400
    settings.WAGTAILAPI_LIMIT_MAX = 5
    assert client.get(f"{PAGES}?limit=6").status_code == 400


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v2/nothing/", 404),
        ("get", "/api/v2/pages/abc/", 404),
        ("get", "/api/v2/pages/99999999999999999999999/", 404),
        ("get", "/api/v2/pages/?genre=%00", 400),
        ("get", "/api/v2/pages/?child_of=999999", 200),
        ("post", "/api/v2/pages/", 405),
        ("delete", "/api/v2/films/1/", 405),
        ("post", "/api/v2/openapi.json", 405),
    ],
)
def test_every_status_under_the_api_is_json_with_a_message(byline, client, method, url, status):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    if status != 200:
        assert set(response.json()) == {"message"}


def test_find_resolves_pages_not_junk_paths_below_them(byline, client):
    review = client.get(f"{PAGES}find/?html_path={byline['first'].url}")
    assert review.status_code == 302
    for junk in ("/reviews/genre/nothing-here/", "/reviews/genre/drama/", "/reviews/tag/x/"):
        response = client.get(f"{PAGES}find/?html_path={junk}")
        assert response.status_code == 404, junk


def test_descriptions_are_escaped_once(make_review, client):
    """`Ridley Scott&#x27;s` reached the API, the meta tags and the feed."""
    summary = "<p>Ridley Scott&#x27;s film &amp; its &quot;legacy&quot;.</p>"
    review = make_review(
        body=[
            {"type": "summary", "value": summary},
            {"type": "analysis", "value": {"heading": "Story", "body": "<p>Lean.</p>"}},
            {"type": "verdict", "value": {"body": "<p>Fine.</p>"}},
        ]
    )
    text = 'Ridley Scott\'s film & its "legacy".'
    seo = client.get(f"{PAGES}{review.pk}/").json()["seo"]
    assert seo["description"] == seo["og"]["description"] == text
    html = BeautifulSoup(client.get(review.url).content, "html.parser")
    assert html.find("meta", attrs={"name": "description"})["content"] == text
    assert html.find("meta", property="og:description")["content"] == text


def test_rich_text_carries_no_editor_block_keys(make_review, client):
    body = [
        {"type": "summary", "value": '<p data-block-key="a1b2c">Opening.</p>'},
        {"type": "analysis", "value": {"heading": "S", "body": '<p data-block-key="x9">B.</p>'}},
        {"type": "verdict", "value": {"body": '<p data-block-key="v1">Fine.</p>'}},
    ]
    review = make_review(body=body)
    detail = client.get(f"{PAGES}{review.pk}/").json()
    assert "data-block-key" not in str(detail["body"])
    assert detail["body"][0]["value"] == "<p>Opening.</p>"
    feed = client.get("/feed/").content.decode()
    descriptions = [item.findtext("description") for item in ET.fromstring(feed).iter("item")]
    assert "<p>Opening.</p>" in descriptions
    assert "data-block-key" not in feed


def image_with_focal_point():
    """600x300: the left third red, the rest blue; the editor's focal point on the red."""
    picture = PILImage.new("RGB", (600, 300), "blue")
    picture.paste("red", (0, 0, 200, 300))
    data = io.BytesIO()
    picture.save(data, "JPEG")
    return Image.objects.create(
        title="Still",
        file=ImageFile(data, name="still.jpg"),
        focal_point_x=100,
        focal_point_y=150,
        focal_point_width=150,
        focal_point_height=250,
    )


def test_image_objects_offer_the_reader_sites_sizes_in_three_formats(byline, client):
    film = byline["first"].film
    film.poster = image_with_focal_point()
    film.save()
    poster = client.get(f"{PAGES}{byline['first'].pk}/").json()["film"]["poster"]
    assert poster["alt"] == film.poster_alt
    assert poster["focal_point"] == {"x": 100, "y": 150, "width": 150, "height": 250}
    sizes = {(r["filter"], r["format"]): r for r in poster["renditions"]}
    for spec in ("width-248", "width-496", "fill-72x108", "fill-144x216"):
        assert {fmt for f, fmt in sizes if f == spec} == {"avif", "webp", "jpeg"}, spec
    crop = sizes[("fill-144x216", "jpeg")]
    assert (crop["width"], crop["height"]) == (144, 216)
    # The crop is centred on the focal point: red, not the blue middle of the picture.
    rendition = film.poster.get_rendition("fill-144x216|format-jpeg")
    with rendition.file.open() as f:
        red, _, blue = PILImage.open(f).convert("RGB").getpixel((72, 108))
    assert red > 200 and blue < 60


@pytest.mark.parametrize(
    "query", ["fields=title", "fields=-body", "limit=1", "order=title", "search=x", "type=x"]
)
def test_a_detail_refuses_a_listing_parameter(make_review, client, query):
    """A detail carries every field, as the OpenAPI document says; a parameter only a listing
    honours is a 400 naming it, not silently ignored or half applied."""
    review = make_review()
    response = client.get(f"{PAGES}{review.pk}/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["message"]


def test_a_detail_takes_rich_text_format(make_review, client):
    review = make_review()
    response = client.get(f"{PAGES}{review.pk}/?rich_text_format=markdown")
    assert response.status_code == 200
    assert set(response.json()) >= {"body", "film", "seo", "critics"}
