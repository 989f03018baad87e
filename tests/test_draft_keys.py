"""Draft API keys: editors manage them in the admin; a staging front end reads drafts with one."""

import re

import pytest
from lxml import html as lxml_html
from wagtail.models import APIToken

from reviews.models import ReviewPage

LISTING = "/api/v2/pages/?type=reviews.ReviewPage&fields=headline"


def create_key(client, name="Staging front end"):
    """Create a key through the admin's form, as an editor does; returns the plaintext shown."""
    response = client.post(
        "/admin/api-tokens/new/", {"name": name, "user": client.user.pk}, follow=True
    )
    assert response.status_code == 200
    page = lxml_html.fromstring(response.content)
    [field] = page.xpath('//input[@id="api-token-value"]')
    return field.get("value")


@pytest.fixture
def drafts(make_review, index):
    """A live review with an unpublished edit, and a review that was never published."""
    live = make_review(headline="Live Headline")
    edit = ReviewPage.objects.get(pk=live.pk)
    edit.headline = "Draft Headline"
    edit.save_revision()
    unborn = ReviewPage(
        title="Secret (2026) Review – Not Yet", headline="Not Yet", film=live.film, live=False
    )
    index.add_child(instance=unborn)
    unborn.save_revision()
    return live, unborn


def test_editors_create_list_and_revoke_keys_and_writers_cannot_see_them(editor, writer):
    key = create_key(editor)
    assert re.fullmatch(r"wagtail_\w+", key)
    token = APIToken.objects.get()
    assert token.user == editor.user and token.name == "Staging front end"
    assert key not in (token.key_hash, token.prefix)  # only a digest is stored

    listing = editor.get("/admin/api-tokens/")
    assert listing.status_code == 200
    assert "Staging front end" in listing.content.decode() and key not in listing.content.decode()

    for url in ("/admin/api-tokens/", "/admin/api-tokens/new/"):
        denied = writer.get(url)
        assert denied.status_code == 302 and denied.url == "/admin/"
    assert "api-tokens" not in writer.get("/admin/").content.decode()

    assert editor.post(f"/admin/api-tokens/delete/{token.pk}/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_key_reads_drafts_through_the_same_endpoints(client, editor, drafts):
    live, unborn = drafts
    key = create_key(editor)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    public = client.get(LISTING).json()
    assert [item["headline"] for item in public["items"]] == ["Live Headline"]
    assert client.get(f"/api/v2/pages/{unborn.pk}/").status_code == 404

    staged = client.get(LISTING, **auth)
    assert staged.status_code == 200
    headlines = {item["id"]: item["headline"] for item in staged.json()["items"]}
    assert headlines == {live.pk: "Draft Headline", unborn.pk: "Not Yet"}
    assert staged["Cache-Control"] == "private, no-store"
    assert "Authorization" in staged["Vary"] and not staged.has_header("ETag")

    detail = client.get(f"/api/v2/pages/{unborn.pk}/", **auth)
    assert detail.status_code == 200
    assert detail.json()["title"] == "Secret (2026) Review – Not Yet"
    assert detail["Cache-Control"] == "private, no-store"

    found = client.get(
        f"/api/v2/pages/find/?html_path=/reviews/{unborn.slug}/", **auth, follow=False
    )
    assert found.status_code == 302 and f"/api/v2/pages/{unborn.pk}/" in found.url
    assert client.get(f"/api/v2/pages/find/?html_path=/reviews/{unborn.slug}/").status_code == 404

    token = APIToken.objects.get()
    assert token.last_used_at is not None


def test_without_a_key_nothing_changes_but_caches_are_told_the_key_matters(client, drafts):
    response = client.get(LISTING)
    assert response["Cache-Control"].startswith("public")
    assert "Authorization" in response["Vary"]


@pytest.mark.parametrize("header", ["Bearer wagtail_nonsense", "Bearer", "Basic dXNlcjpwYXNz"])
def test_a_bad_key_is_a_json_401(client, drafts, header):
    response = client.get(LISTING, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert set(response.json()) == {"message"}
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response["Cache-Control"] != "" and "public" not in response["Cache-Control"]


def test_a_revoked_key_or_one_whose_owner_left_the_editors_is_refused(client, editor, drafts):
    key = create_key(editor)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(LISTING, **auth).status_code == 200

    editor.user.groups.clear()
    editor.user = type(editor.user).objects.get(pk=editor.user.pk)  # no cached permissions
    assert client.get(LISTING, **auth).status_code == 401

    APIToken.objects.get().revoke()
    response = client.get(LISTING, **auth)
    assert response.status_code == 401 and "revoked" in response.json()["message"]


def test_the_openapi_document_declares_the_optional_key(client, db):
    document = client.get("/api/v2/openapi.json").json()
    assert document["security"] == [{}, {"draftKey": []}]
    assert document["components"]["securitySchemes"]["draftKey"]["scheme"] == "bearer"
    for path in document["paths"].values():
        assert "401" in path["get"]["responses"]
