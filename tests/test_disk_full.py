"""Faults, survived (issue 12, point 5): a full disk. MEDIA_ROOT is a real filesystem of a few
hundred kilobytes (a tmpfs mounted for the test), filled up for real: an upload is a form error
and leaves no file behind; a page whose pictures cannot be made is served without them."""

import errno
import io
import json
import os
import random
import subprocess

import pytest
from django.urls import reverse
from lxml import html
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from cms.imports.models import ReviewImport

from .conftest import SAMPLE

pytestmark = [pytest.mark.django_db, pytest.mark.faults]

NO_ROOM = "The server has no room left for this file"


@pytest.fixture
def small_disk(tmp_path, settings):
    """MEDIA_ROOT on a 256 KB tmpfs of its own, unmounted after the test."""
    mount = tmp_path / "media"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        # Only root (CAP_SYS_ADMIN) mounts a filesystem; CI and `make faults` run as root.
        pytest.skip(reason=f"a tmpfs for a full disk needs root: {result.stderr.strip()}")
    settings.MEDIA_ROOT = settings.SENDFILE_ROOT = mount
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=True)


def fill(directory):
    """Write until the filesystem refuses: what is left free is nothing."""
    with open(directory / "filler", "wb", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC


def files_in(directory):
    return sorted(
        str(path.relative_to(directory)) for path in directory.rglob("*") if path.is_file()
    )


def noise_png(name, side=300):
    """A PNG of random pixels: it does not compress, so about 270 KB, more than the disk."""
    generator = random.Random(12)
    picture = PILImage.frombytes("RGB", (side, side), generator.randbytes(side * side * 3))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    buffer.name = name
    buffer.seek(0)
    return buffer


def small_png(name):
    upload = get_test_image_file(name)
    upload.seek(0)  # the helper leaves it at its end: the client would post nothing
    return upload


def root_collection():
    return Collection.get_first_root_node().pk


def refuse_document(client, size):
    """Upload a document of `size` random bytes: the form says the disk is full."""
    upload = io.BytesIO(random.Random(3).randbytes(size))
    upload.name = "terms.txt"
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Terms", "file": upload, "collection": root_collection()},
    )
    assert response.status_code == 200
    assert NO_ROOM in response.content.decode()
    assert not Document.objects.exists()


def test_an_image_too_big_for_the_disk_is_a_form_error_and_leaves_no_file(admin_client, small_disk):
    upload = noise_png("still.png")
    assert len(upload.getvalue()) > 256 * 1024
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Still", "file": upload, "collection": root_collection()},
    )
    assert response.status_code == 200
    assert NO_ROOM in response.content.decode()
    assert not Image.objects.exists()
    assert files_in(small_disk) == []

    # The same form takes an image that fits.
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Small",
            "file": small_png("small.png"),
            "collection": root_collection(),
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert files_in(small_disk) == [image.file.name]
    assert image.file_size == os.path.getsize(image.file.path)


def test_a_multiple_upload_into_a_full_disk_answers_with_the_error(admin_client, small_disk):
    fill(small_disk)
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": small_png("small.png"), "collection": root_collection()},
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["success"] is False
    assert NO_ROOM in data["error_message"]
    assert not Image.objects.exists()
    assert files_in(small_disk) == ["filler"]


def test_a_document_too_big_for_the_disk_is_a_form_error_and_leaves_no_file(
    admin_client, small_disk
):
    refuse_document(admin_client, 300 * 1024)
    assert files_in(small_disk) == []


def test_a_review_whose_pictures_cannot_be_made_is_served_without_them(
    client, make_review, small_disk
):
    poster = Image.objects.create(title="Poster", file=get_test_image_file("poster.png"))
    review = make_review()
    review.film.poster = poster
    review.film.save()
    fill(small_disk)

    response = client.get(review.url)
    assert response.status_code == 200
    assert 'class="film-facts__poster"' not in response.content.decode()
    api = client.get(f"/api/v2/pages/{review.pk}/")
    assert api.status_code == 200
    assert api.json()["film"]["poster"] is None
    # Nothing half-written: the original and the filler only.
    assert files_in(small_disk) == sorted(["filler", poster.file.name])

    # Room again: the next request makes the pictures.
    os.remove(small_disk / "filler")
    response = client.get(review.url)
    assert 'class="film-facts__poster"' in response.content.decode()
    assert client.get(f"/api/v2/pages/{review.pk}/").json()["film"]["poster"]["url"]


def test_an_upload_the_disk_cannot_receive_is_a_form_error(admin_client, small_disk, settings):
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE are received into a temporary file first."""
    settings.FILE_UPLOAD_TEMP_DIR = small_disk
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    fill(small_disk)

    response = admin_client.post(
        reverse("review_imports:upload"), {"files": [SAMPLE.open("rb")], "action": "draft"}
    )
    assert response.status_code == 200
    errors = html.fromstring(response.content).xpath("//*[contains(@class, 'error-message')]")
    assert [" ".join(e.text_content().split()) for e in errors] == [
        f"{NO_ROOM}, so it was not saved. Try again later, and tell the site's administrator."
    ]
    assert not ReviewImport.objects.exists()

    refuse_document(admin_client, 20 * 1024)
    assert files_in(small_disk) == ["filler"]
