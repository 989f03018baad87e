"""The importer's record keeping: one film per film, facts never overwritten, the report."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reviews.models import Critic, Film, Genre, ReviewPage

from .conftest import SAMPLE

pytestmark = pytest.mark.django_db


def item(film_title="Ballerina", headline="A Second Look", **film):
    return {
        "title": f"{film_title} (2023) Review – {headline}",
        "headline": headline,
        "film": {"title": film_title, "year": 2023, **film},
        "body": [{"type": "summary", "value": "<p>Fine.</p>"}],
    }


def run_json(tmp_path, *items, **options):
    """Import the items (one file each); returns the JSON report and the exit code."""
    paths = []
    for number, data in enumerate(items):
        path = tmp_path / f"review-{number}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(str(path))
    out = StringIO()
    try:
        call_command("import_reviews", *paths, format="json", stdout=out, stderr=StringIO())
        code = 0
    except CommandError as error:
        code = error.returncode
    return json.loads(out.getvalue()), code


def test_json_report_lists_what_was_found_and_missing(tmp_path):
    report, code = run_json(tmp_path, item(genres=["Action"]))
    assert code == 0
    assert report["counts"] == {"created": 1, "updated": 0, "unchanged": 0, "refused": 0}
    [file] = report["files"]
    assert file["outcome"] == "created" and file["refusal"] is None
    [review] = file["reviews"]
    assert review["page_id"] == ReviewPage.objects.get().pk
    assert "headline A Second Look" in review["found"]
    assert "genres Action" in review["found"]
    assert {"score", "critic", "release date", "verdict"} <= set(review["missing"])


def test_a_refused_file_names_the_line_and_changes_nothing(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(SAMPLE.read_bytes().replace(b"2023-10-05", b"2023-02-30", 1))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_reviews", str(bad), format="json", stdout=out, stderr=err)
    [file] = json.loads(out.getvalue())["files"]
    assert file["outcome"] == "refused"
    assert file["refusal"]["message"].startswith("impossible release date 2023-02-30")
    assert not ReviewPage.objects.exists() and not Film.objects.exists()


def test_films_match_across_quotes_case_and_unicode_forms(tmp_path):
    report, _ = run_json(
        tmp_path,
        item("Kill Boksoon", "First"),
        item("‘Kill Boksoon’", "Second"),
        item("KILL\u00a0BOKSOON", "Third"),
    )
    assert report["counts"]["created"] == 3
    assert list(Film.objects.values_list("title", flat=True)) == ["Kill Boksoon"]


def test_genres_match_case_insensitively_in_their_first_spelling(tmp_path):
    run_json(
        tmp_path,
        item("Ballerina", "One", genres=["Action"]),
        item("Concrete Utopia", "Two", genres=["action", "DRAMA"]),
        item("Harbour Lights", "Three", genres=["drama"]),
    )
    assert list(Genre.objects.order_by("pk").values_list("name", flat=True)) == [
        "Action",
        "DRAMA",
    ]
    assert list(Film.objects.get(title="Concrete Utopia").genres.values_list("name", flat=True))


def test_a_later_review_fills_empty_facts_and_reports_conflicts(tmp_path):
    run_json(tmp_path, item(headline="First", release_date="2023-10-05", synopsis=""))
    report, code = run_json(
        tmp_path,
        item(
            headline="Second",
            release_date="2023-10-06",
            runtime_minutes=93,
            synopsis="An ex-bodyguard takes revenge.",
        ),
    )
    assert code == 0
    # Drafts: the film is a draft too, its facts as filled are its latest revision.
    film = Film.objects.get().get_latest_revision_as_object()
    assert film.release_date.isoformat() == "2023-10-05"
    assert film.runtime_minutes == 93
    assert film.synopsis == "An ex-bodyguard takes revenge."
    [review] = report["files"][0]["reviews"]
    assert review["conflicts"] == ["release date 2023-10-05 kept; file says 2023-10-06"]


def test_critics_are_matched_by_normalised_name(tmp_path):
    Critic.objects.create(name="Jane O’Brien")
    run_json(
        tmp_path,
        {**item(headline="One"), "critics": ["jane o'brien"]},
        {**item(headline="Two"), "critics": [{"name": "Sam Lee"}]},
    )
    assert sorted(Critic.objects.values_list("name", flat=True)) == ["Jane O’Brien", "Sam Lee"]
    page = ReviewPage.objects.get(headline="One")
    assert [c.name for c in page.get_latest_revision_as_object().critics] == ["Jane O’Brien"]


def test_score_display_is_stored_and_shown_beside_the_score(tmp_path, client):
    data = {**item(headline="Stars"), "score": 7, "score_display": "★★★½"}
    data["body"] = [
        {"type": "summary", "value": "<p>Intro.</p>"},
        {"type": "analysis", "value": {"heading": "Acting", "body": "<p>Good.</p>"}},
        {"type": "verdict", "value": {"body": "<p>Yes.</p>"}},
    ]
    path = tmp_path / "stars.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_reviews", str(path), publish=True, stdout=StringIO())
    page = ReviewPage.objects.get()
    assert page.score_display == "★★★½"
    assert '<span class="score-badge__original">Originally ★★★½</span>' in client.get(page.url).text
    assert (
        '7.0</strong>/10 <span class="score__original">(★★★½)</span>'
        in client.get("/reviews/").text
    )


def test_copied_pages_import_with_their_critics_scores_and_notes(tmp_path):
    copied = Path(__file__).parent / "fixtures" / "copied"
    out = StringIO()
    call_command("import_reviews", str(copied), format="json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["counts"]["created"] == len(list(copied.glob("*.txt")))
    assert report["counts"]["refused"] == 0
    salt = ReviewPage.objects.get(film__title="Salt Road")
    assert (str(salt.score), salt.score_display) == ("7.0", "★★★½")
    assert [critic.name for critic in salt.critics] == ["Priya Castellanos"]
    orchard = Film.objects.get(title="The Glass Orchard")
    assert [c.person_name for c in orchard.credits.all()][:2] == ["Helena Saro", "Mina Dare"]
    [lantern] = [
        review
        for file in report["files"]
        for review in file["reviews"]
        if review["title"].startswith("Lantern District")
    ]
    assert "verdict from the paragraph starting 'Overall'" in lantern["guessed"]
    assert "headline" in lantern["missing"]

    out = StringIO()
    call_command("import_reviews", str(copied), stdout=out)
    assert "0 created, 0 updated, 8 unchanged, 0 refused" in out.getvalue()
