"""`manage.py import_reviews` with saved web pages and WordPress exports."""

import json
import shutil
from pathlib import Path

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_jpeg

from reviews.models import Critic, Film, ReviewPage

from .test_import_command import run

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"
EXPORT = FIXTURES / "night-bus-export.xml"


def test_a_directory_of_saved_pages(tmp_path, index):
    for name in ("paper-lanterns-2021.html", "kettle-creek-microdata.html", "ferryman-plain.html"):
        shutil.copy(FIXTURES / name, tmp_path)
    out, err, code = run(tmp_path, "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["counts"] == {"created": 3, "updated": 0, "unchanged": 0, "refused": 0}
    lanterns = ReviewPage.objects.get(film__title="Paper Lanterns")
    assert [b.block_type for b in lanterns.body] == [
        "summary",
        "analysis",
        "analysis",
        "analysis",
        "verdict",
    ]
    assert lanterns.score_display == "4/5" and str(lanterns.score) == "8.0"
    assert Film.objects.get(title="Kettle Creek").release_date.isoformat() == "2019-05-17"
    # Run again: nothing changes.
    out, _, _ = run(tmp_path, "--format", "json")
    assert json.loads(out)["counts"]["unchanged"] == 3


def test_a_wordpress_export_with_its_uploads_folder(tmp_path, index):
    uploads = tmp_path / "uploads" / "2023" / "01"
    uploads.mkdir(parents=True)
    (uploads / "salt-roads-still.jpg").write_bytes(get_test_image_file_jpeg().file.getvalue())
    out, err, code = run(EXPORT, "--media", tmp_path / "uploads", "--publish")
    assert code == 0, err
    salt = ReviewPage.objects.get(film__title="Salt Roads")
    assert salt.live and salt.first_published_at.isoformat() == "2023-01-14T18:00:00+00:00"
    assert [c.critic.name for c in salt.critic_links.all()] == ["Odile Marsh"]
    assert sorted(t.name for t in salt.tags.all()) == ["road movie"]
    assert salt.film.genre_names == ["Thriller"]
    image = next(b.value for b in salt.body if b.block_type == "image")
    assert image["alt_text"] == "Two trucks at a salt flat"
    assert image["caption"] == "The salt flats at dawn."
    glass = ReviewPage.objects.get(film__title="Glasshouse")
    assert not glass.live  # a WordPress draft
    assert "item 4 ('About us'): a WordPress page, not a post" in out
    # The same export again: the same reviews, the same single image.
    out, err, code = run(EXPORT, "--media", tmp_path / "uploads", "--publish")
    assert "Dry run" not in out and "2 unchanged" in out, out + err
    assert Image.objects.count() == 1 and Critic.objects.count() == 1


def test_only_a_category(index):
    out, err, code = run(EXPORT, "--category", "Drama")
    assert code == 0, err
    assert list(ReviewPage.objects.values_list("film__title", flat=True)) == ["Glasshouse"]


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>x</channel>',
    ],
    ids=["xxe", "malformed"],
)
def test_a_hostile_or_malformed_export_is_refused_in_one_line(tmp_path, index, data):
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    out, err, code = run(path)
    assert code == 1
    (line,) = [line for line in err.splitlines() if line.startswith(str(path))]
    assert "refused" in line and "passwd" not in out + err
    assert not ReviewPage.objects.exists() and not Film.objects.exists()


def test_a_missing_media_folder_is_refused(tmp_path, index):
    _, err, code = run(EXPORT, "--media", tmp_path / "nowhere")
    assert code == 1 and "no such directory" in err
