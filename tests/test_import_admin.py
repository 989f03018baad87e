"""Importing reviews in the Wagtail admin: upload, dry run, confirm, background run, report."""

import io
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import html

from cms.imports.models import ReviewImport, ReviewImportFile
from reviews.models import Critic, ReviewPage

from .conftest import SAMPLE

FIXTURES = Path(__file__).parent / "fixtures" / "import"
UPLOAD = reverse("review_imports:upload")


def upload(name, data=None):
    if data is None:
        data = (FIXTURES / name).read_bytes()
    return SimpleUploadedFile(name, data)


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("reviews.zip", buffer.getvalue())


def post_upload(client, *files, action="draft", **fields):
    return client.post(UPLOAD, {"files": list(files), "action": action, **fields})


def table(response):
    """The report table as (file, review, outcome) rows, read from the page."""
    tree = html.fromstring(response.content)
    return [
        tuple(" ".join(cell.text_content().split()) for cell in row.findall("td")[:3])
        for row in tree.xpath("//table[@data-import-table]/tbody/tr")
    ]


def status(response):
    return html.fromstring(response.content).xpath("//*[@data-import-status]/@data-import-status")[
        0
    ]


def confirm(client, review_import):
    return client.post(reverse("review_imports:confirm", args=[review_import.pk]), follow=True)


@pytest.fixture
def index_url():
    return reverse("review_imports:index")


def test_an_editor_uploads_sees_the_dry_run_then_confirms(editor, index):
    response = post_upload(
        editor, upload("paper-lanterns-2021.html"), upload("ballerina.txt", SAMPLE.read_bytes())
    )
    assert response.status_code == 302
    review_import = ReviewImport.objects.get()
    page = editor.get(response.url)
    assert status(page) == "checked"
    assert table(page) == [
        (
            "ballerina.txt",
            "Ballerina (2023) Review – Visually Stunning yet Emotionally Hollow",
            "created",
        ),
        (
            "paper-lanterns-2021.html",
            "Paper Lanterns (2021) Review – A Quiet Harbour Story",
            "created",
        ),
    ]
    assert "verdict under the heading “Final Thoughts”" in page.content.decode()
    assert not ReviewPage.objects.exists()  # a dry run writes nothing

    done = confirm(editor, review_import)
    assert status(done) == "done"
    assert [row[2] for row in table(done)] == ["created", "created"]
    lanterns = ReviewPage.objects.get(film__title="Paper Lanterns")
    assert not lanterns.live and lanterns.owner == editor.user
    assert [c.critic.name for c in lanterns.critic_links.all()] == ["Mara Quill"]
    # The report links each review to its editor and stays; the uploaded files do not.
    assert reverse("wagtailadmin_pages:edit", args=[lanterns.pk]) in done.content.decode()
    assert not ReviewImportFile.objects.exists()
    assert editor.get(reverse("review_imports:index")).content.decode().count("Import ") >= 1

    # The same files again: nothing changes.
    post_upload(editor, upload("paper-lanterns-2021.html"))
    again = ReviewImport.objects.first()
    assert [row[2] for row in table(confirm(editor, again))] == ["unchanged"]
    assert ReviewPage.objects.count() == 2 and Critic.objects.count() == 1


def test_an_editor_may_publish_but_a_wordpress_draft_stays_a_draft(editor, index):
    post_upload(editor, upload("night-bus-export.xml"), action="publish")
    done = confirm(editor, ReviewImport.objects.get())
    assert [row[1:] for row in table(done)] == [
        ("Salt Roads (2022) Review – Two Drivers, One Bad Night", "created"),
        ("Review: Glasshouse (2021)", "created"),
        ("—", "skipped"),
    ]
    assert "kept as a draft: the source marks it unpublished" in done.content.decode()
    salt = ReviewPage.objects.get(film__title="Salt Roads")
    assert salt.live and salt.first_published_at.isoformat() == "2023-01-14T18:00:00+00:00"
    assert not ReviewPage.objects.get(film__title="Glasshouse").live
    assert "salt-roads-still.jpg (no local copy; left out)" in done.content.decode()


def test_writers_import_drafts_only(writer, index):
    form = writer.get(UPLOAD)
    choices = html.fromstring(form.content).xpath("//input[@name='action']/@value")
    assert choices == ["draft"]
    refused = post_upload(writer, upload("paper-lanterns-2021.html"), action="publish")
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not ReviewImport.objects.exists()

    post_upload(writer, upload("night-bus-export.xml"))
    confirm(writer, ReviewImport.objects.get())
    assert ReviewPage.objects.count() == 2
    assert not ReviewPage.objects.filter(live=True).exists()
    assert set(ReviewPage.objects.values_list("owner__username", flat=True)) == {"wendy"}


def test_one_bad_file_is_refused_and_the_others_are_imported(editor, index):
    post_upload(
        editor,
        upload("ferryman-plain.html"),
        upload("broken.xml", b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'),
    )
    done = confirm(editor, ReviewImport.objects.get())
    rows = table(done)
    assert [row[2] for row in rows] == ["refused", "created"]
    assert "not well-formed XML at line 1" in done.content.decode()
    assert ReviewPage.objects.get().film.title == "The Ferryman's Lamp"


def test_a_large_import_runs_on_the_worker_with_progress(editor, index, run_worker, settings):
    settings.REVIEW_IMPORT_INLINE_FILES = 1
    archive = zipped(
        {
            "site/paper-lanterns.html": (FIXTURES / "paper-lanterns-2021.html").read_bytes(),
            "site/kettle-creek.html": (FIXTURES / "kettle-creek-microdata.html").read_bytes(),
            "site/ferryman.html": (FIXTURES / "ferryman-plain.html").read_bytes(),
            "site/notes.md": b"not a review: skipped",
            "__MACOSX/site/._ferryman.html": b"resource fork",
        }
    )
    response = post_upload(editor, archive)
    review_import = ReviewImport.objects.get()
    page = editor.get(response.url)
    assert status(page) == "checking"
    assert "0 of 3 files" in page.content.decode()
    assert "window.location.reload" in page.content.decode()

    run_worker("imports")
    page = editor.get(response.url)
    assert status(page) == "checked"
    assert [row[0] for row in table(page)] == [
        "site/ferryman.html",
        "site/kettle-creek.html",
        "site/paper-lanterns.html",
    ]
    assert not ReviewPage.objects.exists()

    assert status(confirm(editor, review_import)) == "importing"
    run_worker("imports")
    done = editor.get(response.url)
    assert status(done) == "done"
    assert [row[2] for row in table(done)] == ["created"] * 3
    assert "3 of 3" not in done.content.decode()  # no progress bar once done
    assert ReviewPage.objects.count() == 3


def test_one_large_wordpress_export_goes_to_the_worker(editor, index, run_worker, settings):
    settings.REVIEW_IMPORT_INLINE_BYTES = 1000
    response = post_upload(editor, upload("night-bus-export.xml"))
    assert status(editor.get(response.url)) == "checking"
    run_worker("imports")
    assert status(editor.get(response.url)) == "checked"


@pytest.mark.parametrize(
    ("archive", "message"),
    [
        (lambda: zipped({"../../evil.txt": b"x"}), "points outside it"),
        (lambda: zipped({"/etc/cron.d/evil.txt": b"x"}), "points outside it"),
        (lambda: zipped({"bomb.txt": b"0" * 3_000_000}), "unpacks suspiciously large"),
        (lambda: SimpleUploadedFile("reviews.zip", b"PK\x03\x04 not really"), "not a readable zip"),
        (lambda: zipped({"readme.md": b"hello"}), "no .txt, .json, .html or .xml files"),
        (lambda: SimpleUploadedFile("review.docx", b"x"), "not a .txt, .json, .html, .xml or .zip"),
    ],
    ids=["traversal", "absolute", "bomb", "not-a-zip", "nothing-inside", "wrong-type"],
)
def test_unsafe_or_useless_uploads_are_form_errors(editor, index, archive, message):
    response = post_upload(editor, archive())
    assert response.status_code == 200
    errors = html.fromstring(response.content).xpath("//*[contains(@class, 'error-message')]")
    assert message in " ".join(e.text_content() for e in errors)
    assert not ReviewImport.objects.exists()


def test_upload_limits_stop_reading(editor, index, settings):
    settings.REVIEW_IMPORT_MAX_BYTES = 10_000
    big = zipped({f"r{n}.txt": b"a" * 4_000 for n in range(5)}, compression=zipfile.ZIP_STORED)
    assert "more than 10,000 bytes" in post_upload(editor, big).content.decode()
    settings.REVIEW_IMPORT_MAX_FILES = 2
    many = zipped({f"r{n}.txt": b"a" for n in range(3)})
    assert "more than 2 files" in post_upload(editor, many).content.decode()


def test_only_people_who_may_add_reviews_can_import(client, django_user_model, index, editor):
    assert client.get(UPLOAD).status_code == 302  # to the login page
    outsider = django_user_model.objects.create_user("olga", "o@example.com", "pw")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    # Wagtail answers a permission denied in the admin with a redirect to the dashboard.
    assert client.get(UPLOAD).url == reverse("wagtailadmin_home")
    assert post_upload(client, upload("ferryman-plain.html")).url == reverse("wagtailadmin_home")
    assert not ReviewImport.objects.exists()
    assert "Import reviews" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Import reviews" in editor.get(reverse("wagtailadmin_home")).content.decode()


def test_a_writer_cannot_see_or_confirm_someone_elses_import(editor, writer, index):
    post_upload(editor, upload("paper-lanterns-2021.html"))
    review_import = ReviewImport.objects.get()
    assert writer.get(reverse("review_imports:detail", args=[review_import.pk])).status_code == 404
    assert confirm(writer, review_import).status_code == 404
    assert not ReviewPage.objects.exists()
