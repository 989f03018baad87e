"""Hostile or broken input answers a 400 or a normal page, never a server error (issue 12, 4)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import etree

from reviews.models import Film, FilmCredit, Genre, ReviewPage

pytestmark = pytest.mark.django_db

THOUSAND_WORDS = " ".join(f"word{n}" for n in range(1000))
ESC = "\x1b"


@pytest.fixture
def client():
    # Server errors come back as responses here, as a reader would see them.
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "films"])
def test_a_thousand_word_api_search_is_a_400_naming_the_limit(client, sample_review, endpoint):
    response = client.get(f"/api/v2/{endpoint}/", {"search": THOUSAND_WORDS})
    assert response.status_code == 400
    assert "more than 32 words" in response.json()["message"]


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_a_detail_with_a_search_of_no_words_is_a_400(client, home, endpoint):
    """DRF filters a detail's queryset too: a blank search reached SQLite's backend (a 500)."""
    response = client.get(f"/api/v2/{endpoint}/{home.pk}/", {"search": "\r"})
    assert response.status_code == 400
    assert "search" in response.json()["message"]


@pytest.mark.parametrize(
    "query", [{"search": "0", "search_operator": "0"}, {"search": '"a.b, c!" x-y'}, {"search": "."}]
)
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents", "films", "critics"])
def test_odd_searches_are_answered_not_errors(client, sample_review, endpoint, query):
    """A bad operator on a detail (seen as a 500), punctuation inside a phrase (SQLite's
    full-text syntax error), punctuation alone."""
    for url in (f"/api/v2/{endpoint}/", f"/api/v2/{endpoint}/{sample_review.film_id}/"):
        response = client.get(url, query)
        assert response.status_code in (200, 400, 404), (url, response.content[:300])
        assert response["Content-Type"].startswith("application/json")


def test_a_thousand_word_reader_search_searches_its_first_words(client, sample_review):
    response = client.get("/search/", {"q": "ballerina " + THOUSAND_WORDS})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/admin/pages/search/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/reviews/film/",
        "/admin/snippets/reviews/genre/",
        "/admin/snippets/reviews/critic/",
    ],
)
def test_a_thousand_word_admin_search_is_a_normal_listing(client, admin_user, sample_review, path):
    client.force_login(admin_user)
    assert client.get(path, {"q": THOUSAND_WORDS}).status_code == 200


def test_a_long_search_with_quotes_is_cut_without_unbalancing_them(sample_review):
    words = " ".join(f'"w{n} x{n}"' for n in range(100))
    assert list(ReviewPage.objects.live().search(words)) == []


@pytest.mark.parametrize(
    "url",
    ["/reviews/?page=%00", "/search/?q=a%00b", "/reviews/?min_score=%00", "/?x%00=1"],
)
def test_a_nul_in_a_reader_parameter_is_a_400_page(client, sample_review, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_nul_in_an_api_parameter_is_a_json_400(client, sample_review):
    # On PostgreSQL this reached the database as a genre slug: a server error.
    response = client.get("/api/v2/films/?genre=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]


def test_invalid_utf8_in_parameters_and_paths_is_not_an_error(client, sample_review):
    assert client.get("/search/?q=%ff%fe").status_code == 200
    assert client.get("/reviews/?page=%c3%28").status_code == 200
    assert client.get("/reviews/%ff/").status_code == 404
    assert client.get("/api/v2/pages/?search=%ff%fe").status_code == 200


def test_control_characters_in_titles_and_genres_are_stripped_and_feeds_still_work(
    client, make_review
):
    page = make_review(title=f"Escape{ESC} Review", genres=(f"Ac{ESC}tion",))
    assert ReviewPage.objects.get(pk=page.pk).title == "Escape Review"
    assert Genre.objects.filter(name="Action").exists()
    for url in ("/feed/", "/feed/atom/"):
        response = client.get(url)
        assert response.status_code == 200
        assert etree.fromstring(response.content) is not None
        assert ESC not in response.content.decode()


def test_control_characters_in_credits_tags_and_body_are_stripped(make_review):
    page = make_review(
        body=[
            {"type": "summary", "value": f"<p>Bell{ESC}\x07 rings.</p>"},
            {"type": "analysis", "value": {"heading": f"Story{ESC}", "body": "<p>Lean.</p>"}},
            {"type": "verdict", "value": {"body": "<p>Yes.\tTab and\nnewline stay.</p>"}},
        ]
    )
    page.tags.add(f"noir{ESC}")
    page.save()
    film = page.film
    FilmCredit.objects.create(
        film=film, person_name=f"Ann{ESC} Lee", role="cast", character_name="\x00Ivy"
    )
    page = ReviewPage.objects.get(pk=page.pk)
    assert [tag.name for tag in page.tags.all()] == ["noir"]
    assert page.body[0].value.source == "<p>Bell rings.</p>"
    assert page.body[1].value["heading"] == "Story"
    assert page.body[2].value["body"].source == "<p>Yes.\tTab and\nnewline stay.</p>"
    credit = Film.objects.get(pk=film.pk).credits.get()
    assert (credit.person_name, credit.character_name) == ("Ann Lee", "Ivy")


def test_control_characters_in_an_import_are_stripped_and_a_reimport_changes_nothing(
    tmp_path, index
):
    item = {
        "title": f"Zed (2020) Review – Bold{ESC}",
        "headline": f"Bold{ESC}",
        "film": {"title": f"Zed{ESC}", "year": 2020, "genres": [f"Dra{ESC}ma"]},
        "body": [
            {"type": "summary", "value": f"<p>One{ESC}.</p>"},
            {"type": "analysis", "value": {"heading": "Story", "body": "<p>Two.</p>"}},
            {"type": "verdict", "value": {"body": "<p>Three.</p>"}},
        ],
    }
    path = tmp_path / "zed.json"
    path.write_text(json.dumps(item))
    call_command("import_reviews", str(path), "--publish", stdout=StringIO())
    page = ReviewPage.objects.get()
    assert (page.title, page.headline, page.film.title) == (
        "Zed (2020) Review – Bold",
        "Bold",
        "Zed",
    )
    assert page.film.genre_names == ["Drama"]
    revisions = page.revisions.count()
    call_command("import_reviews", str(path), "--publish", stdout=StringIO())
    assert ReviewPage.objects.count() == 1
    assert page.revisions.count() == revisions
