"""Home, the review index, genre and tag pages: what they list, their pagination and titles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.pagecache.store import bump
from reviews.models import ReviewIndexPage

pytestmark = pytest.mark.django_db

PAGE_SIZE = ReviewIndexPage.page_size


def main(html):
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def canonical(html):
    return html.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0]


def title(html):
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.fixture
def many_reviews(make_review):
    """Two pages and a bit of Action reviews, newest last."""
    return [make_review(genres=("Action",)) for _ in range(PAGE_SIZE + 2)]


PAGE_NUMBERS = {
    "2": 2,
    "abc": 1,
    "": 1,
    "0": 1,
    "-1": 1,
    "1.5": 1,
    "3": 2,
    "99999999999999999999999999": 2,
    "%1b": 1,  # a control character (a NUL is refused on every page: test_bad_input.py)
    "１": 1,  # a full-width digit
}


@pytest.mark.parametrize("base", ["/reviews/", "/reviews/genre/action/"])
def test_a_bad_page_number_falls_back_to_the_first_or_last_page(many_reviews, client, base):
    newest, oldest = many_reviews[-1], many_reviews[0]
    for page, shown in PAGE_NUMBERS.items():
        response = client.get(f"{base}?page={page}")
        assert response.status_code == 200, page
        html = response.text
        assert f"Page {shown} of 2" in html, page
        assert (newest.title in html) == (shown == 1), page
        assert (oldest.title in html) == (shown == 2), page


def test_paginated_pages_are_canonical_to_themselves(many_reviews, client):
    first = client.get("/reviews/").text
    assert canonical(first) == "http://testserver/reviews/"
    assert 'rel="next" href="?page=2"' in first
    second = client.get("/reviews/?page=2").text
    assert canonical(second) == "http://testserver/reviews/?page=2"
    assert 'rel="prev" href="?"' in second, "back to the first page's own address"

    assert title(second) == "Reviews (page 2) | Movie Bunker"
    assert canonical(client.get("/reviews/?page=1").text) == "http://testserver/reviews/"
    genre_second = client.get("/reviews/genre/action/?page=2").text
    assert canonical(genre_second) == "http://testserver/reviews/genre/action/?page=2"
    # A score filter is a view of a listing: canonical to the listing itself.
    filtered = client.get("/reviews/genre/action/?min_score=5&page=2").text
    assert canonical(filtered) == "http://testserver/reviews/genre/action/"


def test_genre_page_lists_only_live_public_reviews_of_its_genre(make_review, client, index):
    action = make_review(genres=("Action", "Thriller"))
    drama = make_review(genres=("Drama",))
    unpublished = make_review(genres=("Action",))
    unpublished.unpublish()
    private = make_review(genres=("Action",))
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/reviews/genre/action/")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Action film reviews</h1>" in html
    assert title(html) == "Action film reviews | Movie Bunker"
    assert canonical(html) == "http://testserver/reviews/genre/action/"
    assert '<meta name="description" content="Reviews of action films, newest first.">' in html
    assert '"name": "Action film reviews"' in html, "a breadcrumb for the genre page"
    listed = main(html)
    assert action.title in listed
    assert drama.title not in listed
    assert unpublished.title not in listed
    assert private.title not in listed
    assert '<a href="/reviews/genre/action/" aria-current="page">Action</a>' in html


def test_unknown_or_empty_genre_and_tag_pages_are_404(make_review, client):
    draft_only = make_review(genres=("Horror",))
    tagged = draft_only.get_latest_revision_as_object()
    tagged.tags.add("secret-project")
    tagged.save_revision().publish()
    draft_only.refresh_from_db()
    draft_only.unpublish()
    make_review(genres=("Drama",))
    for url in [
        "/reviews/genre/no-such-genre/",
        "/reviews/tag/no-such-tag/",
        "/reviews/genre/horror/",  # exists, but only a draft has it
        "/reviews/tag/secret-project/",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.text
        assert "secret-project" not in response.text


def test_tag_page_lists_live_reviews_with_the_tag(make_review, client):
    tagged, other = make_review(), make_review()
    revision = tagged.get_latest_revision_as_object()
    revision.tags.add("Netflix Originals")
    revision.save_revision().publish()

    response = client.get("/reviews/tag/netflix-originals/")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Reviews tagged “Netflix Originals”</h1>" in html
    assert canonical(html) == "http://testserver/reviews/tag/netflix-originals/"
    assert tagged.title in main(html) and other.title not in main(html)
    # The review links its tag to the tag page.
    review_html = client.get(tagged.url).text
    assert '<a href="/reviews/tag/netflix-originals/">Netflix Originals</a>' in review_html


def test_home_lists_live_reviews_and_genres_with_counts(make_review, client):
    make_review(genres=("Action",), score="6.0")
    best = make_review(genres=("Action", "Drama"), score="9.5")
    draft = make_review(genres=("Horror",), score="10.0")
    draft.unpublish()
    html = main(client.get("/").text)
    assert draft.title not in html
    lead = html.split('class="lead"', 1)[1].split("</article>", 1)[0]
    assert best.title in lead, "the newest live review leads, never a draft"
    genres = html.split('id="genres-heading"', 1)[1].split("</section>", 1)[0]
    assert '<a href="/reviews/genre/action/">Action <span class="chips__count">(2)</span></a>' in (
        genres
    )
    assert "Drama <span" in genres
    assert "Horror" not in genres, "a genre with only a draft is not offered"


@pytest.mark.parametrize("url", ["/reviews/genre/drama/", "/reviews/tag/common/"])
def test_genre_and_tag_pages_make_the_same_number_of_queries_for_2_and_10_reviews(
    make_review, client, url
):
    def add(count):
        for _ in range(count):
            review = make_review(score="7.0").get_latest_revision_as_object()
            review.tags.add("common")
            review.save_revision().publish()

    def queries():
        client.get(url)  # warm the per-process site cache
        bump()  # the counted request renders: a page-cache miss
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(8)
    assert queries() == few


def test_genres_and_tags_in_any_script_have_pages(make_review, client):
    review = make_review(genres=("드라마",))
    revision = review.get_latest_revision_as_object()
    revision.tags.add("한국 영화")
    revision.save_revision().publish()
    html = client.get(review.url).text
    genre_url = "/reviews/genre/%EB%93%9C%EB%9D%BC%EB%A7%88/"
    tag_url = "/reviews/tag/%ED%95%9C%EA%B5%AD-%EC%98%81%ED%99%94/"
    assert f'<a href="{genre_url}">드라마</a>' in html
    assert f'<a href="{tag_url}">한국 영화</a>' in html
    pages = {genre_url: "드라마 film reviews", tag_url: "Reviews tagged “한국 영화”"}
    for url, heading in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert f"<h1>{heading}</h1>" in response.text
        assert review.title in response.text


def test_old_filter_links_with_odd_values_are_ignored_not_errors(make_review, client):
    review = make_review()
    for query in ["genre=a%20b", "tag=%3Cx%3E", "genre=", "tag=../../admin"]:
        response = client.get(f"/reviews/?{query}")
        assert response.status_code == 200, query
        assert review.title in response.text
