"""`manage.py import_reviews` and `export_reviews` as an editor or a script runs them."""

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from reviews.ingest.parser import MAX_BYTES
from reviews.models import Film, Genre, ReviewIndexPage, ReviewPage

from .conftest import SAMPLE

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
VARIANTS = sorted(FIXTURES.rglob("*.txt"))


def run(*args, **options):
    """Run the command; returns (stdout, stderr, exit code)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_reviews", *map(str, args), stdout=out, stderr=err, **options)
        code = 0
    except CommandError as error:
        err.write(str(error))
        code = error.returncode
    return out.getvalue(), err.getvalue(), code


def database_state():
    return (
        list(Page.objects.order_by("pk").values_list("pk", "title", "live", "latest_revision")),
        list(Film.objects.order_by("pk").values_list("pk", "title", "year")),
        list(Genre.objects.order_by("pk").values_list("name", flat=True)),
        Revision.objects.count(),
    )


def revisions_of(page):
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


@pytest.fixture
def sample_copy(tmp_path):
    path = tmp_path / "ballerina.txt"
    shutil.copy(SAMPLE, path)
    return path


def test_import_creates_a_draft_revision_with_its_film(sample_copy, client):
    out, err, code = run(sample_copy)
    assert code == 0, err
    assert "1 created, 0 updated, 0 unchanged, 0 refused" in out

    page = ReviewPage.objects.get()
    assert not page.live, "imports are drafts unless --publish"
    assert page.get_parent().slug == "reviews"
    draft = page.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["summary"] + ["analysis"] * 3 + [
        "verdict"
    ]
    film = Film.objects.get()
    assert (film.title, film.year, film.runtime_minutes, film.budget_usd) == (
        "Ballerina",
        2023,
        93,
        None,
    )
    assert client.get("/reviews/ballerina-2023-review/").status_code == 404


def test_reimport_is_idempotent_and_a_change_adds_one_revision(sample_copy):
    run(sample_copy)
    page = ReviewPage.objects.get()
    before = database_state()

    out, _, code = run(sample_copy)
    assert code == 0
    assert "0 created, 0 updated, 1 unchanged" in out
    assert database_state() == before

    sample_copy.write_text(
        sample_copy.read_text().replace("lacks complexity", "lacks any complexity")
    )
    out, _, _ = run(sample_copy)
    assert "0 created, 1 updated, 0 unchanged" in out
    assert ReviewPage.objects.count() == 1
    assert Film.objects.count() == 1
    assert revisions_of(page) == 2
    page.refresh_from_db()
    assert "lacks any complexity" in str(page.get_latest_revision_as_object().body)


def test_a_second_review_of_the_same_film_shares_the_film(sample_copy, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text(
        sample_copy.read_text().replace("Visually Stunning yet Emotionally Hollow", "Second Look")
    )
    run(sample_copy, other)
    assert ReviewPage.objects.count() == 2
    assert Film.objects.count() == 1
    assert sorted(ReviewPage.objects.values_list("slug", flat=True)) == [
        "ballerina-2023-review",
        "ballerina-2023-review-second-look",
    ]


@pytest.fixture
def variants_dir(tmp_path):
    """The plain-text variants alone in a directory (tests/fixtures also holds other shapes)."""
    folder = tmp_path / "variants"
    folder.mkdir()
    for path in VARIANTS:
        shutil.copy(path, folder)
    return folder


def test_variants_import_from_a_directory(client, variants_dir):
    out, err, code = run(variants_dir)
    assert code == 0, err
    assert f"{len(VARIANTS)} created" in out

    out, err, code = run(FIXTURES / "harbour-lights-2022.txt", publish=True)
    assert "1 unchanged" in out, "publishing an unchanged draft adds no revision"
    harbour = ReviewPage.objects.get(film__title="Harbour Lights")
    assert harbour.live
    assert str(harbour.score) == "7.5"
    assert harbour.film.runtime_minutes == 112
    assert harbour.film.budget_usd == 11_400_000
    assert sorted(g.name for g in harbour.film.genres.all()) == ["Crime", "Thriller"]
    html = client.get(harbour.url).text
    assert "$11,400,000" in html and "112 min" in html and "Movie Bunker Score" in html


def test_publish_makes_it_live_and_refuses_a_review_without_sections(tmp_path, client):
    path = FIXTURES / "the-quiet-hours-2021.txt"  # no section headings
    out, err, code = run(path, publish=True)
    assert code == 1
    message = "cannot publish: Add at least one analysis section before publishing."
    assert f"{path}: refused: {message}" in err
    assert not ReviewPage.objects.exists()

    out, err, code = run(path)
    assert code == 0, "without --publish it imports as a draft"
    assert not ReviewPage.objects.get().live

    out, err, code = run(SAMPLE, publish=True)
    assert code == 0
    page = ReviewPage.objects.get(film__title="Ballerina")
    assert page.live
    assert client.get(page.url).status_code == 200


def test_submit_starts_moderation_as_the_user(sample_copy):
    get_user_model().objects.create_user("critic", password="x")
    out, err, code = run(sample_copy, submit=True, user="critic")
    assert code == 0, err
    page = ReviewPage.objects.get()
    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_state.requested_by.username == "critic"


def test_submit_needs_a_known_user(sample_copy):
    _, err, code = run(sample_copy, submit=True)
    assert code == 1 and "--submit needs --user" in err
    _, err, code = run(sample_copy, submit=True, user="nobody")
    assert code == 1 and "no user named 'nobody'" in err
    assert not ReviewPage.objects.exists()


def test_dry_run_reports_and_writes_nothing(sample_copy):
    before = database_state()
    out, _, code = run(sample_copy, dry_run=True)
    assert code == 0
    assert "Dry run, nothing written: 1 created" in out
    assert database_state() == before

    run(sample_copy)
    out, _, _ = run(sample_copy, dry_run=True)
    assert "1 unchanged" in out


def test_parent_option_imports_into_another_index(home, sample_copy):
    home.add_child(instance=ReviewIndexPage(title="Archive", slug="archive"))
    _, _, code = run(sample_copy, parent="archive")
    assert code == 0
    assert ReviewPage.objects.get().get_parent().slug == "archive"
    _, err, code = run(sample_copy, parent="nope")
    assert code == 1 and "no review index with the slug 'nope'" in err


BAD_FILES = {
    "empty.txt": (b"", "the file is empty"),
    "binary.txt": (b"\x00\x01\x02\x03PNG\x00" * 20, "binary"),
    "latin1.txt": ("Amélie (2001) Review - Charmant".encode("latin-1"), "not UTF-8"),
    "no-title.txt": (b"Just some text.\n\nAnd more.", "no title line"),
    "bad-date.txt": (
        SAMPLE.read_bytes().replace(b"2023-10-05", b"2023-02-30"),
        "impossible release date 2023-02-30",
    ),
    "bad-score.txt": (
        SAMPLE.read_bytes().replace(b"Movie Bunker Score:", b"Movie Bunker Score: 11"),
        "out of range",
    ),
    "huge.txt": (b"x" * (MAX_BYTES + 1), "the limit is 1,000,000"),
    "broken.json": (b'{"items": [', "not valid JSON"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_input_gets_one_line_and_changes_nothing(tmp_path, name, sample_copy):
    content, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    before = database_state()

    out, err, code = run(path, sample_copy, dry_run=True)
    assert code == 1
    error_lines = [line for line in err.splitlines() if str(path) in line]
    assert len(error_lines) == 1
    assert message in error_lines[0]
    assert "Traceback" not in err
    assert "1 created, 0 updated, 0 unchanged, 1 refused" in out, "the other file still runs"
    assert database_state() == before


def test_a_directory_with_no_reviews(tmp_path):
    (tmp_path / "notes.md").write_text("nothing here")
    _, err, code = run(tmp_path)
    assert code == 1
    kinds = ".txt, .json, .html, .htm, .xml"
    assert f"{tmp_path}: refused: no review files ({kinds}) in this directory" in err


def test_a_failing_file_in_a_batch_leaves_the_others_and_itself_atomic(tmp_path, sample_copy):
    """A JSON file whose third review fails after two were written leaves nothing behind."""
    run(sample_copy)
    item = json.loads(export_document())["items"][0]
    complete = [
        {**item, "headline": f"Take {n}", "title": f"Ballerina (2023) Review – Take {n}"}
        for n in (1, 2)
    ]
    no_verdict = {
        **complete[0],
        "headline": "Take 3",
        "title": "Ballerina (2023) Review – Take 3",
        "body": item["body"][:-1],
    }
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps({"items": [*complete, no_verdict]}))
    later = tmp_path / "zz-later.txt"
    later.write_text(
        SAMPLE.read_text().replace("Visually Stunning yet Emotionally Hollow", "Later")
    )
    before = database_state()

    out, err, code = run(batch, later, publish=True)
    assert code == 1
    # The file holds several reviews: the message names the one at fault.
    message = "Ballerina (2023) Review – Take 3: cannot publish: Add a verdict before publishing."
    assert f"{batch}: refused: {message}" in err
    assert "1 created, 0 updated, 0 unchanged, 1 refused" in out
    assert not ReviewPage.objects.filter(headline__startswith="Take").exists()
    assert ReviewPage.objects.filter(headline="Later", live=True).exists()
    pages_before = before[0]
    assert database_state()[0][: len(pages_before)] == pages_before


def test_script_in_a_review_is_text_not_markup(tmp_path, client):
    path = tmp_path / "xss.txt"
    path.write_text(
        SAMPLE.read_text().replace(
            "Ballerina revolves around", "<script>alert('x')</script> Ballerina revolves around"
        )
    )
    run(path, publish=True)
    html = client.get(ReviewPage.objects.get().url).text
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def export_document(*args):
    out = StringIO()
    call_command("export_reviews", *args, stdout=out)
    return out.getvalue()


def test_export_import_export_round_trip(tmp_path, variants_dir):
    run(variants_dir)
    run(SAMPLE)
    page = ReviewPage.objects.get(film__title="Ballerina")
    draft = page.get_latest_revision_as_object()
    draft.tags.set(["korean", "netflix"])
    draft.save_revision()
    exported = tmp_path / "export.json"
    export_document("--output", str(exported))
    first = json.loads(exported.read_text())
    assert len(first["items"]) == len(VARIANTS) + 1

    ReviewPage.objects.all().delete()
    Film.objects.all().delete()
    Genre.objects.all().delete()
    _, err, code = run(exported)
    assert code == 0, err
    assert json.loads(export_document()) == first


def test_json_posted_back_from_the_api_imports(sample_review, client, tmp_path):
    item = client.get(f"/api/v2/pages/{sample_review.pk}/").json()
    item["headline"] = "Seen Again"
    item["title"] = "Ballerina (2023) Review – Seen Again"
    item["score"] = 6.5
    path = tmp_path / "from-api.json"
    path.write_text(json.dumps(item))

    out, err, code = run(path)
    assert code == 0, err
    page = ReviewPage.objects.get(headline="Seen Again")
    assert page.film == sample_review.film
    assert str(page.score) == "6.5"
    assert page.slug == "ballerina-2023-review-seen-again"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda item: item.pop("title"), "review 1: title: This field is required."),
        (lambda item: item.update(score=10.5), "review 1: score:"),
        (lambda item: item.update(score="high"), "review 1: score: A valid number is required."),
        (lambda item: item["film"].update(release_date="2023-02-30"), "film.release_date"),
        (lambda item: item.update(body=[{"type": "poem"}]), "block 1: type must be summary"),
        (
            lambda item: item.update(body=[{"type": "analysis", "value": {"body": "<p>x</p>"}}]),
            "block 1 (analysis) heading must be non-empty text",
        ),
    ],
)
def test_bad_json_items_are_refused_with_a_field_message(
    sample_review, client, tmp_path, change, message
):
    item = client.get(f"/api/v2/pages/{sample_review.pk}/").json()
    change(item)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(item))
    before = database_state()
    _, err, code = run(path)
    assert code == 1
    assert message in err
    assert database_state() == before


def test_imported_reviews_and_films_are_searchable_and_referenced(sample_copy):
    run(sample_copy)
    page, film = ReviewPage.objects.get(), Film.objects.get()
    assert list(ReviewPage.objects.search("Ballerina")) == [page]
    assert list(get_search_backend().search("Ballerina", Film)) == [film]
    assert ReferenceIndex.get_references_to(film).filter(object_id=str(page.pk)).exists()

    # Indexing on save is back on once the import is over.
    later = Film.objects.create(title="Decision to Leave", year=2022)
    assert list(get_search_backend().search("Decision", Film)) == [later]


def test_publishing_returns_the_page_as_published(index):
    from reviews.ingest.importer import import_review
    from reviews.ingest.parser import parse_review_bytes
    from reviews.ingest.text import from_parsed

    _, page = import_review(
        from_parsed(parse_review_bytes(SAMPLE.read_bytes())), index, publish=True
    )
    assert page.live and not page.has_unpublished_changes


def test_export_import_round_trips_image_and_pull_quote_blocks(sample_review, poster, tmp_path):
    draft = sample_review.get_latest_revision_as_object()
    body = [
        {"type": child.block_type, "value": child.block.get_prep_value(child.value)}
        for child in draft.body
    ]
    body[1:1] = [
        {
            "type": "image",
            "value": {"image": poster.pk, "alt_text": "A dancer", "caption": "Still"},
        },
        {"type": "pull_quote", "value": {"quote": "Style over substance.", "attribution": "Us"}},
    ]
    draft.body = body
    draft.save_revision().publish()
    exported = tmp_path / "export.json"
    export_document("--output", str(exported))
    first = json.loads(exported.read_text())

    ReviewPage.objects.all().delete()
    _, err, code = run(exported, "--publish")
    assert code == 0, err
    restored = ReviewPage.objects.get()
    assert [child.block_type for child in restored.body][:3] == ["summary", "image", "pull_quote"]
    assert restored.body[1].value["image"] == poster
    assert json.loads(export_document()) == first
    # Exported again and imported over itself: nothing changes.
    out, err, code = run(exported)
    assert code == 0 and "1 unchanged" in out, err


def test_an_image_block_naming_no_library_image_is_refused(sample_review, tmp_path):
    item = json.loads(export_document())["items"][0]
    item["body"].insert(1, {"type": "image", "value": {"image": 999, "alt_text": "x"}})
    path = tmp_path / "review.json"
    path.write_text(json.dumps(item))
    _, err, code = run(path)
    assert code == 1
    assert "block 2 (image): no image with id 999 in the library" in err


def test_a_rerun_after_a_killed_import_leaves_every_review_searchable():
    run(FIXTURES)
    # What a SIGKILL before the run's last step (indexing) leaves: the reviews committed, one
    # file after another, and none of them in the search index.
    backend = get_search_backend()
    for page in ReviewPage.objects.all():
        backend.delete(page)
    assert not backend.search(ReviewPage.objects.first().film.title, ReviewPage).count()

    out, err, code = run(FIXTURES)
    assert code == 0, err
    assert "0 created, 0 updated" in out
    for page in ReviewPage.objects.all():
        assert page in backend.search(page.film.title, ReviewPage), page.title
