"""`manage.py seed_reviews`: a generated archive that the site and the API serve like any other."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.models import Page, PageLogEntry

from reviews.models import DeletedReview, Film, ReviewPage
from reviews.seeding import seeded

COUNT = 24


def seed(*args, **options):
    out = StringIO()
    call_command("seed_reviews", *map(str, args), stdout=out, **options)
    return out.getvalue()


def archive():
    """What a reader could tell apart of the seeded reviews, in publication order."""
    return list(
        seeded()
        .order_by("first_published_at")
        .values_list("title", "slug", "score", "film__title", "first_published_at")
    )


@pytest.fixture(scope="module")
def seeded_site(django_db_setup, django_db_blocker):
    """COUNT seeded reviews for the whole module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed(COUNT)
        yield list(seeded().order_by("first_published_at"))
        transaction.set_rollback(True)


@pytest.fixture
def reviews(seeded_site, db):
    return seeded_site


def test_seeded_reviews_are_published_valid_pages(reviews):
    assert len(reviews) == COUNT
    assert Page.find_problems() == ([], [], [], [], [])
    for page in reviews:
        page.full_clean()  # slug, parent rules, the body's structure
        assert page.live and page.url_path.startswith("/home/reviews/")
        assert page.live_revision_id == page.latest_revision_id
        draft = page.get_latest_revision_as_object()
        assert (draft.title, draft.critics, list(draft.tags.all())) == (
            page.title,
            page.critics,
            list(page.tags.all()),
        )
        assert page.critics, page.title
    logged = PageLogEntry.objects.filter(page__in=reviews, action="wagtail.publish")
    assert logged.count() == COUNT


def test_seeded_reviews_vary(reviews):
    films = Film.objects.filter(reviews__in=reviews).distinct()
    assert films.filter(poster__isnull=False).exists()
    assert films.filter(credits__role="director").count() == films.count()
    assert len({genre for film in films for genre in film.genre_names}) > 5
    assert {page.score is None for page in reviews} == {True, False}
    assert any(page.tags.exists() for page in reviews)
    assert len({critic.pk for page in reviews for critic in page.critics}) > 5
    kinds = {block.block_type for page in reviews for block in page.body}
    assert {"summary", "analysis", "verdict"} <= kinds


def test_seeded_reviews_render_and_list(client, reviews):
    for page in reviews[:3]:
        response = client.get(page.url)
        assert response.status_code == 200
        heading = BeautifulSoup(response.content, "html.parser").find("h1")
        assert page.film.title in heading.get_text()
    listing = BeautifulSoup(client.get("/reviews/").content, "html.parser")
    newest = reviews[-1]
    assert listing.find("a", href=newest.url) is not None


def test_the_api_lists_seeded_reviews(client, reviews):
    response = client.get("/api/v2/pages/", {"type": "reviews.ReviewPage", "fields": "*"})
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == COUNT
    item = data["items"][0]
    assert item["film"]["title"] and item["critics"] and item["body"][0]["type"] == "summary"


def test_search_finds_seeded_reviews_by_film_and_critic(client, reviews):
    page = reviews[5]
    for words in (page.film.title, page.critics[0].name):
        response = client.get("/search/", {"q": words})
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("a", href=page.url) is not None, words


def test_seeding_again_adds_only_what_is_missing(reviews):
    before = archive()
    assert "Seeded 0 reviews" in seed(COUNT)
    assert archive() == before
    assert "Seeded 3 reviews" in seed(COUNT + 3)
    assert archive()[:COUNT] == before


def test_reset_reseeds_the_same_archive(reviews):
    before = archive()
    films = set(Film.objects.filter(reviews__in=reviews).values_list("pk", flat=True))
    output = seed(COUNT, reset=True)
    assert f"Deleted {COUNT} seeded reviews" in output
    assert archive() == before
    # The deleted copies went, and their films (new ones took their place).
    assert not DeletedReview.objects.exists()
    assert not Film.objects.filter(pk__in=films).exists()
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_bad_count_is_refused_and_changes_nothing(reviews):
    with pytest.raises(CommandError, match="count must be"):
        seed(-1)
    assert ReviewPage.objects.count() == COUNT
