"""WordPress exports (WXR: Tools → Export in WordPress, an RSS file with `wp:` elements).

Parsed with defusedxml: a WordPress export never declares a DTD, so any DTD is refused, and with
it external entities (XXE), entity expansion (billion laughs) and network access. Each post (or
custom post type) becomes one review; pages, attachments, menus and revisions are not reviews.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .html_body import Image, body_blocks, split_body, title_of, written_score
from .inputs import (
    DRAFT,
    PUBLISHED,
    FilmFacts,
    ImageRef,
    Notes,
    ReadContext,
    ReviewFormatError,
    ReviewInput,
)

MAX_WXR_BYTES = 64 * 1024 * 1024
XML_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
WP_NAMESPACE = re.compile(r"\{(http://wordpress\.org/export/[0-9.]+/)\}")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# WordPress's own record types: never a review.
NOT_REVIEWS = {
    "page",
    "attachment",
    "nav_menu_item",
    "revision",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
# Categories that say what a post is rather than what the film is.
NOT_GENRES = re.compile(r"uncategori[sz]ed|.*\breviews?\b.*|movies?|films?|cinema|news|blog", re.I)
RATING_KEYS = {"rating", "score", "review_rating", "movie_rating", "rating_value", "review_score"}
# Paired shortcodes whose content is furniture ([caption] holds an image and its credit line).
DROPPED_SHORTCODES = re.compile(
    r"\[(caption|embed|video|audio|gallery|playlist)\b[^\]]*\].*?\[/\1\]", re.S | re.I
)
SHORTCODE = re.compile(r"\[/?[a-z][\w-]*(?:\s[^\]]*)?/?\]", re.I)
BLOCK_START = re.compile(
    r"\s*(?:<(?:h[1-6]|p|ul|ol|li|blockquote|div|figure|table|pre|hr|section)\b|<!--)", re.I
)


@dataclass
class Post:
    """One post of the export, before its title and body are read as a review."""

    number: int
    post_id: str
    guid: str  # the post's identity across exports: a re-import updates the same review
    title: str
    slug: str
    status: str
    author: str
    published: datetime.datetime | None
    body: object  # html_body.SplitBody
    categories: list[str]
    tags: list[str]
    rating: str
    featured_image: str  # URL of the featured image's file, "" when none
    ignored_categories: list[str] = field(default_factory=list)


def read_export(data: bytes, *, categories=(), tags=()):
    """The posts of a WXR export and a line for each item passed over; optionally only the posts
    in any of the categories or with any of the tags (by name or slug).

    Raises ReviewFormatError with one line when the file is not a WordPress export.
    """
    if len(data) > MAX_WXR_BYTES:
        raise ReviewFormatError(f"the file is {len(data):,} bytes; the limit is {MAX_WXR_BYTES:,}")
    # Text pasted into WordPress brings control characters XML forbids; they mean nothing, and
    # refusing a whole site's export for one of them helps nobody.
    data = XML_FORBIDDEN.sub(b"", data)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ReviewFormatError(
            "the XML declares a DTD or entities, which a WordPress export never does: refused"
        ) from None
    except ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise ReviewFormatError(
            f"not well-formed XML at line {line}, column {column + 1} ({reason})"
        ) from None
    channel = root.find("channel")
    match = WP_NAMESPACE.search(data[:4096].decode("utf-8", "replace")) or next(
        (WP_NAMESPACE.match(e.tag) for e in root.iter() if WP_NAMESPACE.match(e.tag)), None
    )
    if root.tag != "rss" or channel is None or match is None:
        raise ReviewFormatError("not a WordPress export (WXR): no <rss> with wp: elements")
    wp = f"{{{match[1]}}}"

    authors = {
        (a.findtext(f"{wp}author_login") or "").strip(): (
            a.findtext(f"{wp}author_display_name") or ""
        ).strip()
        for a in channel.iter(f"{wp}author")
    }
    items = channel.findall("item")
    attachments = {
        (item.findtext(f"{wp}post_id") or "").strip(): (
            item.findtext(f"{wp}attachment_url") or ""
        ).strip()
        for item in items
        if item.findtext(f"{wp}post_type") == "attachment"
    }
    wanted_categories = {name.casefold() for name in categories}
    wanted_tags = {name.casefold() for name in tags}
    posts, skipped = [], []
    for number, item in enumerate(items, start=1):
        post_type = (item.findtext(f"{wp}post_type") or "post").strip()
        status = (item.findtext(f"{wp}status") or "").strip()
        name = f"item {number} ({' '.join((item.findtext('title') or '').split())[:60]!r})"
        if post_type == "attachment":
            continue  # read above, as the posts' images
        if post_type in NOT_REVIEWS:
            skipped.append(f"{name}: a WordPress {post_type}, not a post")
            continue
        if status in SKIPPED_STATUSES:
            skipped.append(f"{name}: status {status!r}")
            continue
        terms = {"category": [], "post_tag": []}
        keys = {"category": set(), "post_tag": set()}
        for element in item.findall("category"):
            domain, term = element.get("domain"), " ".join((element.text or "").split())
            if term and domain in terms:
                terms[domain].append(term)
                keys[domain].update({term.casefold(), (element.get("nicename") or "").casefold()})
        if wanted_categories and not wanted_categories & keys["category"]:
            continue
        if wanted_tags and not wanted_tags & keys["post_tag"]:
            continue
        posts.append(post(number, item, wp, status, terms, authors, attachments))
    if not posts:
        chosen = " in those categories or with those tags" if categories or tags else ""
        raise ReviewFormatError(f"the WordPress export has no posts{chosen}")
    return posts, skipped


def post(number, item, wp, status, terms, authors, attachments):
    meta = {
        (m.findtext(f"{wp}meta_key") or "").strip(): (m.findtext(f"{wp}meta_value") or "").strip()
        for m in item.findall(f"{wp}postmeta")
    }
    login = (item.findtext(CREATOR) or "").strip()
    password = (item.findtext(f"{wp}post_password") or "").strip()
    title = " ".join((item.findtext("title") or "").split())
    genres = [name for name in terms["category"] if not NOT_GENRES.fullmatch(name)]
    return Post(
        number=number,
        post_id=(item.findtext(f"{wp}post_id") or "").strip(),
        guid=" ".join((item.findtext("guid") or "").split()),
        title=title,
        slug=unquote((item.findtext(f"{wp}post_name") or "").strip()),
        # Behind a password on the old site: not for every reader here either.
        status="password" if status == "publish" and password else status or "draft",
        author=authors.get(login) or login,
        published=(
            post_date(item.findtext(f"{wp}post_date_gmt"))
            or post_date(item.findtext(f"{wp}post_date"))  # site time: the best there is
            if status == "publish" and not password
            else None
        ),
        body=split_body(wordpress_html(item.findtext(CONTENT) or ""), title),
        categories=genres,
        ignored_categories=[name for name in terms["category"] if name not in genres],
        tags=terms["post_tag"],
        rating=next(
            (value for key, value in meta.items() if key.lstrip("_").lower() in RATING_KEYS), ""
        ),
        featured_image=attachments.get(meta.get("_thumbnail_id", ""), ""),
    )


def post_date(value):
    """WordPress writes "2023-10-06 14:00:00" in UTC, and all zeros for "never published"."""
    try:
        moment = datetime.datetime.strptime((value or "").strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=datetime.UTC)


def wordpress_html(content):
    """Post content as WordPress shows it: shortcodes out, blank-line paragraphs wrapped (autop)."""
    content = SHORTCODE.sub("", DROPPED_SHORTCODES.sub("", content.replace("\r\n", "\n")))
    chunks = re.split(r"\n\s*\n", content)
    return "\n".join(
        chunk if BLOCK_START.match(chunk) else f"<p>{chunk.strip()}</p>"
        for chunk in chunks
        if chunk.strip()
    )


def media_file(url, media_dir: Path | None):
    """The local copy of an upload: DIR/2023/10/name.jpg (WordPress's layout) or DIR/name.jpg.

    None when there is no folder or no such file; never a path outside the folder.
    """
    if not url or media_dir is None:
        return None
    path = PurePosixPath(unquote(urlsplit(url).path))
    parts = path.parts
    after_uploads = parts[parts.index("uploads") + 1 :] if "uploads" in parts else parts[-1:]
    root = media_dir.resolve()
    for candidate in (Path(*after_uploads) if after_uploads else None, Path(path.name)):
        if candidate is None or ".." in candidate.parts:
            continue
        file = (root / candidate).resolve()
        if file.is_relative_to(root) and file.is_file():
            return file
    return None


def read(data: bytes, context: ReadContext) -> list[ReviewInput]:
    """The reviews of a WXR export's posts; what it passes over goes to `context.skipped`."""
    posts, skipped = read_export(data, categories=context.categories, tags=context.tags)
    context.skipped.extend(skipped)
    return [review_of(post, context.media_dir) for post in posts]


def review_of(post: Post, media_dir):
    if not post.title:
        raise ReviewFormatError(f"post {post.post_id or post.number} has no title")
    notes = Notes()
    title = title_of(post.title, notes)
    body = post.body
    if post.featured_image and post.featured_image not in {i.src for i in body.images}:
        body.images.insert(0, Image(post.featured_image, "", "", after_section=-1))
    blocks = body_blocks(
        body,
        notes,
        lambda image: ImageRef(
            image.src, media_file(image.src, media_dir), image.alt, image.caption
        ),
    )
    written = post.rating or title.score or body.score
    score, score_display = written_score(written) if written else (None, "")
    if written and score is None:
        notes.guessed.append(f"rating “{written}” not understood: not scored")
    if post.status == "password":
        notes.guessed.append("kept as a draft: the post is password-protected on the old site")
    if post.ignored_categories:
        names = ", ".join(post.ignored_categories)
        notes.guessed.append(f"categories not taken as genres: {names}")
    return ReviewInput(
        title=post.title,
        headline=title.headline,
        score=score,
        score_display=score_display,
        film=FilmFacts(title=title.film, year=title.year, genres=post.categories),
        body=blocks,
        tags=post.tags,
        slug=post.slug,
        critics=[post.author] if post.author else [],
        first_published_at=post.published,
        status=PUBLISHED if post.status == "publish" else DRAFT,
        key=f"wordpress|{post.guid}" if post.guid else "",
        notes=notes,
    )
