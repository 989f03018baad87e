"""Every reader page in a real browser at phone and desktop widths: no sideways scrolling, tap
targets big enough, lines short enough to read; screenshots under screenshots/ to look at."""

import pytest

from reviews.models import FilmCredit

# Migrations' data (page tree, Site, groups) is restored for these tests and after them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = {"phone": 375, "desktop": 1280}
MIN_TARGET = 24  # WCAG 2.2 target size (minimum), in CSS pixels
# Tappable controls that are not links inside running text (those are exempt from the size rule).
CONTROLS = (
    ".site-nav a, .brand, .chips a, .pagination a, .toc a, .site-footer a, "
    ".critic-profile__links a, button, input"
)


@pytest.fixture
def site(live_server, sample_review, make_review, poster):
    """A sample site: the Ballerina review with a poster and cast, and enough others for two
    pages of reviews, related reviews, tags and genres."""
    film = sample_review.film
    film.poster = poster
    film.credits.add(
        FilmCredit(person_name="Lee Chung-hyun", role="director"),
        FilmCredit(person_name="Jeon Jong-seo", role="cast", character_name="Ok-ju"),
        FilmCredit(person_name="Kim Ji-hoon", role="cast", character_name="Choi-pro"),
    )
    film.save()
    tagged = sample_review.get_latest_revision_as_object()
    tagged.tags.add("Netflix", "Korean cinema")
    tagged.save_revision().publish()
    for number in range(14):
        review = make_review(
            score=f"{5 + number % 5}.{number % 10}",
            genres=("Action", "Thriller") if number % 2 else ("Drama",),
            headline=f"A Long Headline Number {number} About Nothing in Particular at All",
        )
        review.film.poster = poster if number % 3 else None
        review.film.save()
    return {
        "home": "/",
        "index": "/reviews/",
        "index-page-2": "/reviews/?page=2",
        "genre": "/reviews/genre/action/",
        "tag": "/reviews/tag/korean-cinema/",
        "search": "/search/?q=ballerina",
        "search-empty": "/search/",
        "review": sample_review.url,
        "not-found": "/reviews/no-such-review/",
    }


@pytest.mark.parametrize("device", WIDTHS)
def test_reader_pages_fit_the_screen_and_are_easy_to_tap(
    site, live_server, browser, screenshot, device
):
    context = browser.new_context(viewport={"width": WIDTHS[device], "height": 800})
    try:
        check_pages(context.new_page(), site, live_server.url, device, screenshot)
    finally:
        context.close()


def test_review_contents_jump_to_their_section_and_the_poster_is_avif(site, live_server, browser):
    page = browser.new_page(viewport={"width": WIDTHS["phone"], "height": 800})
    try:
        page.goto(live_server.url + site["review"])
        page.click(".toc a[href='#lack-of-depth']")
        page.wait_for_function("location.hash === '#lack-of-depth'")
        top = page.evaluate("document.getElementById('lack-of-depth').getBoundingClientRect().top")
        assert 0 <= top < 100
        # The browser picked the first format it supports from the picture's sources.
        source = page.evaluate("document.querySelector('.film-facts__poster').currentSrc")
        assert source.endswith(".avif")
    finally:
        page.close()


def check_pages(page, site, base_url, device, screenshot):
    for name, path in site.items():
        response = page.goto(base_url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        page.wait_for_load_state("load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {device} width"
        small = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .map((el) => [el.textContent.trim() || el.outerHTML, el.getBoundingClientRect()])
                .filter(([, box]) => box.width > 0 && Math.min(box.width, box.height) < 24)
                .map(([label, box]) => `${label} ${box.width}x${box.height}`)""",
            CONTROLS,
        )
        assert small == [], f"{name}: targets under {MIN_TARGET}px at {device}: {small}"
        longest_line = page.evaluate(
            """() => Math.max(0, ...[...document.querySelectorAll('main p')].map((p) =>
                p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)))"""
        )
        assert longest_line <= 45, f"{name}: lines {longest_line:.0f}em wide at {device}"
        # Lazy images load once scrolled into view.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        broken = page.evaluate(
            "[...document.images].filter((img) => !img.naturalWidth).map((img) => img.currentSrc)"
        )
        assert broken == [], f"{name}: images that did not load: {broken}"
        page.evaluate("window.scrollTo(0, 0)")
        screenshot(page, f"{name}-{device}")
