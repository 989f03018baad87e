"""The reader search page: reviews by their text and their film, films linked to their reviews."""

import pytest
from wagtail.models import PageViewRestriction

from reviews.models import FilmCredit

pytestmark = pytest.mark.django_db


def main(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_empty_query_shows_the_form_and_a_hint(client, make_review):
    make_review()
    for url in ["/search/", "/search/?q=", "/search/?q=%20%20", '/search/?q="*()']:
        response = client.get(url)
        assert response.status_code == 200, url
        html = main(response.text)
        assert '<label for="search-query">' in html
        assert "Search by a film’s title" in html
        assert "review-card" not in html
    assert '<meta name="robots" content="noindex, follow">' in client.get("/search/").text


def test_a_review_is_found_by_its_text_and_by_its_film(make_review, client):
    match = make_review(
        body=[
            {"type": "summary", "value": "<p>A luminous meditation on lighthouses.</p>"},
            {"type": "analysis", "value": {"heading": "Story", "body": "<p>Lean.</p>"}},
            {"type": "verdict", "value": {"body": "<p>Go.</p>"}},
        ]
    )
    other = make_review()
    other.film.title = "Harbour Lights"
    other.film.credits.add(FilmCredit(person_name="Maren Holt", role="director"))
    other.film.save()
    other.save_revision().publish()  # the index entry holds the film's fields as published

    html = main(client.get("/search/?q=lighthouses").text)
    assert "1 review found for “lighthouses”." in html
    assert match.title in html and other.title not in html

    by_film = main(client.get("/search/?q=harbour").text)
    assert "1 review and 1 film found for “harbour”." in by_film
    assert other.title in by_film
    films = by_film.split('id="films-heading"', 1)[1].split("</section>", 1)[0]
    assert "Harbour Lights (2002)" in films
    assert f'<a href="{other.url}">{other.headline}</a>' in films

    by_person = main(client.get("/search/?q=Maren+Holt").text)
    assert other.title in by_person and match.title not in by_person


def test_drafts_private_reviews_and_their_films_are_never_found(make_review, client):
    draft = make_review(headline="Zanzibar nights")
    draft.unpublish()
    private = make_review(headline="Zanzibar days")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    changed = make_review(headline="Ordinary")
    revision = changed.get_latest_revision_as_object()
    revision.headline = "Zanzibar unpublished edit"
    revision.save_revision()  # a draft revision on a live page

    html = main(client.get("/search/?q=zanzibar").text)
    assert "0 reviews found for “zanzibar”." in html
    assert "No reviews match" in html
    for film_title in (draft.film.title, private.film.title):
        html = main(client.get("/search/", {"q": film_title}).text)
        assert "0 reviews found" in html
        assert 'id="films-heading"' not in html, "a film is listed only with a live review"


def test_results_are_counted_and_paginated(make_review, client):
    reviews = [make_review(headline=f"Popcorn {number}") for number in range(12)]
    first = client.get("/search/?q=popcorn")
    html = first.text
    assert "12 reviews found for “popcorn”." in html
    assert "Page 1 of 2" in html
    assert 'rel="next" href="?q=popcorn&amp;page=2"' in html
    assert html.count('class="review-card"') == 10
    second = client.get("/search/?q=popcorn&page=2").text
    assert second.count('class="review-card"') == 2
    assert "Page 2 of 2" in second
    assert 'rel="prev" href="?q=popcorn"' in second
    canonical = client.get("/search/?q=%22popcorn%22&page=2&utm_source=x").text
    assert (
        '<link rel="canonical" href="http://testserver/search/?q=popcorn&amp;page=2">' in canonical
    )
    listed = {review.title for review in reviews if review.title in html + second}
    assert len(listed) == 12
    for bad in ["abc", "0", "-3", "999"]:
        assert client.get(f"/search/?q=popcorn&page={bad}").status_code == 200


def test_query_syntax_is_never_an_error(make_review, client):
    make_review(headline="Quoted")
    for query in ['"', "'", "*", "AND", "OR (", "NEAR(a", "-", "a:b", "\\", "%00", "x" * 5000]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
