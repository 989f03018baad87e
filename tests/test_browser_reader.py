"""What a reader sees first, in Chromium at a phone's and a desktop's size: the score badge, the
byline and the opening paragraph of a review; the lead review on home; a critic's page. Screenshots
of the first screen go to screenshots/reader-*.png."""

import pytest

from reviews.models import Critic, FilmCredit, ReviewPageCritic

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# An iPhone SE's screen (the smallest in common use) and a laptop's.
SCREENS = {"phone": {"width": 375, "height": 667}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture
def reader_site(sample_review, make_review, poster):
    """The Ballerina review, scored and credited to a critic, and four more by the same critic."""
    critic = Critic.objects.create(
        name="Hana Kim", bio="Hana covers Korean cinema and festival discoveries."
    )
    film = sample_review.film
    film.poster = poster
    film.credits.add(
        FilmCredit(person_name="Lee Chung-hyun", role="director"),
        FilmCredit(person_name="Lee Chung-hyun", role="writer"),
        FilmCredit(person_name="Jeon Jong-seo", role="cast", character_name="Ok-ju"),
    )
    film.save()
    review = sample_review.get_latest_revision_as_object()
    review.score = "6.5"
    review.critic_links = [ReviewPageCritic(critic=critic)]
    review.save_revision().publish()
    for number in range(4):
        other = make_review(score=f"{6 + number}.0" if number % 2 else None)
        other.film.poster = poster
        other.film.save()
        other.critic_links = [ReviewPageCritic(critic=critic)]
        other.save_revision().publish()
    return {"review": sample_review.url, "critic": critic.get_absolute_url()}


@pytest.fixture(params=SCREENS)
def screen(request, browser):
    context = browser.new_context(viewport=SCREENS[request.param])
    page = context.new_page()
    page.device = request.param
    yield page
    context.close()


def box(page, selector):
    """The element's box in the first screen's coordinates (before any scrolling)."""
    page.wait_for_selector(selector)
    return page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return {top: box.top, bottom: box.bottom, left: box.left, right: box.right};
        }""",
        selector,
    )


def in_first_screen(page, selector):
    item, size = box(page, selector), page.viewport_size
    return item["top"] >= 0 and item["bottom"] <= size["height"] and item["right"] <= size["width"]


def test_review_page_shows_title_score_byline_and_opening_first(
    reader_site, live_server, screen, screenshot
):
    screen.goto(live_server.url + reader_site["review"])
    screenshot_first_screen(screen, screenshot, "review")
    for selector in ("h1", ".review__header .score-badge", ".review__header .byline"):
        assert in_first_screen(screen, selector), f"{selector} below the first screen"
    badge = screen.inner_text(".review__header .score-badge")
    assert badge.split() == ["MOVIE", "BUNKER", "SCORE", "6.5/10"]
    assert screen.inner_text(".review__header .byline") == "By Hana Kim"
    opening = box(screen, ".review__lede p")
    assert opening["top"] < SCREENS[screen.device]["height"] - 60, "the opening starts on screen"
    # The badge is large: its number at least as tall as the title's letters.
    sizes = screen.evaluate(
        """() => ['.score-badge__value strong', 'h1'].map((selector) =>
            parseFloat(getComputedStyle(document.querySelector(selector)).fontSize))"""
    )
    assert sizes[0] >= sizes[1]
    facts = box(screen, ".film-facts")
    if screen.device == "phone":
        assert facts["top"] > opening["top"], "on a phone the facts follow the opening"
    else:
        assert facts["left"] > opening["left"], "on a desktop the facts sit beside the text"
    assert "Writer" in screen.inner_text(".film-facts") and "Budget" not in screen.inner_text(
        ".film-facts"
    )


def test_home_leads_with_a_large_poster_and_every_card_has_a_score(
    reader_site, live_server, screen, screenshot
):
    screen.goto(live_server.url + "/")
    screenshot_first_screen(screen, screenshot, "home")
    assert in_first_screen(screen, ".lead__image")
    poster = box(screen, ".lead__image")
    assert poster["bottom"] - poster["top"] >= 280, "a large poster"
    if screen.device == "desktop":
        assert in_first_screen(screen, ".lead .score-badge")
    cards = screen.locator(".review-card")
    assert cards.count() == 4, "the lead is not listed again"
    for index in range(cards.count()):
        meta = cards.nth(index).locator(".review-card__meta").inner_text()
        assert "/10" in meta or "Not yet scored" in meta
        assert "By Hana Kim" in meta
    image = box(screen, ".review-card__image")
    assert image["right"] - image["left"] >= 96, "card posters big enough to recognise"
    assert screen.is_visible(".header-search input")


def test_critic_page_shows_who_they_are_and_their_reviews(
    reader_site, live_server, screen, screenshot
):
    screen.goto(live_server.url + reader_site["critic"])
    screenshot_first_screen(screen, screenshot, "critic")
    assert in_first_screen(screen, "h1") and screen.inner_text("h1") == "Hana Kim"
    assert in_first_screen(screen, ".critic-profile__bio")
    assert screen.inner_text("#critic-reviews-heading") == "5 reviews"
    assert screen.locator(".review-card").count() == 5


def screenshot_first_screen(page, screenshot, name):
    page.wait_for_load_state("networkidle")
    screenshot(page, f"reader-{name}-{page.device}", full_page=False)
