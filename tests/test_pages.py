"""Each page type: where it may be created, and that it renders for readers."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from cms.pagecache.store import bump
from home.models import HomePage
from reviews.models import ReviewIndexPage, ReviewPage

pytestmark = pytest.mark.django_db


def test_initial_tree_is_home_then_reviews(home, index):
    assert home.get_parent().is_root()
    assert index.get_parent().specific == home
    assert home.get_site().is_default_site


@pytest.mark.parametrize(
    ("model", "parents"),
    [
        (HomePage, {Page}),
        (ReviewIndexPage, {HomePage}),
        (ReviewPage, {ReviewIndexPage}),
    ],
)
def test_parent_rules(model, parents):
    assert set(model.allowed_parent_page_models()) == parents


def test_review_pages_have_no_children_and_home_is_unique(home, index):
    assert ReviewPage.allowed_subpage_models() == []
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert ReviewIndexPage.can_create_at(home)
    assert not ReviewPage.can_create_at(home)
    assert ReviewPage.can_create_at(index)


def test_create_review_index_page(home, client):
    home.add_child(instance=ReviewIndexPage(title="Archive", slug="archive"))
    response = client.get("/archive/")
    assert response.status_code == 200
    assert "<h1>Archive</h1>" in response.text


def test_create_and_render_review_page(make_review, client):
    review = make_review(title="Film Test (2001) Review – A test")
    response = client.get(review.url)
    assert response.status_code == 200
    assert "Film Test (2001) Review – A test" in response.text


def home_titles(client, selector):
    html = BeautifulSoup(client.get("/").text, "html.parser")
    return [link.get_text() for link in html.select(f"{selector} a[href^='/reviews/']")]


def test_home_page_leads_with_the_newest_review_and_shows_none_twice(make_review, client):
    reviews = [make_review(score=f"{number}.0") for number in range(1, 10)]
    lead = home_titles(client, ".lead h2")
    latest = home_titles(client, "#latest-heading + .card-grid h3")
    top = home_titles(client, "#top-heading + .card-grid h3")
    assert lead == [reviews[-1].title]
    assert latest == [review.title for review in reversed(reviews[2:-1])], "newest first"
    assert top == [reviews[1].title, reviews[0].title], "best of the rest"
    assert len(set(lead + latest + top)) == len(lead + latest + top) == 9


def test_the_editors_pick_leads_while_it_is_live(make_review, home, client):
    picked, newest = make_review(), make_review()
    home.lead_review = picked
    home.save_revision().publish()
    html = client.get("/").text
    assert home_titles(client, ".lead h2") == [picked.title]
    assert "Editor’s pick" in html
    assert home_titles(client, ".card-grid h3") == [newest.title]
    picked.unpublish()
    assert home_titles(client, ".lead h2") == [newest.title]


def test_review_index_lists_live_reviews_newest_first_and_paginates(make_review, client):
    reviews = [make_review() for _ in range(ReviewIndexPage.page_size + 2)]
    unpublished, oldest_live = reviews[0], reviews[1]
    unpublished.unpublish()

    first_page = client.get("/reviews/").text
    assert reviews[-1].title in first_page
    assert oldest_live.title not in first_page
    assert "Page 1 of 2" in first_page

    second_page = client.get("/reviews/?page=2").text
    assert oldest_live.title in second_page
    assert unpublished.title not in first_page + second_page
    for bad in ("0", "abc", "999", "-1"):
        assert client.get(f"/reviews/?page={bad}").status_code == 200


def test_review_index_filters_by_genre_tag_and_score(make_review, client):
    drama = make_review(genres=("Drama",), score="6.0")
    action = make_review(genres=("Action",), score="9.0")
    action_draft = action.get_latest_revision_as_object()
    action_draft.tags.add("netflix")
    action_draft.save_revision().publish()

    def titles(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return [review.title in response.text for review in (drama, action)]

    assert titles("/reviews/") == [True, True]
    assert titles("/reviews/genre/action/") == [False, True]
    assert titles("/reviews/genre/drama/") == [True, False]
    assert titles("/reviews/tag/netflix/") == [False, True]
    assert titles("/reviews/?min_score=7") == [False, True]
    assert titles("/reviews/genre/drama/?min_score=7") == [False, False]
    assert "Showing 1 review in Action" in client.get("/reviews/genre/action/").text
    for ignored in ("min_score=abc", "min_score=NaN", "min_score=1e999"):
        assert titles(f"/reviews/?{ignored}") == [True, True], ignored


def test_old_filter_links_redirect_to_genre_and_tag_pages(make_review, client):
    make_review(genres=("Action",))
    response = client.get("/reviews/?genre=action&min_score=5")
    assert response.status_code == 301
    assert response["Location"] == "/reviews/genre/action/?min_score=5"
    assert client.get("/reviews/?tag=netflix")["Location"] == "/reviews/tag/netflix/"


def test_unknown_address_gets_the_friendly_404(client, index):
    response = client.get("/reviews/no-such-review/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "browse all reviews" in response.text


def test_a_server_error_gets_the_friendly_500_without_touching_the_database(
    client, settings, django_assert_num_queries
):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/fail/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.text
    assert '<a href="/">Go to the home page</a>' in response.text


def test_review_page_does_not_repeat_a_headline_already_in_the_title(make_review, client):
    html = client.get(make_review().url).text
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count("Headline 1") == 1


@pytest.mark.parametrize("url", ["/", "/reviews/"])
def test_listings_make_the_same_number_of_queries_for_8_and_12_reviews(make_review, client, url):
    def count():
        client.get(url)  # warm the per-process site cache
        bump()  # the counted request renders: a page-cache miss
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    # Eight fill every section of the home page (the lead, six latest, one top rated).
    for _ in range(8):
        make_review(score="7.0")
    few = count()
    for _ in range(4):
        make_review(score="8.0")
    assert count() == few
