"""/api/v2/openapi.json: valid OpenAPI 3.1, complete, and true of real responses."""

import pytest
from django.core.files.base import ContentFile
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail_headless_preview.models import PagePreview

from reviews.blocks import ReviewStreamBlock
from reviews.models import FilmCredit, ReviewPage

pytestmark = pytest.mark.django_db

BASE = "urn:openapi"
PAGES, PAGE = "/api/v2/pages/", "/api/v2/pages/{id}/"
PREVIEW = "/api/v2/page_preview/"
REVIEWS = f"{PAGES}?type=reviews.ReviewPage&fields=*"


@pytest.fixture
def document(client):
    response = client.get("/api/v2/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.fixture
def content(sample_review, home):
    """The demo review with a scored, tagged, credited film, a poster, a pull quote and an image
    block; and a document: something for every schema to check."""
    image = Image.objects.create(
        title="Poster", file=get_test_image_file(size=(640, 960)), description="Poster art"
    )
    film = sample_review.film
    film.poster = image
    film.credits.add(FilmCredit(person_name="Jeon Jong-seo", character_name="Ok-ju"))
    film.save()
    review = ReviewPage.objects.get(pk=sample_review.pk).get_latest_revision_as_object()
    body = review.body.raw_data
    review.body = [
        *body[:2],
        {"type": "pull_quote", "value": {"quote": "Style over substance.", "attribution": ""}},
        {"type": "image", "value": {"image": image.pk, "alt_text": "A still", "caption": ""}},
        *body[2:],
    ]
    review.score = "6.5"
    review.tags.add("netflix", "korean")
    review.save_revision().publish()
    document = Document.objects.create(title="Press kit", file=ContentFile(b"kit", "kit.txt"))
    return {
        "review": review.pk,
        "home": home.pk,
        "image": image.pk,
        "document": document.pk,
        "film": film.pk,
    }


def escape(path):
    return path.replace("~", "~0").replace("/", "~1")


def validator(document, path, status):
    """Validates a response body against what the document says `GET path` answers with."""
    pointer = f"/paths/{escape(path)}/get/responses/{status}"
    response = document["paths"][path]["get"]["responses"][status]
    if "$ref" in response:
        pointer = response["$ref"].removeprefix("#")
    registry = Registry().with_resource(BASE, DRAFT202012.create_resource(document))
    return Draft202012Validator(
        {"$ref": f"{BASE}#{pointer}/content/{escape('application/json')}/schema"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def test_document_is_valid_openapi_3_1(document):
    validate(document)
    assert document["openapi"].startswith("3.1.")


def test_every_block_type_has_a_schema(document):
    schemas = document["components"]["schemas"]
    items = schemas["ReviewPage"]["properties"]["body"]["items"]["oneOf"]
    documented = {item["properties"]["type"]["const"]: item for item in items}
    blocks = ReviewStreamBlock().child_blocks
    assert set(documented) == set(blocks)
    for name, block in blocks.items():
        component = type(block).__name__
        assert documented[name]["properties"]["value"]["$ref"].endswith(f"/{component}")
        assert component in schemas
    for component in ("SummaryBlock", "AnalysisBlock", "VerdictBlock", "PullQuoteBlock"):
        assert component in schemas


def test_every_endpoint_and_parameter_is_documented(document):
    paths = document["paths"]
    for endpoint in ("pages", "images", "documents", "films"):
        for path in ("", "{id}/", "find/"):
            assert f"/api/v2/{endpoint}/{path}" in paths
    parameters = {p["name"] for p in paths[PAGES]["get"]["parameters"]}
    assert {
        *("type", "fields", "limit", "offset", "order", "search", "search_operator"),
        *("child_of", "descendant_of", "ancestor_of", "locale", "rich_text_format"),
        *("genre", "tags", "min_score", "max_score", "year", "film"),
    } <= parameters
    find = {p["name"] for p in paths[f"{PAGES}find/"]["get"]["parameters"]}
    assert find == {"html_path", "id"}
    for endpoint in ("pages", "images", "documents", "films", "genres", "tags", "critics"):
        detail = paths[f"/api/v2/{endpoint}/{{id}}/"]["get"]["parameters"]
        assert {p["name"] for p in detail} == {"id", "rich_text_format"}
    preview = paths[PREVIEW]["get"]
    assert {p["name"]: p.get("required", False) for p in preview["parameters"]} == {
        "content_type": True,
        "token": True,
        "rich_text_format": False,
    }
    assert set(preview["responses"]) == {"200", "400", "401", "403", "404"}


def previews(review):
    """Tokens of an unsaved edit of `review`, and of a copy of it never saved (no id yet)."""
    edit = ReviewPage.objects.get(pk=review.pk)
    edit.headline = "Unsaved headline"
    new = ReviewPage.objects.get(pk=review.pk)
    new.pk = new.id = None
    new.slug = "never-saved"
    return {"edit": edit.create_page_preview().token, "new": new.create_page_preview().token}


@pytest.mark.parametrize("which", ["edit", "new"])
def test_previews_match_the_schema(document, content, client, which):
    token = previews(ReviewPage.objects.get(pk=content["review"]))[which]
    response = client.get(PREVIEW, {"content_type": "reviews.reviewpage", "token": token})
    assert response.status_code == 200
    item = response.json()
    assert (item["id"] is None) == (which == "new")
    validator(document, PREVIEW, "200").validate(item)
    schema = document["components"]["schemas"]["ReviewPagePreview"]["properties"]
    assert set(schema) == set(item)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"content_type": "reviews.reviewpage"}, "400"),
        ({"content_type": "home.homepage", "token": "x"}, "400"),
        ({"content_type": "reviews.reviewpage", "token": "forged"}, "403"),
        ({"content_type": "reviews.reviewpage", "token": "deleted"}, "404"),
    ],
)
def test_preview_errors_match_the_schema(document, sample_review, client, query, status):
    if query.get("token") == "deleted":
        query["token"] = previews(sample_review)["edit"]
        PagePreview.objects.all().delete()
    response = client.get(PREVIEW, query)
    assert str(response.status_code) == status
    validator(document, PREVIEW, status).validate(response.json())


def test_the_review_schema_names_exactly_the_fields_a_review_carries(document, content, client):
    item = client.get(REVIEWS).json()["items"][0]
    detail = client.get(f"/api/v2/pages/{content['review']}/").json()
    schemas = document["components"]["schemas"]
    review, listed = schemas["ReviewPage"], schemas["ReviewPageItem"]
    assert set(review["properties"]) == set(review["required"]) == set(detail)
    assert set(review["properties"]["meta"]["properties"]) == set(detail["meta"])
    assert set(listed["properties"]) == set(item)
    assert set(listed["properties"]["meta"]["properties"]) == set(item["meta"])
    film = schemas["FilmSummary"]
    assert set(film["properties"]) == set(film["required"]) == set(item["film"])


@pytest.mark.parametrize(
    ("url", "path"),
    [
        (PAGES, PAGES),
        (REVIEWS, PAGES),
        (f"{REVIEWS}&rich_text_format=markdown", PAGES),
        (f"{PAGES}?type=reviews.ReviewPage&fields=_,id,score", PAGES),
        ("/api/v2/pages/{review}/", PAGE),
        ("/api/v2/pages/{home}/", PAGE),
        ("/api/v2/images/?fields=*", "/api/v2/images/"),
        ("/api/v2/images/{image}/", "/api/v2/images/{id}/"),
        ("/api/v2/documents/", "/api/v2/documents/"),
        ("/api/v2/documents/{document}/", "/api/v2/documents/{id}/"),
        ("/api/v2/films/?fields=*", "/api/v2/films/"),
        ("/api/v2/films/{film}/", "/api/v2/films/{id}/"),
    ],
)
def test_real_responses_match_the_schema(document, content, client, url, path):
    response = client.get(url.format(**content))
    assert response.status_code == 200
    validator(document, path, "200").validate(response.json())


@pytest.mark.parametrize(
    ("url", "path", "status"),
    [
        (f"{PAGES}?limit=1000", PAGES, "400"),
        ("/api/v2/films/?year=abc", "/api/v2/films/", "400"),
        ("/api/v2/pages/999999/", PAGE, "404"),
        ("/api/v2/pages/{review}/?fields=title", PAGE, "400"),
        ("/api/v2/films/{film}/?order=title", "/api/v2/films/{id}/", "400"),
        (f"{PAGES}find/?html_path=/nope/", f"{PAGES}find/", "404"),
    ],
)
def test_errors_match_the_schema(document, content, client, url, path, status):
    response = client.get(url.format(**content))
    assert str(response.status_code) == status
    validator(document, path, status).validate(response.json())


def test_find_redirects_as_documented(document, content, client):
    response = client.get(f"{PAGES}find/?html_path=/reviews/ballerina-2023-review/")
    assert response.status_code == 302
    found = document["components"]["responses"]["Found"]
    assert set(found["headers"]) == {"Location"}
    assert response["Location"].startswith(f"http://testserver/api/v2/pages/{content['review']}/")


def test_a_review_whose_image_was_deleted_still_matches(document, content, client):
    Image.objects.get(pk=content["image"]).delete()
    item = client.get(f"/api/v2/pages/{content['review']}/").json()
    assert item["film"]["poster"] is None
    assert [block["value"] for block in item["body"] if block["type"] == "image"] == [None]
    validator(document, PAGE, "200").validate(item)


@pytest.mark.parametrize(
    "break_it",
    [
        lambda item: item.update(score="6.5"),
        lambda item: item["film"].update(budget_usd="unknown"),
        lambda item: item["body"].append({"type": "trailer", "value": "", "id": "x"}),
        lambda item: item["body"][1]["value"].pop("heading"),
        lambda item: item["meta"].update(type="reviews.Unknown"),
        lambda item: item.update(rating=9),
    ],
)
def test_a_response_that_breaks_the_contract_fails_validation(document, content, client, break_it):
    item = client.get(f"/api/v2/pages/{content['review']}/").json()
    check = validator(document, PAGE, "200")
    check.validate(item)
    break_it(item)
    assert not check.is_valid(item)
