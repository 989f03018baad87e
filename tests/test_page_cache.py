"""The page cache (cms/pagecache): anonymous pages and API answers come from it, every change a
reader could see empties it at once, and what is not for everyone never enters it."""

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import DraftStateMixin, PageViewRestriction, Site

from cms.identity.models import SiteSettings
from cms.scheduler.scheduler import tick
from reviews.models import (
    Critic,
    Film,
    FilmCredit,
    ReviewIndexPage,
    ReviewPage,
    ReviewPageCritic,
    ReviewSettings,
)

pytestmark = pytest.mark.django_db

API_LIST = "/api/v2/pages/?type=reviews.ReviewPage&fields=*"
# The sitemap index names its sections; the reviews section lists the reviews.
LISTS = ["/", "/reviews/", "/feed/", "/feed/atom/", "/sitemap-reviews.xml", API_LIST]


def api_detail(page):
    return f"/api/v2/pages/{page.pk}/"


def warm(client, *urls):
    """Fetch each URL until it comes from the cache, so that a later change has something to
    invalidate."""
    for url in urls:
        first = client.get(url)
        assert first.status_code in (200, 404), url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def fresh(client, url):
    response = client.get(url)
    assert response.get("X-Page-Cache") != "hit", url
    return response.text


def publish_film(film):
    """A film edit as readers get it: published, once Film has a draft state; saved before."""
    if isinstance(film, DraftStateMixin):
        film.save_revision().publish()
    else:
        film.save()


def reloaded(page):
    return ReviewPage.objects.get(pk=page.pk)


# A hit


@pytest.mark.parametrize("url", ["review", "/", "/reviews/", "/feed/", "api detail", API_LIST])
def test_a_warm_hit_makes_no_query(make_review, client, django_assert_num_queries, url):
    page = make_review(score="7.0")
    url = {"review": page.url, "api detail": api_detail(page)}.get(url, url)
    warm(client, url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"


def test_a_hit_is_the_page_as_rendered_with_its_own_nonce(make_review, client):
    page = make_review()
    miss, hit = client.get(page.url), client.get(page.url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit.content == miss.content
    for response in (miss, hit):
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        scripts = BeautifulSoup(response.content, "html.parser").find_all("script")
        assert scripts and {script["nonce"] for script in scripts} == {nonce}


def test_reader_pages_answer_304_to_their_validators(make_review, client):
    page = make_review()
    for url in (page.url, "/reviews/"):
        response = client.get(url)
        assert response["Cache-Control"] == "public, max-age=0"
        assert response.has_header("Last-Modified")
        for validator in (
            {"HTTP_IF_NONE_MATCH": response["ETag"]},
            {"HTTP_IF_MODIFIED_SINCE": response["Last-Modified"]},
        ):
            revalidated = client.get(url, **validator)
            assert revalidated.status_code == 304, (url, validator)
            assert revalidated["ETag"] == response["ETag"]
            assert revalidated.content == b""


def test_gzip_and_plain_copies_are_kept_apart(make_review, client):
    page = make_review()
    gzipped = client.get(page.url, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip"
    plain = client.get(page.url)
    assert not plain.has_header("Content-Encoding")
    assert plain["X-Page-Cache"] == "miss"
    assert "Headline 1" in plain.text


# Invalidation: the next anonymous request shows the change


def test_a_new_version_shows_on_its_page_and_in_every_list(make_review, client):
    page = make_review()
    warm(client, page.url, api_detail(page), *LISTS)
    page = reloaded(page)
    page.title = "Film 1 (2001) Review – Second Thoughts"
    page.headline = "Second Thoughts"
    page.save_revision().publish()
    for url in [page.url, api_detail(page), *LISTS]:
        if url != "/sitemap-reviews.xml":  # it lists addresses, not headlines
            assert "Second Thoughts" in fresh(client, url), url


def test_a_new_review_shows_in_every_list_and_search(make_review, client):
    make_review()
    search = "/search/?q=Newcomer"
    warm(client, search, *LISTS)
    page = make_review(headline="Newcomer")
    for url in [search, *LISTS]:
        text = fresh(client, url)
        assert page.slug in text or f"/api/v2/pages/{page.pk}/" in text, url


def test_unpublishing_removes_the_page_and_its_list_entries(make_review, client):
    page = make_review()
    warm(client, page.url, api_detail(page), *LISTS)
    page.unpublish()
    assert client.get(page.url).status_code == 404
    assert client.get(api_detail(page)).status_code == 404
    for url in LISTS:
        assert page.slug not in fresh(client, url), url


def test_a_moved_review_answers_at_its_new_address_only(make_review, client, home, index):
    archive = home.add_child(instance=ReviewIndexPage(title="Archive", slug="archive"))
    page = make_review()
    old_url = page.url
    warm(client, old_url, "/reviews/", API_LIST)
    page.move(archive, pos="last-child")
    page = reloaded(page)
    assert page.url == f"/archive/{page.slug}/"
    # Wagtail's redirects app leaves a permanent redirect behind.
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, page.url)
    assert client.get(page.url).status_code == 200
    assert page.slug not in fresh(client, "/reviews/")
    assert "/archive/" in fresh(client, API_LIST)


def test_a_deleted_review_is_gone_everywhere(make_review, client):
    page = make_review()
    warm(client, page.url, api_detail(page), *LISTS)
    page.delete()
    assert client.get(page.url).status_code == 404
    assert client.get(api_detail(page)).status_code == 404
    for url in LISTS:
        assert page.slug not in fresh(client, url), url


def test_the_scheduler_going_live_shows_at_once(make_review, client):
    now = timezone.now()
    with time_machine.travel(now, tick=False) as clock:
        page = make_review()
        page = reloaded(page)
        page.title = "Film 1 (2001) Review – The Scheduled Version"
        page.headline = "The Scheduled Version"
        page.go_live_at = now + timedelta(hours=1)
        page.save_revision().publish()
        warm(client, page.url, api_detail(page), *LISTS)
        assert "The Scheduled Version" not in client.get(page.url).text

        clock.move_to(now + timedelta(hours=1, seconds=1))
        [entry] = tick()
        assert entry.action == "wagtail.publish.scheduled"
        for url in [page.url, api_detail(page), "/", "/reviews/", API_LIST]:
            assert "The Scheduled Version" in fresh(client, url), url


def test_a_film_edit_shows_on_its_reviews(make_review, client):
    page = make_review()
    warm(client, page.url, api_detail(page), API_LIST)
    film = Film.objects.get(pk=page.film_id)
    film.synopsis = "A retired assassin takes one last job."
    publish_film(film)
    for url in (page.url, api_detail(page), API_LIST):
        assert "one last job" in fresh(client, url), url


def test_a_new_credit_shows_on_its_reviews(make_review, client):
    page = make_review()
    warm(client, page.url, api_detail(page))
    FilmCredit.objects.create(film_id=page.film_id, person_name="Ada Director", role="director")
    for url in (page.url, api_detail(page)):
        assert "Ada Director" in fresh(client, url), url


def test_a_new_poster_and_an_image_edit_show_on_its_reviews(make_review, client):
    page = make_review()
    warm(client, page.url)
    image = Image.objects.create(title="poster.png", file=get_test_image_file())
    film = Film.objects.get(pk=page.film_id)
    film.poster = image
    publish_film(film)
    assert 'alt="Poster of ' in fresh(client, page.url)

    warm(client, page.url, f"/api/v2/images/{image.pk}/")
    image.title = "Key art"
    image.description = "The heroine on a rooftop at dusk"
    image.save()
    assert 'alt="The heroine on a rooftop at dusk"' in fresh(client, page.url)
    assert "Key art" in fresh(client, f"/api/v2/images/{image.pk}/")


def test_a_genre_rename_shows_on_its_reviews_and_lists(make_review, client):
    page = make_review(genres=["Thriller"])
    warm(client, page.url, API_LIST, "/api/v2/genres/")
    genre = Film.objects.get(pk=page.film_id).genres.get()
    genre.name = "Neo-noir"
    genre.save()
    for url in (page.url, API_LIST, "/api/v2/genres/"):
        assert "Neo-noir" in fresh(client, url), url


def test_a_critic_edit_shows_on_the_byline_and_the_critics_pages(make_review, client):
    page = make_review()
    critic = Critic.objects.create(name="Sam Critic")
    ReviewPageCritic.objects.create(page=page, critic=critic)
    critic_url = f"/critics/{critic.slug}/"
    warm(client, page.url, critic_url, "/critics/", api_detail(page))
    critic.name = "Samantha Critic"
    critic.save()
    for url in (page.url, critic_url, "/critics/", api_detail(page)):
        assert "Samantha Critic" in fresh(client, url), url


def test_site_and_review_settings_show_on_every_page(make_review, client):
    page = make_review(score="7.0")
    warm(client, page.url, "/")
    site = Site.objects.get(is_default_site=True)
    identity = SiteSettings.for_site(site)
    identity.tagline = "Films worth the dark"
    identity.save()
    for url in (page.url, "/"):
        assert "Films worth the dark" in fresh(client, url), url

    warm(client, page.url)
    review_settings = ReviewSettings.for_site(site)
    review_settings.score_name = "Bunker Rating"
    review_settings.save()
    assert "Bunker Rating" in fresh(client, page.url)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_committed_elsewhere_empties_this_process_cache(make_review, client):
    """The scheduler and the importer are other processes: their commits, not this thread's
    writes, must make the web process's copies stale."""
    page = make_review()
    warm(client, page.url)

    def edit_elsewhere():
        film = Film.objects.get(pk=page.film_id)
        film.synopsis = "Edited by another process."
        publish_film(film)

    writer = threading.Thread(target=edit_elsewhere)
    writer.start()
    writer.join()
    assert "Edited by another process." in fresh(client, page.url)


# Never cached


def test_signed_in_editors_get_fresh_pages_and_leave_nothing_behind(
    make_review, client, admin_client
):
    page = make_review()
    warm(client, page.url)
    response = admin_client.get(page.url)
    assert response.status_code == 200
    assert not response.has_header("X-Page-Cache")
    assert "private" in response["Cache-Control"]

    uncached = "/reviews/?page=1"
    admin_client.get(uncached)
    assert client.get(uncached)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_any_cookie_goes_past_the_cache(make_review, client, cookie):
    page = make_review()
    warm(client, page.url)
    client.cookies[cookie] = "anything"
    assert not client.get(page.url).has_header("X-Page-Cache")


def test_a_draft_api_key_is_never_answered_from_the_cache(make_review, client):
    make_review()
    warm(client, API_LIST)
    response = client.get(API_LIST, HTTP_AUTHORIZATION="Bearer not-a-key")
    assert response.status_code == 401
    assert not response.has_header("X-Page-Cache")


def test_a_preview_token_is_never_cached(make_review, client):
    page = reloaded(make_review())
    page.headline = "Unpublished thoughts"
    preview = page.create_page_preview()
    url = f"/api/v2/page_preview/?content_type=reviews.reviewpage&token={preview.token}"
    for _ in range(2):
        response = client.get(url)
        assert response.json()["headline"] == "Unpublished thoughts"
        assert not response.has_header("X-Page-Cache")
        assert "no-store" in response["Cache-Control"]
    assert "Unpublished thoughts" not in client.get(api_detail(page)).text


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_restricted_pages_are_never_cached(make_review, client, restriction):
    page = make_review()
    PageViewRestriction.objects.create(page=page, restriction_type=restriction, password="embargo")
    for _ in range(2):
        response = client.get(page.url)
        assert response.status_code == (200 if restriction == "password" else 302)
        assert "Headline 1" not in response.text
        assert not response.has_header("X-Page-Cache")
    if restriction == "password":
        assert "csrftoken" in response.cookies  # a form with a CSRF token is for one browser


def test_posts_and_server_errors_are_never_cached(make_review, client):
    page = make_review()
    for _ in range(2):
        response = client.post(page.url)
        assert not response.has_header("X-Page-Cache")
    for _ in range(2):
        response = client.get("/api/v2/pages/?limit=nonsense")
        assert response.status_code == 400
        assert not response.has_header("X-Page-Cache")
