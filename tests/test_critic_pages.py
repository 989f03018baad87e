"""Critics as readers meet them: bylines, their pages, the author in JSON-LD, feeds, sitemap."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.pagecache.store import bump
from reviews.models import Critic, ReviewPageCritic
from tests.sitemaps import sitemap_urls

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def credit(review, *critics):
    review.critic_links = [ReviewPageCritic(critic=critic) for critic in critics]
    review.save_revision().publish()
    review.refresh_from_db()
    return review


@pytest.fixture
def ann(db):
    return Critic.objects.create(
        name="Ann Lee", bio="Ann writes about thrillers and the people who make them."
    )


@pytest.fixture
def bob(db):
    return Critic.objects.create(name="Bob Ray", website="https://bob.example.com/")


@pytest.fixture
def reviewed(make_review, ann, bob):
    """Ann wrote two reviews, one of them with Bob; a third review has no byline."""
    solo = credit(make_review(score="8.0"), ann)
    shared = credit(make_review(), bob, ann)
    make_review(score="6.0")
    return solo, shared


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def json_ld(html, kind):
    for script in html.select("script[type='application/ld+json']"):
        data = json.loads(script.string)
        if data["@type"] == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def test_review_page_has_a_byline_linking_each_critic_in_order(reviewed, client):
    html = soup(client.get(reviewed[1].url))
    byline = html.select_one(".review__header .byline")
    assert byline.get_text(" ", strip=True) == "By Bob Ray and Ann Lee"
    assert [a["href"] for a in byline.select("a")] == ["/critics/bob-ray/", "/critics/ann-lee/"]


def test_cards_show_the_byline_and_the_score(reviewed, client):
    html = soup(client.get("/reviews/"))
    cards = html.select(".review-card")
    assert [card.select_one(".review-card__meta").get_text(" ", strip=True) for card in cards] == [
        "Movie Bunker Score 6.0 /10 · " + cards[0].time.get_text(),
        "Not yet scored · By Bob Ray and Ann Lee · " + cards[1].time.get_text(),
        "Movie Bunker Score 8.0 /10 · By Ann Lee · " + cards[2].time.get_text(),
    ]


def test_critics_page_lists_those_with_a_published_review(reviewed, client, make_review):
    draft_only = Critic.objects.create(name="Cy Draft")
    draft = credit(make_review(), draft_only)
    draft.unpublish()
    html = soup(client.get("/critics/"))
    names = [card.get_text(" ", strip=True) for card in html.select(".critic-card__name")]
    assert names == ["Ann Lee", "Bob Ray"]
    counts = [count.get_text() for count in html.select(".critic-card__count")]
    assert counts == ["2 reviews", "1 review"]
    assert client.get("/critics/cy-draft/").status_code == 404, "drafts are editors' data"
    assert client.get("/critics/nobody/").status_code == 404


def test_critic_page_shows_the_bio_and_their_reviews_newest_first(reviewed, client, ann):
    solo, shared = reviewed
    html = soup(client.get("/critics/ann-lee/"))
    assert html.h1.get_text() == "Ann Lee"
    assert ann.bio in html.select_one(".critic-profile__bio").get_text()
    titles = [a.get_text() for a in html.select(".review-card__title a")]
    assert titles == [shared.title, solo.title]
    assert html.title.get_text() == "Ann Lee, film critic | Movie Bunker"
    profile = json_ld(html, "ProfilePage")
    assert profile["mainEntity"] == {
        "@type": "Person",
        "name": "Ann Lee",
        "url": "http://testserver/critics/ann-lee/",
        "description": ann.bio,
    }


def test_critic_pages_are_paginated(make_review, ann, client):
    for _ in range(13):
        credit(make_review(), ann)
    first = soup(client.get("/critics/ann-lee/"))
    assert len(first.select(".review-card")) == 12
    second = soup(client.get("/critics/ann-lee/?page=2"))
    assert len(second.select(".review-card")) == 1
    assert second.select_one("link[rel=canonical]")["href"].endswith("/critics/ann-lee/?page=2")


def test_critic_page_queries_do_not_grow_with_the_reviews(make_review, ann, client):
    def count():
        client.get("/critics/ann-lee/")
        bump()  # the counted request renders: a page-cache miss
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/critics/ann-lee/").status_code == 200
        return len(queries)

    for _ in range(2):
        credit(make_review(score="7.0"), ann)
    few = count()
    for _ in range(6):
        credit(make_review(score="7.0"), ann)
    assert count() == few


def test_json_ld_credits_the_critics_as_people_with_their_pages(reviewed, client):
    solo, shared = reviewed
    author = json_ld(soup(client.get(solo.url)), "Review")["author"]
    assert author == {
        "@type": "Person",
        "name": "Ann Lee",
        "url": "http://testserver/critics/ann-lee/",
    }
    authors = json_ld(soup(client.get(shared.url)), "Review")["author"]
    assert [person["name"] for person in authors] == ["Bob Ray", "Ann Lee"]


def test_feeds_name_the_critics(reviewed, client):
    solo, shared = reviewed
    items = ET.fromstring(client.get("/feed/").content).find("channel").findall("item")
    creators = [item.findtext("{http://purl.org/dc/elements/1.1/}creator") for item in items]
    assert creators == ["Movie Bunker", "Bob Ray and Ann Lee", "Ann Lee"]
    entries = ET.fromstring(client.get("/feed/atom/").content).findall(f"{ATOM}entry")
    author = entries[2].find(f"{ATOM}author")
    assert author.findtext(f"{ATOM}name") == "Ann Lee"
    assert author.findtext(f"{ATOM}uri") == "http://testserver/critics/ann-lee/"


def test_sitemap_lists_the_critic_pages(reviewed, client):
    locations = list(sitemap_urls(client))
    critic_pages = [loc for loc in locations if "/critics/" in loc]
    assert critic_pages == [
        "http://testserver/critics/",
        "http://testserver/critics/ann-lee/",
        "http://testserver/critics/bob-ray/",
    ]
    assert "http://testserver/reviews/" in locations
