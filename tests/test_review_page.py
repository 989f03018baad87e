"""What a reader sees on a review page."""

import re

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_jpeg
from wagtail.models import PageViewRestriction

from cms.pagecache.store import bump
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
    facts = BeautifulSoup(html, "html.parser").select_one(".film-facts dl")
    labels = [term.get_text() for term in facts.select("dt")]
    assert labels == ["Release date", "Runtime", "Genre"], "budget '$ 0' is unknown: left out"
    assert "Unknown" not in main
    assert (
        html.index("Plot Summary") < html.index("Lack of Depth") < html.index("for all its visual")
    )


def badge(client, review):
    html = BeautifulSoup(client.get(review.url).text, "html.parser")
    return html.select_one(".review__header .score-badge")


def test_score_badge_uses_the_site_setting_name(make_review, client, home):
    review = make_review(score="9.5")
    assert badge(client, review).get_text(" ", strip=True) == "Movie Bunker Score 9.5 /10"

    settings = ReviewSettings.for_site(home.get_site())
    settings.score_name = "Bunker Rating"
    settings.save()
    assert badge(client, review).get_text(" ", strip=True) == "Bunker Rating 9.5 /10"
    assert badge(client, make_review()).get_text(strip=True) == "Not yet scored"


def test_stars_sit_beside_the_number_and_are_hidden_from_screen_readers(make_review, client, home):
    review = make_review(score="7.4")
    assert badge(client, review).select(".stars") == []
    settings = ReviewSettings.for_site(home.get_site())
    settings.score_display = ReviewSettings.ScoreDisplay.STARS
    settings.save()
    stars = badge(client, review).select_one(".stars")
    assert stars["class"] == ["stars", "stars--7"] and stars["aria-hidden"] == "true"
    assert badge(client, review).get_text(" ", strip=True) == "Movie Bunker Score 7.4 /10"
    card = BeautifulSoup(client.get("/reviews/").text, "html.parser").select_one(".score")
    assert card.get_text(" ", strip=True) == "Movie Bunker Score 7.4 /10"
    assert card.select_one(".stars")["class"] == ["stars", "stars--7"]


def test_budget_and_cast_with_characters(make_review, client):
    review = make_review()
    film = review.film
    film.budget_usd = 11_400_000
    film.credits.add(
        FilmCredit(person_name="Jeon Jong-seo", role="cast", character_name="Ok-ju"),
        FilmCredit(person_name="Lee Chung-hyun", role="director"),
    )
    film.save()
    film.credits.add(FilmCredit(person_name="Lee Ji-yeon", role="writer"))
    film.save()
    html = client.get(review.url).text
    assert "$11,400,000" in html
    assert "Jeon Jong-seo" in html and "as Ok-ju" in html
    facts = BeautifulSoup(html, "html.parser").select_one(".film-facts dl")
    pairs = [(dt.get_text(), dt.find_next_sibling("dd").get_text()) for dt in facts.select("dt")]
    assert pairs[:2] == [("Director", "Lee Chung-hyun"), ("Writer", "Lee Ji-yeon")]
    assert ("Budget", "$11,400,000") in pairs


def test_review_text_is_escaped(make_review, client):
    review = make_review(headline="<script>alert(1)</script>")
    html = client.get(review.url).text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_static_css_is_served(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b".film-facts" in b"".join(response.streaming_content)


def body_with(*sections, words=0):
    """A complete body with these analysis headings and a summary of about `words` words."""
    return [
        {"type": "summary", "value": f"<p>{'word ' * words}</p>"},
        *(
            {"type": "analysis", "value": {"heading": heading, "body": "<p>Text.</p>"}}
            for heading in sections
        ),
        {"type": "verdict", "value": {"body": "<p>Go.</p>"}},
    ]


def test_table_of_contents_links_to_every_section_by_a_stable_id(make_review, client):
    headings = ["Plot Summary", "Performances", "Performances", "Main", "발레리나", "?!"]
    review = make_review(body=body_with(*headings))
    html = client.get(review.url).text
    toc = html.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert anchors == [
        ("plot-summary", "Plot Summary"),
        ("performances", "Performances"),
        ("performances-2", "Performances"),
        ("main-2", "Main"),  # "main" is the page's own landmark
        ("발레리나", "발레리나"),
        ("section", "?!"),
        ("verdict", "Verdict"),
    ]
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids are unique on the page"
    for anchor, heading in anchors:
        assert f'<h2 id="{anchor}">{heading}</h2>' in html


def test_reading_time_counts_the_words_at_230_a_minute(make_review, client):
    # The other blocks add three words: "Story", "Text." and "Go.".
    for words, minutes in [(0, 1), (227, 1), (228, 2), (457, 2), (458, 3)]:
        review = make_review(body=body_with("Story", words=words))
        assert f"{minutes} min read" in client.get(review.url).text, words


@pytest.fixture
def tagged(make_review):
    def make(genres, tags=(), **fields):
        review = make_review(genres=genres, **fields)
        if tags:
            revision = review.get_latest_revision_as_object()
            revision.tags.add(*tags)
            revision.save_revision().publish()
        return review

    return make


def related_titles(client, review):
    html = client.get(review.url).text
    if 'id="related-heading"' not in html:
        return []
    section = html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="review-card__title"><a href="[^"]+">([^<]+)</a>', section)


def test_related_reviews_share_a_genre_or_tag_most_shared_first(tagged, client):
    review = tagged(("Action", "Thriller"), ["revenge"])
    one_genre = tagged(("Action",))
    tag_only = tagged(("Drama",), ["revenge"])
    everything = tagged(("Action", "Thriller"), ["revenge"])
    tagged(("Comedy",))  # nothing in common
    draft = tagged(("Action", "Thriller"), ["revenge"])
    draft.unpublish()
    private = tagged(("Action", "Thriller"), ["revenge"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert related_titles(client, review) == [everything.title, tag_only.title, one_genre.title]
    newer_one_genre = tagged(("Thriller",))
    # At most three: of the two that share one thing with it, the newer stays.
    assert related_titles(client, review) == [
        everything.title,
        newer_one_genre.title,
        tag_only.title,
    ]


def test_a_review_with_nothing_in_common_shows_no_related_section(tagged, client):
    alone = tagged(("Western",))
    tagged(("Drama",))
    assert related_titles(client, alone) == []


def test_review_page_queries_do_not_grow_with_related_reviews_and_credits(tagged, client, poster):
    def add():
        review = tagged(("Action",), ["a"])
        review.film.poster = poster
        review.film.credits.add(FilmCredit(person_name="Someone", role="director"))
        review.film.save()
        return review

    def count():
        client.get(review.url)  # warm the per-process site cache
        bump()  # the counted request renders: a page-cache miss
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review.url).status_code == 200
        return len(queries)

    review = add()
    add()
    few = count()
    for _ in range(3):
        add()
    assert count() == few


def test_poster_is_a_picture_with_avif_webp_and_jpeg_and_loads_first(make_review, poster, client):
    review = make_review()
    review.film.poster = poster
    review.film.save()
    html = client.get(review.url).text
    facts = html.split('<aside class="film-facts"', 1)[1].split("</aside>", 1)[0]
    picture = facts.split("<picture>", 1)[1].split("</picture>", 1)[0]
    assert [kind for kind in re.findall(r'type="(image/[a-z]+)"', picture)] == [
        "image/avif",
        "image/webp",
    ]
    image = re.search(r"<img [^>]+>", picture).group(0)
    for attribute in [
        'width="248"',
        'height="372"',
        'fetchpriority="high"',
        'loading="eager"',
        'alt="A dancer in red against a dark stage"',
        'sizes="(min-width: 60rem) 15.5rem, 7.5rem"',
    ]:
        assert attribute in image, attribute
    assert re.search(r'srcset="[^"]+\.jpg 248w, [^"]+\.jpg 496w"', image)
    for url in re.findall(r"(/media/images/[^\s\"]+)", picture):
        response = client.get(url)
        assert response.status_code == 200, url


def test_listing_images_are_lazy_except_the_first_on_home(make_review, poster, client):
    for _ in range(2):
        review = make_review()
        review.film.poster = poster
        review.film.save()
    home_images = re.findall(r"<img [^>]+>", client.get("/").text)
    assert 'loading="eager"' in home_images[0]
    assert all('loading="lazy"' in image for image in home_images[1:])
    index_images = re.findall(r"<img [^>]+>", client.get("/reviews/").text)
    assert index_images and all('loading="lazy"' in image for image in index_images)
    assert all('width="96"' in image and 'height="144"' in image for image in index_images)


def test_publication_times_are_valid_html_datetimes(make_review, client):
    review = make_review()
    # HTML allows at most three digits of a second's fraction: none are sent.
    valid = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d{4})?")
    for url in (review.url, "/", "/reviews/"):
        values = re.findall(r'<time datetime="([^"]+)"', client.get(url).text)
        assert values and all(valid.fullmatch(value) for value in values), (url, values)


def test_stills_in_the_body_are_lazy_responsive_pictures(make_review, poster, client):
    still = {"type": "image", "value": {"image": poster.pk, "alt_text": "A still", "caption": ""}}
    review = make_review()
    review.body = [*review.body.raw_data[:2], still, review.body.raw_data[2]]
    review.save_revision().publish()
    html = client.get(review.url).text
    figure = html.split('<figure class="block-image">', 1)[1].split("</figure>", 1)[0]
    assert re.findall(r'type="(image/[a-z]+)"', figure) == ["image/avif", "image/webp"]
    image = re.search(r"<img [^>]+>", figure).group(0)
    for attribute in ['alt="A still"', 'loading="lazy"', 'width="400"', 'height="600"']:
        assert attribute in image, attribute
    # The 600 px original gives a 400 px rendition and itself, once: never enlarged, no width
    # listed twice.
    for srcset in re.findall(r'srcset="([^"]+)"', figure):
        assert [candidate.split()[1] for candidate in srcset.split(", ")] == ["400w", "600w"]


def test_a_small_poster_is_never_listed_twice_at_one_width(make_review, client):
    small = Image.objects.create(
        title="Thumbnail", file=get_test_image_file_jpeg("small.jpg", size=(100, 150))
    )
    review = make_review()
    review.film.poster = small
    review.film.save()
    html = client.get(review.url).text
    picture = html.split("<picture>", 1)[1].split("</picture>", 1)[0]
    # Both widths asked for come out 100 px wide: one candidate, so no widths and no sizes.
    assert "sizes=" not in picture and " 100w" not in picture
    assert re.search(r'<img [^>]*width="100"', picture)
    for srcset in re.findall(r'srcset="([^"]+)"', client.get("/reviews/").text):
        widths = [candidate.split()[1] for candidate in srcset.split(", ")]
        assert len(widths) == len(set(widths)), srcset
