"""What a reader sees on a review page."""

import pytest

from reviews.models import FilmCredit, ReviewSettings

pytestmark = pytest.mark.django_db


def test_sample_review_shows_title_facts_and_structure(sample_review, client):
    response = client.get(sample_review.url)
    assert response.status_code == 200
    html = response.text
    for text in [
        "Ballerina (2023) Review – Visually Stunning yet Emotionally Hollow",
        "Visually Stunning yet Emotionally Hollow",
        'datetime="2023-10-05"',
        "Action",
        "93 min",
        "Unknown",  # budget "$ 0" in the source means unknown
        "Grieving the loss of a best friend",
        "Not yet scored",
        "In the realm of action-thrillers",
        '<h2 id="plot-summary">Plot Summary</h2>',
        "Lack of Depth",
        "Style Over Innovation",
        "Ballerina, for all its visual flair",
    ]:
        assert text in html, text
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("Grieving the loss of a best friend") == 1, "the logline is shown once"
    assert (
        html.index("Plot Summary") < html.index("Lack of Depth") < html.index("for all its visual")
    )


def test_score_uses_the_site_setting_name(make_review, client, home):
    review = make_review(score="9.5")
    assert "Movie Bunker Score <strong>9.5/10</strong>" in client.get(review.url).text

    settings = ReviewSettings.for_site(home.get_site())
    settings.score_name = "Bunker Rating"
    settings.save()
    assert "Bunker Rating <strong>9.5/10</strong>" in client.get(review.url).text


def test_budget_and_cast_with_characters(make_review, client):
    review = make_review()
    film = review.film
    film.budget_usd = 11_400_000
    film.credits.add(
        FilmCredit(person_name="Jeon Jong-seo", role="cast", character_name="Ok-ju"),
        FilmCredit(person_name="Lee Chung-hyun", role="director"),
    )
    film.save()
    html = client.get(review.url).text
    assert "$11,400,000" in html
    assert "Jeon Jong-seo" in html and "as Ok-ju" in html
    assert "Lee Chung-hyun" in html


def test_review_text_is_escaped(make_review, client):
    review = make_review(headline="<script>alert(1)</script>")
    html = client.get(review.url).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_static_css_is_served(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b".film-facts" in b"".join(response.streaming_content)
