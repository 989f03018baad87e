"""Feeds, the sitemap and robots.txt, parsed back the way their readers parse them."""

import datetime
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from wagtail.models import PageViewRestriction

from reviews.views import ReviewSitemap
from tests.sitemaps import sitemap_files, sitemap_urls

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def published(make_review):
    """Three live reviews (newest last), a draft and a private one."""
    reviews = [make_review(score="7.5") for _ in range(3)]
    draft = make_review(headline="Draft only")
    draft.unpublish()
    private = make_review(headline="Members only")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for review in reviews:
        review.refresh_from_db()
    return reviews


def test_rss_lists_live_reviews_newest_first_with_absolute_links(published, client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel.findtext("link") == "http://testserver/"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [r.title for r in reversed(published)]
    newest, item = published[-1], items[0]
    assert item.findtext("link") == f"http://testserver{newest.url}"
    assert item.findtext("guid") == f"urn:uuid:{newest.translation_key}"
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("description") == "<p>A tidy thriller.</p>"
    assert parsedate_to_datetime(item.findtext("pubDate")) == newest.first_published_at.replace(
        microsecond=0
    )
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Movie Bunker"
    assert [category.text for category in item.findall("category")] == ["Drama"]


def test_atom_lists_the_same_reviews_with_dates_and_summaries(published, client):
    response = client.get("/feed/atom/")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://testserver/feed/atom/"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    newest, entry = published[-1], entries[0]
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{newest.url}"
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == (
        newest.first_published_at
    )
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == (
        newest.last_published_at
    )
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Movie Bunker"


def test_feed_links_in_review_html_are_absolute(make_review, client, index):
    target = make_review()
    make_review(
        body=[
            {
                "type": "summary",
                "value": f'<p>See <a linktype="page" id="{target.pk}">the other one</a>.</p>',
            },
            {"type": "analysis", "value": {"heading": "Story", "body": "<p>Lean.</p>"}},
            {"type": "verdict", "value": {"body": "<p>Go.</p>"}},
        ]
    )
    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    assert f'<a href="http://testserver{target.url}">the other one</a>' in item.findtext(
        "description"
    )


def test_feeds_hold_the_latest_twenty(make_review, client):
    for _ in range(21):
        make_review()
    assert len(ET.fromstring(client.get("/feed/").content).findall("channel/item")) == 20


def test_sitemap_lists_live_public_pages_with_lastmod(published, client):
    urls = sitemap_urls(client)
    expected = {
        "http://testserver/",
        "http://testserver/reviews/",
        "http://testserver/reviews/genre/drama/",
        *(f"http://testserver{review.url}" for review in published),
    }
    assert set(urls) == expected, "no draft, no private review"
    assert urls[f"http://testserver{published[0].url}"] == str(
        published[0].last_published_at.date()
    )
    assert all(urls.values())


def test_sitemap_is_an_index_of_sections_none_over_the_size_limit(make_review, client, monkeypatch):
    reviews = [make_review() for _ in range(5)]
    monkeypatch.setattr(ReviewSitemap, "limit", 2)  # 5,000 in production
    assert sitemap_files(client) == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-reviews.xml",
        "http://testserver/sitemap-reviews.xml?p=2",
        "http://testserver/sitemap-reviews.xml?p=3",
    ]
    urls = sitemap_urls(client)
    assert {f"http://testserver{review.url}" for review in reviews} <= set(urls)
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_listings_in_the_sitemap_change_when_a_review_does(make_review, client, index):
    review = make_review()
    review.refresh_from_db()
    later = review.last_published_at + datetime.timedelta(days=400)
    type(review).objects.filter(pk=review.pk).update(last_published_at=later)
    urls = sitemap_urls(client)
    for listing in ("/", "/reviews/", "/reviews/genre/drama/"):
        assert urls[f"http://testserver{listing}"] == str(later.date())


def test_sitemap_lists_tag_pages_of_live_reviews_only(make_review, client):
    live, draft = make_review(), make_review()
    for review, tag in ((live, "shown"), (draft, "hidden")):
        revision = review.get_latest_revision_as_object()
        revision.tags.add(tag)
        revision.save_revision().publish()
    draft.refresh_from_db()
    draft.unpublish()
    urls = sitemap_urls(client)
    assert "http://testserver/reviews/tag/shown/" in urls
    assert not [url for url in urls if "hidden" in url]


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /django-admin/" in lines
    assert lines[0] == "User-agent: *"
