"""Search-engine markup: titles, descriptions, canonical links, OpenGraph, Twitter and JSON-LD."""

import datetime
import json
import re

import pytest
from wagtail.models import Site

from reviews.models import FilmCredit

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


def json_ld(html):
    return {item["@type"]: item for item in map(json.loads, JSON_LD.findall(html))}


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


@pytest.fixture
def scored_review(make_review, poster):
    review = make_review(score="8.5", genres=("Action", "Thriller"))
    film = review.film
    film.release_date = datetime.date(2023, 10, 5)
    film.runtime_minutes = 93
    film.poster = poster
    film.credits.add(
        FilmCredit(person_name="Lee Chung-hyun", role="director"),
        FilmCredit(person_name="Jeon Jong-seo", role="cast", character_name="Ok-ju"),
        FilmCredit(person_name="Kim Ji-hoon", role="cast"),
    )
    film.save()
    review.refresh_from_db()
    return review


def test_scored_review_json_ld_is_a_review_of_a_movie(scored_review, client):
    html = client.get(scored_review.url).text
    data = json_ld(html)
    review = data["Review"]
    assert review["@context"] == "https://schema.org"
    assert review["name"] == scored_review.title
    assert review["url"] == f"http://testserver{scored_review.url}"
    movie = review["itemReviewed"]
    assert movie["@type"] == "Movie"
    assert movie["name"] == scored_review.film.title
    assert movie["dateCreated"] == "2023-10-05"
    assert movie["director"] == [{"@type": "Person", "name": "Lee Chung-hyun"}]
    assert movie["actor"] == [
        {"@type": "Person", "name": "Jeon Jong-seo"},
        {"@type": "Person", "name": "Kim Ji-hoon"},
    ]
    assert movie["genre"] == ["Action", "Thriller"]
    assert movie["duration"] == "PT93M"
    assert re.fullmatch(r"http://testserver/media/images/.+\.jpg", movie["image"])
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 8.5,
        "bestRating": 10,
        "worstRating": 0,
    }
    assert review["author"]["name"] and review["publisher"] == {
        "@type": "Organization",
        "name": "Movie Bunker",
    }
    assert review["datePublished"].startswith(str(scored_review.first_published_at.date()))

    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(item["position"], item["name"], item["item"]) for item in crumbs] == [
        (1, "Movie Bunker", "http://testserver/"),
        (2, "Reviews", "http://testserver/reviews/"),
        (3, scored_review.title, f"http://testserver{scored_review.url}"),
    ]


def test_unscored_review_has_no_rating(make_review, client):
    data = json_ld(client.get(make_review(score=None).url).text)
    assert "reviewRating" not in data["Review"]
    assert "image" not in data["Review"]["itemReviewed"]


def test_a_zero_score_is_still_a_rating(make_review, client):
    rating = json_ld(client.get(make_review(score="0.0").url).text)["Review"]["reviewRating"]
    assert rating["ratingValue"] == 0


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "<!-- <script>",
        "Line\u2028separator\u2029paragraph",
        'Tom & Jerry\'s "big" day',
    ],
)
def test_json_ld_text_cannot_close_or_break_its_script(make_review, client, text):
    review = make_review(headline=text, title=f"A (2020) Review – {text}")
    html = client.get(review.url).text
    scripts = JSON_LD.findall(html)
    assert len(scripts) == 2, "nothing closed a script early or opened a new one"
    for script in scripts:
        assert "<" not in script and ">" not in script
        assert "\u2028" not in script and "\u2029" not in script
    assert json.loads(scripts[0])["headline"] == text
    assert "<script>alert(1)</script>" not in html


def test_review_head_has_title_description_canonical_opengraph_and_twitter(scored_review, client):
    html = client.get(scored_review.url).text
    url = f"http://testserver{scored_review.url}"
    assert f"<title>{scored_review.title} | Movie Bunker</title>" in html
    assert meta(html, "name", "description") == "A tidy thriller."
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == url
    image = meta(html, "property", "og:image")
    assert re.fullmatch(r"http://testserver/media/images/.+\.fill-1200x630\.jpg", image)
    # The 600×900 poster cropped to the 1.91:1 link-preview shape, never enlarged.
    width, height = (
        meta(html, "property", "og:image:width"),
        meta(html, "property", "og:image:height"),
    )
    assert width == "600" and abs(int(height) - 600 * 630 / 1200) < 2
    assert meta(html, "property", "og:image:alt") == "A dancer in red against a dark stage"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == image


def test_search_description_wins_over_the_summary(make_review, client):
    review = make_review(search_description="Written for search engines.")
    html = client.get(review.url).text
    assert meta(html, "name", "description") == "Written for search engines."
    assert json_ld(html)["Review"]["description"] == "Written for search engines."


def test_long_summaries_are_cut_to_an_excerpt(make_review, client):
    long_text = "word " * 100
    review = make_review(
        body=[
            {"type": "summary", "value": f"<p><b>{long_text}</b></p>"},
            {"type": "analysis", "value": {"heading": "Story", "body": "<p>Lean.</p>"}},
            {"type": "verdict", "value": {"body": "<p>Go.</p>"}},
        ]
    )
    description = meta(client.get(review.url).text, "name", "description")
    assert len(description) <= 160 and description.endswith("…")
    assert "<b>" not in description


@pytest.mark.parametrize(
    ("url", "title", "canonical"),
    [
        ("/", "Movie Bunker", "http://testserver/"),
        ("/reviews/", "Reviews | Movie Bunker", "http://testserver/reviews/"),
        ("/reviews/genre/drama/", "Drama film reviews | Movie Bunker", None),
        ("/search/?q=film", "Search results for “film” | Movie Bunker", None),
    ],
)
def test_every_page_has_a_title_description_canonical_and_feed_links(
    make_review, client, url, title, canonical
):
    make_review()
    html = client.get(url).text
    assert f"<title>{title}</title>" in html
    assert meta(html, "name", "description")
    assert meta(html, "property", "og:title")
    assert meta(html, "name", "twitter:card") == "summary"
    link = re.search(r'<link rel="canonical" href="([^"]+)">', html).group(1)
    assert link == (canonical or f"http://testserver{url}")
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="/feed/atom/"' in html


def test_canonical_links_follow_public_base_url_not_the_request_host(make_review, client, settings):
    settings.PUBLIC_BASE_URL = "https://reviews.example.com"
    review = make_review()
    html = client.get(review.url, HTTP_HOST="127.0.0.1").text
    assert f'<link rel="canonical" href="https://reviews.example.com{review.url}">' in html


def test_the_api_sends_the_same_markup_as_the_page(scored_review, client):
    html = client.get(scored_review.url).text
    item = client.get(f"/api/v2/pages/{scored_review.pk}/").json()
    assert item["seo"]["json_ld"] == list(map(json.loads, JSON_LD.findall(html)))
    assert item["seo"]["og"]["image"] == meta(html, "property", "og:image")
    assert item["seo"]["og"]["image:width"] == 600
    assert item["seo"]["canonical_url"] == f"http://testserver{scored_review.url}"
    assert Site.objects.get().hostname == "localhost", "not where canonical links come from"
