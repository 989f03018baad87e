"""The saved-web-page and WordPress readers, rule by rule, on inputs written for these tests."""

from pathlib import Path

import pytest
from lxml import html

from reviews.ingest import web_page, wordpress
from reviews.ingest.html_body import split_body
from reviews.ingest.inputs import DRAFT, PUBLISHED, ImageRef, ReadContext, ReviewFormatError
from reviews.ingest.web_page import rating
from reviews.ingest.wordpress import media_file, read_export, wordpress_html

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def page(name):
    path = FIXTURES / name
    (review,) = web_page.read(path.read_bytes(), ReadContext(path=path))
    return review


def from_page(data):
    return web_page.read(data, ReadContext(path=Path("page.html")))


def texts(markup):
    return " ".join(html.fragment_fromstring(markup, create_parent="div").text_content().split())


def body_text(review):
    parts = []
    for block in review.body:
        value = block["value"]
        parts.append(value if isinstance(value, str) else value.get("heading", ""))
        parts.append("" if isinstance(value, str) else value.get("body", ""))
    return texts("".join(parts))


def images(review):
    return [block["value"]["image"] for block in review.body if block["type"] == "image"]


def structure(review):
    return [
        (block["type"], block["value"].get("heading") if block["type"] == "analysis" else None)
        for block in review.body
    ]


# Saved web pages


def test_a_page_with_json_ld_keeps_its_headings_and_reads_the_schema_org_review():
    review = page("paper-lanterns-2021.html")
    assert review.title == "Paper Lanterns (2021) Review – A Quiet Harbour Story"
    assert review.headline == "A Quiet Harbour Story"
    assert structure(review) == [
        ("summary", None),
        ("analysis", "Plot Summary"),
        ("analysis", "Performances"),
        ("image", None),  # where the page had it; its file is looked for beside the page
        ("analysis", "Direction and Atmosphere"),
        ("verdict", None),
    ]
    assert str(review.score) == "8.0" and review.score_display == "4/5"
    assert review.critics == ["Mara Quill"]
    assert review.first_published_at.isoformat() == "2022-03-14T09:30:00+00:00"
    film = review.film
    assert (film.title, film.year, str(film.release_date)) == (
        "Paper Lanterns",
        2021,
        "2021-09-02",
    )
    assert film.runtime_minutes == 112
    assert film.genres == ["Drama", "Mystery"]
    assert {(c["name"], c["role"]) for c in film.credits} == {
        ("Ilse Varden", "director"),
        ("Tomas Reyl", "cast"),
        ("Aiko Benn", "cast"),
    }
    assert "verdict under the heading “Final Thoughts”" in review.notes.found


def test_a_saved_pages_images_are_read_from_beside_it(tmp_path):
    saved = tmp_path / "paper-lanterns.html"
    saved.write_bytes((FIXTURES / "paper-lanterns-2021.html").read_bytes())
    (review,) = web_page.read(saved.read_bytes(), ReadContext(path=saved))
    assert images(review) == [ImageRef("lantern.jpg", None, "Lanterns over water", "")]
    (tmp_path / "lantern.jpg").write_bytes(b"jpeg")
    (review,) = web_page.read(saved.read_bytes(), ReadContext(path=saved))
    assert images(review)[0].path == tmp_path / "lantern.jpg"


def test_scripts_navigation_comments_ads_and_share_buttons_never_reach_the_review():
    for name in ("paper-lanterns-2021.html", "ferryman-plain.html", "kettle-creek-microdata.html"):
        text = body_text(page(name))
        for furniture in (
            "Advertisement",
            "popcorn",
            "Great review",
            "worst film of the year",
            "Share this",
            "More like this",
            "Privacy",
            "console.log",
            "Injected by a script",
            "fell asleep",
            "Leave a Reply",
            "cookies",
            "Related",
            "Home",
        ):
            assert furniture not in text, (name, furniture)


def test_microdata_in_a_legacy_encoding():
    review = page("kettle-creek-microdata.html")
    assert review.headline == "Small Town, Long Shadows"
    assert (review.film.title, review.film.year) == ("Kettle Creek", 2019)
    assert str(review.score) == "7.0"
    assert review.critics == ["Jonah Whitlow"]
    assert "Café conversations" in body_text(review)  # windows-1252, declared by the page
    assert structure(review)[-1] == ("verdict", None)
    assert "verdict under the heading “Conclusion”" in review.notes.found


def test_a_page_without_structured_data_falls_back_to_meta_tags_and_its_heading():
    review = page("ferryman-plain.html")
    assert (review.film.title, review.film.year) == ("The Ferryman's Lamp", 2023)
    assert review.critics == ["Priya Castellan"]
    assert review.tags == ["ghost story", "festival"]
    assert review.first_published_at.isoformat() == "2024-02-09T08:00:00+00:00"
    assert [h for _, h in structure(review) if h] == ["Story", "Craft"]
    assert "Share this" not in body_text(review)
    # The stars under the verdict are the rating, not a paragraph of it.
    assert (str(review.score), review.score_display) == ("8.0", "★★★★☆")
    assert "★" not in body_text(review)


@pytest.mark.parametrize(
    ("paragraph", "score", "shown"),
    [
        ("Rating: 4/5", "8.0", "4/5"),
        ("Our score – 7/10", "7.0", ""),
        ("★★★½", "7.0", "★★★½"),
        ("Grade: B+", "8.5", "B+"),
    ],
)
def test_a_paragraph_that_only_rates_the_film_is_its_score(paragraph, score, shown):
    page = (
        "<html><head><title>Review: Quiet Shore (2020)</title></head><body><article>"
        "<p>Quiet Shore is a patient coastal drama about two sisters who inherit a failing "
        "oyster farm and a long list of grudges between them and the village.</p>"
        f"<h2>Verdict</h2><p>Slow, salty and worth it.</p><p>{paragraph}</p>"
        "</article></body></html>"
    )
    (review,) = from_page(page.encode())
    assert (str(review.score), review.score_display) == (score, shown)
    assert review.film.title == "Quiet Shore" and review.film.year == 2020


@pytest.mark.parametrize(
    "heading",
    [
        "Verdict",
        "Final Thoughts",
        "Conclusion",
        "Bottom line",
        "The Bottom Line",
        "Overall",
        "Final Verdict",
        "In the End",
        "Final Talk",
    ],
)
def test_a_verdict_is_recognised_by_its_heading(heading):
    body = split_body(f"<p>Intro.</p><h2>Story</h2><p>Plot.</p><h2>{heading}:</h2><p>Go.</p>")
    assert body.verdict == ["<p>Go.</p>"] and body.verdict_heading == f"{heading}"
    assert [s.heading for s in body.sections] == ["Story"]


def test_without_a_verdict_heading_nothing_is_guessed_from_the_last_paragraph():
    body = split_body("<p>Intro.</p><h2>Story</h2><p>Plot.</p><p>More plot.</p>")
    assert body.verdict == []
    assert body.sections[0].parts == ["<p>Plot.</p>", "<p>More plot.</p>"]


def test_a_labelled_verdict_paragraph_is_the_verdict():
    body = split_body("<p>Intro.</p><h3>Story</h3><p>Plot.</p><p><b>Verdict:</b> Go.</p>")
    assert texts(body.verdict[0]) == "Go."
    assert body.sections[0].parts == ["<p>Plot.</p>"]


def test_links_into_the_old_site_are_unwrapped_and_attributes_dropped():
    body = split_body(
        '<p class="x" style="y">See <a href="/other">this</a> and '
        '<a href="https://example.org/a" onclick="evil()">that</a>.</p>'
    )
    assert body.summary == ['<p>See this and <a href="https://example.org/a">that</a>.</p>']


@pytest.mark.parametrize(
    ("value", "best", "score", "shown"),
    [
        ("4", "5", "8.0", "4/5"),
        ("3.5", None, "7.0", "3.5/5"),
        ("7", None, "7.0", "7/10"),
        ("8.5", "10", "8.5", "8.5/10"),
        ("11", "10", None, ""),
    ],
)
def test_schema_org_ratings_map_to_ten(value, best, score, shown):
    got = rating({"reviewRating": {"ratingValue": value, "bestRating": best}})
    assert (str(got[0]) if got[0] is not None else None, got[1]) == (score, shown)


def test_entities_declared_in_a_page_are_never_expanded_or_fetched():
    words = " ".join(["An ordinary sentence about an ordinary film, for length."] * 4)
    laughs = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10 if n else "lol"}">' for n in range(6))
    page = (
        f'<!DOCTYPE html [{laughs}<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f"<html><body><article><p>{words} &e5; &secret;</p>"
        "<h2>Verdict</h2><p>Fine.</p></article></body></html>"
    )
    (review,) = from_page(page.encode())
    text = body_text(review)
    assert "lollol" not in text and "root:" not in text
    assert len(text) < 1000


def test_a_page_with_no_article_is_refused():
    with pytest.raises(ReviewFormatError, match="no article text"):
        from_page(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    with pytest.raises(ReviewFormatError, match="empty"):
        from_page(b"   ")


# WordPress exports


def export(**options):
    path = FIXTURES / "night-bus-export.xml"
    return wordpress.read(path.read_bytes(), ReadContext(path=path, **options))


def test_posts_become_reviews_and_pages_attachments_are_left_out():
    salt, glass = export()
    assert salt.title == "Salt Roads (2022) Review – Two Drivers, One Bad Night"
    assert (salt.film.title, salt.film.year, salt.headline) == (
        "Salt Roads",
        2022,
        "Two Drivers, One Bad Night",
    )
    assert salt.film.genres == ["Thriller"]  # "Reviews" says what the post is, not the film
    assert salt.tags == ["road movie"]
    assert salt.critics == ["Odile Marsh"]  # the author's display name, not the login
    assert salt.first_published_at.isoformat() == "2023-01-14T18:00:00+00:00"
    assert salt.slug == "salt-roads-review"
    assert (str(salt.score), salt.score_display) == ("7.0", "3.5/5")
    assert salt.status == PUBLISHED
    assert salt.source_key == "wordpress|https://nightbus.example/?p=41"
    assert structure(salt) == [
        ("summary", None),
        ("image", None),
        ("analysis", "The Setup"),
        ("verdict", None),
    ]
    assert "categories not taken as genres: Reviews" in salt.notes.guessed

    assert glass.status == DRAFT and glass.first_published_at is None
    assert (glass.film.title, glass.film.year) == ("Glasshouse", 2021)
    # Classic-editor content: paragraphs separated by blank lines, no <p> tags.
    assert glass.body[0]["value"].count("<p>") == 2
    assert texts(glass.body[-1]["value"]["body"]) == "A small film that grows on you."


def test_posts_filtered_by_category_or_tag_name_or_slug():
    assert [r.film.title for r in export(categories=["thriller"])] == ["Salt Roads"]
    assert [r.film.title for r in export(categories=["Drama"])] == ["Glasshouse"]
    assert [r.film.title for r in export(tags=["road-movie"])] == ["Salt Roads"]
    with pytest.raises(ReviewFormatError, match="no posts in those categories"):
        export(categories=["horror", "comedy"])


def test_attachments_come_from_the_media_folder_or_stay_unresolved(tmp_path):
    url = "https://nightbus.example/wp-content/uploads/2023/01/salt-roads-still.jpg"
    salt = export()[0]
    # The featured image is also in the content: one image block, after the summary.
    assert [b["type"] for b in salt.body] == ["summary", "image", "analysis", "verdict"]
    assert images(salt) == [
        ImageRef(url, None, "Two trucks at a salt flat", "The salt flats at dawn.")
    ]
    (tmp_path / "2023" / "01").mkdir(parents=True)
    still = tmp_path / "2023" / "01" / "salt-roads-still.jpg"
    still.write_bytes(b"jpeg")
    assert media_file(url, tmp_path) == still
    assert images(export(media_dir=tmp_path)[0])[0].path == still
    # A URL can name no file outside the folder.
    (tmp_path.parent / "secret.jpg").write_bytes(b"x")
    assert media_file("https://x.example/wp-content/uploads/../../secret.jpg", tmp_path) is None


def test_pages_attachments_and_trash_are_skipped_with_a_reason():
    path = FIXTURES / "night-bus-export.xml"
    context = ReadContext(path=path)
    wordpress.read(path.read_bytes(), context)
    assert context.skipped == ["item 4 ('About us'): a WordPress page, not a post"]


def test_wordpress_content_loses_shortcodes_and_captions():
    markup = wordpress_html(
        'First.\n\n[caption id="a1"]<img src="a.jpg"> Photo: someone[/caption]\n\n'
        '[gallery ids="1,2"]\n\nSecond [highlight]word[/highlight].\n'
    )
    assert texts(markup) == "First. Second word."


def test_a_password_protected_post_stays_a_draft_and_control_characters_are_dropped():
    data = (FIXTURES / "night-bus-export.xml").read_bytes()
    data = data.replace(
        b"<wp:post_name><![CDATA[salt-roads-review]]>",
        b"<wp:post_password><![CDATA[sesame]]></wp:post_password>"
        b"<wp:post_name><![CDATA[salt-roads-review]]>",
    ).replace(b"Two Drivers, One Bad Night", b"Two Drivers,\x0b One Bad Night")
    salt = wordpress.read(data, ReadContext(path=Path("export.xml")))[0]
    assert salt.status == DRAFT and salt.first_published_at is None
    assert "kept as a draft: the post is password-protected on the old site" in salt.notes.guessed
    assert salt.headline == "Two Drivers, One Bad Night"


WXR_HEAD = (
    '<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + WXR_HEAD.encode()
            + b"<item><title>&x;</title></item></channel></rss>",
            "declares a DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            + WXR_HEAD.encode()
            + b"<item><title>&c;</title></item></channel></rss>",
            "declares a DTD",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://127.0.0.1:8899/evil.dtd">'
            + WXR_HEAD.encode()
            + b"</channel></rss>",
            "declares a DTD",
        ),
        (WXR_HEAD.encode() + b"<item><title>Open</item></channel></rss>", "not well-formed XML"),
        (b"\x00\x01binary", "not well-formed XML"),
        (b"<rss><channel><item><title>x</title></item></channel></rss>", "not a WordPress"),
        (WXR_HEAD.encode() + b"<wp:wxr_version>1.2</wp:wxr_version></channel></rss>", "no posts"),
    ],
    ids=["xxe", "billion-laughs", "external-dtd", "malformed", "binary", "plain-rss", "empty"],
)
def test_hostile_or_malformed_exports_are_refused_in_one_line(data, message):
    with pytest.raises(ReviewFormatError, match=message) as error:
        read_export(data)  # raises before any entity could be expanded or fetched
    assert "\n" not in str(error.value)
