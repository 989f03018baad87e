"""Unpublished and private media stay private: the images API lists only what live, public
content shows, and originals and documents leave only through Django's checks
(cms/files, docs/operations.md "Uploaded files")."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from cms.identity.models import SiteSettings
from reviews.models import Critic, ReviewPageCritic

from .conftest import COMPLETE_BODY
from .test_settings import PRODUCTION, load_settings


def image(title, collection=None):
    extra = {"collection": collection} if collection else {}
    return Image.objects.create(title=title, file=get_test_image_file(f"{title}.png"), **extra)


def image_block(picture):
    return {"type": "image", "value": {"image": picture.pk, "alt_text": "A still", "caption": ""}}


def with_image_block(picture):
    return [*COMPLETE_BODY[:2], image_block(picture), COMPLETE_BODY[2]]


@pytest.fixture
def private_collection(db):
    collection = Collection.get_first_root_node().add_child(name="Embargoed")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def media(make_review, home, private_collection):
    """Images in every place live content shows one, and in places only drafts do."""
    shown = {name: image(name) for name in ("poster", "listing", "block", "photo", "logo")}
    hidden = {name: image(name) for name in ("draft_listing", "draft_block", "unused")}
    hidden["later"] = image("later")
    hidden["private"] = image("private", private_collection)

    review = make_review(listing_image=shown["listing"], body=with_image_block(shown["block"]))
    review.film.poster = shown["poster"]
    review.film.save()
    critic = Critic.objects.create(name="Ann Lee", photo=shown["photo"])
    review.critic_links = [ReviewPageCritic(critic=critic)]
    review.save_revision().publish()
    settings = SiteSettings.for_site(home.get_site())
    settings.logo = shown["logo"]
    settings.save()

    # A draft that has never been published, and a live review's unpublished changes.
    draft = make_review(
        listing_image=hidden["draft_listing"], body=with_image_block(hidden["draft_block"])
    )
    draft.unpublish()
    review.listing_image = hidden["later"]
    review.save_revision()
    # Live content, but in a private collection.
    make_review(listing_image=hidden["private"])
    return {"shown": shown, "hidden": hidden, "review": review}


def listed_ids(client):
    response = client.get("/api/v2/images/?limit=20")
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def test_the_images_api_lists_only_what_live_public_content_shows(client, media):
    assert listed_ids(client) == {picture.pk for picture in media["shown"].values()}
    for picture in media["hidden"].values():
        response = client.get(f"/api/v2/images/{picture.pk}/")
        assert response.status_code == 404, picture.title
        assert "message" in response.json()
    search = client.get("/api/v2/images/?search=draft_listing").json()
    assert search["items"] == []


def test_an_unpublished_review_takes_its_images_out_of_the_api(client, media):
    media["review"].unpublish()
    listed = listed_ids(client)
    for name in ("poster", "listing", "block", "photo"):
        assert media["shown"][name].pk not in listed, name
    assert listed == {media["shown"]["logo"].pk}


def test_the_api_links_originals_to_the_checked_view(client, media):
    poster = media["shown"]["poster"]
    data = client.get(f"/api/v2/images/{poster.pk}/").json()
    assert data["meta"]["download_url"] == f"/images/{poster.pk}/original/"


def test_originals_are_not_served_under_media(client, media):
    poster = media["shown"]["poster"]
    assert poster.file.name.startswith("original_images/")
    for path in (poster.file.name, f"images/../{poster.file.name}", f"./{poster.file.name}"):
        assert client.get(f"/media/{path}").status_code == 404, path
    # Renditions, which pages and the API link to, are.
    rendition = poster.get_rendition("width-100")
    assert client.get(rendition.url).status_code == 200


def test_readers_get_the_originals_of_shown_images_only(client, media):
    poster = media["shown"]["poster"]
    response = client.get(f"/images/{poster.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(poster.file.path).read_bytes()
    assert "private" in response["Cache-Control"]
    for name in ("draft_listing", "draft_block", "unused", "later"):
        assert client.get(f"/images/{media['hidden'][name].pk}/original/").status_code == 404


def test_a_private_collections_original_needs_a_sign_in(client, django_user_model, media):
    private = media["hidden"]["private"]
    response = client.get(f"/images/{private.pk}/original/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    # Signed in, the collection's restriction (sign-in) lets the reader through.
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(f"/images/{private.pk}/original/").status_code == 200
    # Still nothing for an image only a draft shows.
    assert client.get(f"/images/{media['hidden']['unused'].pk}/original/").status_code == 404


def test_editors_get_any_original(admin_client, media):
    unused = media["hidden"]["unused"]
    response = admin_client.get(f"/images/{unused.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(unused.file.path).read_bytes()


@pytest.fixture
def private_document(private_collection):
    document = Document(title="Embargo terms", collection=private_collection)
    document.file.save("embargo.txt", ContentFile(b"Not before Friday."))
    return document


def test_a_private_document_needs_a_sign_in(client, django_user_model, private_document):
    assert private_document.file.name.startswith("documents/")
    assert client.get(f"/media/{private_document.file.name}").status_code == 404
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")

    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Not before Friday."


def test_a_group_restriction_refuses_other_signed_in_users(client, django_user_model, db):
    staff = Group.objects.create(name="Staff")
    collection = Collection.get_first_root_node().add_child(name="Staff only")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([staff])
    picture = image("staff", collection)
    outsider = django_user_model.objects.create_user("outsider", password="x")
    client.force_login(outsider)
    assert client.get(f"/images/{picture.pk}/original/").status_code == 404


def test_in_production_the_web_server_sends_the_file(
    admin_client, settings, media, private_document
):
    """SENDFILE_SERVER=nginx (production's default): the answer names the file for nginx's
    internal location and carries none of its bytes."""
    settings.SENDFILE_SERVER = "nginx"
    unused = media["hidden"]["unused"]
    response = admin_client.get(f"/images/{unused.pk}/original/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/private-media/{unused.file.name}"
    assert response.content == b""

    response = admin_client.get(private_document.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/private-media/{private_document.file.name}"
    assert response.content == b""

    settings.SENDFILE_SERVER = "apache"
    response = admin_client.get(private_document.url)
    assert response["X-Sendfile"] == private_document.file.path
    assert response.content == b""


def test_production_hands_files_to_nginx_by_default():
    code = "print(s.SENDFILE_SERVER, s.SENDFILE_URL, s.WAGTAILDOCS_SERVE_METHOD)"
    result = load_settings(PRODUCTION, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["nginx", "/private-media", "serve_view"]
    result = load_settings({**PRODUCTION, "SENDFILE_SERVER": "lighttpd"}, code)
    assert result.returncode != 0
    assert "SENDFILE_SERVER must be one of" in result.stderr
