"""Wagtail's preview of a review, and headless preview through /api/v2/page_preview/."""

import html
import re
import time
from unittest import mock
from urllib.parse import parse_qs

import pytest
from django.test import override_settings
from django.urls import reverse

from reviews.models import ReviewPage

from .admin_forms import admin_url, review_form

pytestmark = pytest.mark.django_db

PREVIEW = "/api/v2/page_preview/"
FRONT_END = "https://front.example.com/preview"
HEADLESS = override_settings(
    HEADLESS_PREVIEW_URL=FRONT_END,
    WAGTAIL_HEADLESS_PREVIEW={
        "CLIENT_URLS": {"default": FRONT_END},
        "ENFORCE_TRAILING_SLASH": False,
    },
)
UNSAVED = "<p>Unsaved verdict: better on a second viewing.</p>"


def unsaved(review):
    page = ReviewPage.objects.get(pk=review.pk)
    page.headline = "Unsaved headline"
    page.body = [*page.body.raw_data[:-1], {"type": "verdict", "value": {"body": UNSAVED}}]
    return page


def preview(client, url, data, mode=""):
    """What the editor's preview panel does: post the form, then load the preview in a mode."""
    response = client.post(url, data)
    assert response.json() == {"is_valid": True, "is_available": True}
    return client.get(url, {"mode": mode})


def front_end_token(response):
    src = html.unescape(re.search(r'<iframe src="([^"]+)"', response.text).group(1))
    url, query = src.split("?")
    params = parse_qs(query)
    assert (url, params["content_type"]) == (FRONT_END, ["reviews.reviewpage"])
    return params["token"][0]


def get_preview(client, token, content_type="reviews.reviewpage"):
    return client.get(PREVIEW, {"content_type": content_type, "token": token})


def test_wagtail_preview_renders_the_full_reader_page_with_the_unsaved_edit(
    editor, sample_review, client
):
    data = review_form(sample_review, verdict=UNSAVED)
    response = preview(editor, admin_url("preview_on_edit", sample_review.pk), data)
    assert response.status_code == 200
    html = response.text
    assert "better on a second viewing" in html
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "Plot Summary" in html  # the whole review, not a fragment
    assert 'rel="stylesheet"' in html and "</footer>" in html
    # Readers still get the published page.
    assert "second viewing" not in client.get(sample_review.url).text


def test_without_a_front_end_url_there_is_only_the_reader_preview(editor, sample_review):
    assert ReviewPage.objects.get(pk=sample_review.pk).preview_modes == [("", "Reader page")]
    assert "Front end" not in editor.get(admin_url("edit", sample_review.pk)).text
    data = review_form(sample_review, verdict=UNSAVED)
    response = preview(editor, admin_url("preview_on_edit", sample_review.pk), data, "headless")
    assert response.status_code == 200
    assert "better on a second viewing" in response.text


@HEADLESS
def test_the_front_end_preview_mode_sends_editors_to_the_front_end(editor, sample_review, client):
    assert "Front end" in editor.get(admin_url("edit", sample_review.pk)).text
    data = review_form(sample_review, verdict=UNSAVED, headline="Unsaved headline")
    response = preview(editor, admin_url("preview_on_edit", sample_review.pk), data, "headless")
    token = front_end_token(response)

    # The front end, without any cookie, reads the unsaved edit with the token.
    response = get_preview(client, token)
    assert response.status_code == 200
    assert response.json()["headline"] == "Unsaved headline"
    assert "better on a second viewing" in response.json()["body"][-1]["value"]["body"]
    assert client.get(f"/api/v2/pages/{sample_review.pk}/").json()["headline"] != (
        "Unsaved headline"
    )


@HEADLESS
def test_a_review_never_saved_can_be_previewed_in_the_front_end(editor, sample_review, client):
    data = review_form(sample_review, title="Brand new (2024) Review – Fresh", slug="brand-new")
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["reviews", "reviewpage", sample_review.get_parent().pk],
    )
    token = front_end_token(preview(editor, url, data, "headless"))
    response = get_preview(client, token)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Brand new (2024) Review – Fresh"
    assert (data["id"], data["meta"]["detail_url"]) == (None, None)
    assert data["meta"]["parent"]["title"] == "Reviews"
    assert not ReviewPage.objects.filter(slug="brand-new").exists()


def test_the_preview_has_the_shape_of_the_pages_detail(sample_review, client):
    token = unsaved(sample_review).create_page_preview().token
    response = get_preview(client, token)
    assert response.status_code == 200
    preview_data = response.json()
    detail = client.get(f"/api/v2/pages/{sample_review.pk}/").json()
    assert preview_data.keys() == detail.keys()
    assert preview_data["meta"].keys() == detail["meta"].keys()
    assert preview_data["film"] == detail["film"]
    assert preview_data["headline"] == "Unsaved headline"
    assert isinstance(preview_data["seo"]["json_ld"], list)
    # A draft is never kept by a browser or a shared cache.
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_an_expired_token_is_refused(sample_review, client, settings):
    # A token the library signed two hours ago (its signer reads the clock through time.time).
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 7200):
        token = unsaved(sample_review).create_page_preview().token
    settings.HEADLESS_PREVIEW_MAX_AGE = 3600
    response = get_preview(client, token)
    assert response.status_code == 403
    assert response.json() == {"message": "preview token has expired: open the preview again"}


@pytest.mark.parametrize(
    ("token", "content_type", "status", "message"),
    [
        ("forged", "reviews.reviewpage", 403, "preview token is not valid"),
        ("id=5:1vAbCd:not-the-signature", "reviews.reviewpage", 403, "preview token is not valid"),
        ("%%%", "reviews.reviewpage", 403, "preview token is not valid"),
        ("", "reviews.reviewpage", 400, "content_type and token are required"),
        ("valid", "", 400, "content_type and token are required"),
        ("valid", "reviews.nosuchpage", 400, "content_type 'reviews.nosuchpage' has no preview"),
        ("valid", "nonsense", 400, "content_type 'nonsense' has no preview"),
        ("valid", "reviews.film", 400, "content_type 'reviews.film' has no preview"),
        ("valid", "home.homepage", 400, "content_type 'home.homepage' has no preview"),
        ("valid", "wagtailcore.page", 400, "content_type 'wagtailcore.page' has no preview"),
    ],
)
def test_bad_tokens_and_content_types_get_a_4xx_with_a_message(
    sample_review, client, token, content_type, status, message
):
    valid = unsaved(sample_review).create_page_preview().token
    if token == "forged":
        # The real token with its identifier changed: the signature no longer matches.
        token = valid.replace(f"id={sample_review.pk}", "id=1", 1)
    response = get_preview(client, valid if token == "valid" else token, content_type)
    assert response.status_code == status
    assert response.json() == {"message": message}


def test_a_signed_token_with_no_stored_preview_is_404(sample_review, client):
    token = ReviewPage.get_preview_signer().sign("id=999")
    response = get_preview(client, token)
    assert response.status_code == 404
    assert response.json() == {"message": "no preview for this token and content_type"}
