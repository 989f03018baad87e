"""Saved web pages (.html/.htm): the review in a page saved from a browser.

trafilatura finds the article among the page's navigation, comments, sidebars and ads (and keeps
its headings); extruct reads the schema.org `Review`/`Movie` data a review site embeds as JSON-LD
or microdata (rating, author, film facts, dates), which is preferred to anything guessed from text.
Neither touches the network: both read only the bytes given.
"""

import datetime
import re
from copy import deepcopy
from decimal import Decimal
from functools import partial
from urllib.parse import unquote

import extruct
import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from .html_body import body_blocks, split_body, title_of, written_score
from .inputs import FilmFacts, ImageRef, Notes, ReadContext, ReviewFormatError, ReviewInput

# A saved page carries its scripts and styles inline: several times the review's own size.
MAX_PAGE_BYTES = 5_000_000
# "PT1H52M", "PT112M": schema.org durations (ISO 8601).
ISO_DURATION = re.compile(r"P(?:\d+D)?T?(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:\d+S)?", re.I)
# Fewer words than this is a page's leftovers (a menu, a cookie notice), not a review.
MIN_WORDS = 25
SITE_SUFFIX = re.compile(r"\s+[|·•»]\s+[^|·•»]{1,60}$")


def read_page(data: bytes):
    """A WebReview from a saved page's bytes; ReviewFormatError names what is wrong."""
    if not data.strip():
        raise ReviewFormatError("the file is empty")
    if len(data) > MAX_PAGE_BYTES:
        raise ReviewFormatError(f"the file is {len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,}")
    tree = load_html(data)
    if tree is None:
        raise ReviewFormatError("not an HTML page")
    structured = schema_items(tree)
    content = trafilatura.extract(
        deepcopy(tree),
        output_format="html",
        include_comments=False,
        include_tables=False,
        include_images=True,
        include_formatting=True,
        include_links=True,
        favor_precision=True,
    )
    if not content:
        raise ReviewFormatError("no article text found in the page")
    metadata = trafilatura.extract_metadata(deepcopy(tree))
    review, movie = structured
    title = first_text(
        review.get("name"),
        review.get("headline"),
        without_site_name(meta(tree, "og:title")),
        without_site_name(metadata.title if metadata and metadata.title else ""),
        without_site_name(tree.findtext(".//title") or ""),
    )
    body = split_body(content, title)
    if len(body.text.split()) < MIN_WORDS:
        raise ReviewFormatError("no article text found in the page")
    return {
        "title": title,
        "body": body,
        "review": review,
        "movie": movie,
        "author": author_names(review.get("author"))
        or [name for name in [meta(tree, "author")] if name],
        "published": parse_datetime(
            first_text(review.get("datePublished"), meta(tree, "article:published_time"))
        ),
        "guessed_date": metadata.date if metadata else None,
        "tags": [name for name in (meta_all(tree, "article:tag")) if name],
    }


def schema_items(tree):
    """The page's schema.org Review and the Movie it reviews (empty dicts when absent)."""
    try:
        data = extruct.extract(tree, syntaxes=["json-ld", "microdata"], uniform=True)
    except (ValueError, etree.LxmlError):
        # A broken JSON-LD script is the page's problem: read the page without it.
        data = {}
    items = [item for syntax in data.values() for item in syntax]
    reviews = list(typed(items, "Review")) or list(typed(items, "CriticReview"))
    review = reviews[0] if reviews else {}
    movie = review.get("itemReviewed") if isinstance(review.get("itemReviewed"), dict) else None
    if movie is None:
        movie = next(typed(items, "Movie"), {})
    return review, movie


def typed(value, name):
    """Every object of schema.org type `name` in a JSON-LD tree (@graph and nesting included)."""
    if isinstance(value, list):
        for item in value:
            yield from typed(item, name)
    elif isinstance(value, dict):
        kind = value.get("@type")
        if kind == name or (isinstance(kind, list) and name in kind):
            yield value
        for key, item in value.items():
            if key != "@type":
                yield from typed(item, name)


def names(value):
    """Names from a schema.org value that may be text, a Person, or a list of either."""
    if isinstance(value, list):
        return [name for item in value for name in names(item)]
    if isinstance(value, dict):
        value = value.get("name")
    return [" ".join(value.split())] if isinstance(value, str) and value.strip() else []


author_names = names


def first_text(*values):
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else ""
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def meta(tree, name):
    values = meta_all(tree, name)
    return values[0] if values else ""


def meta_all(tree, name):
    return [
        " ".join(value.split())
        for value in tree.xpath("//meta[@property=$name or @name=$name]/@content", name=name)
    ]


def without_site_name(title):
    """A page title without the " | Site name" a site appends."""
    return SITE_SUFFIX.sub("", " ".join(title.split()))


def parse_datetime(value):
    if not value:
        return None
    try:
        moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def parse_date(value):
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def movie_facts(movie):
    """Film facts from a schema.org Movie, in the importer's film dict terms."""
    if not movie:
        return {}
    facts = {}
    if title := first_text(movie.get("name")):
        facts["title"] = title
    release = parse_date(movie.get("datePublished") or movie.get("dateCreated"))
    if release:
        facts["release_date"] = release
        facts["year"] = release.year
    if duration := ISO_DURATION.fullmatch(first_text(movie.get("duration"))):
        minutes = int(duration["h"] or 0) * 60 + int(duration["m"] or 0)
        facts["runtime_minutes"] = minutes or None
    genres = movie.get("genre")
    facts["genres"] = [
        " ".join(g.split())
        for g in (genres if isinstance(genres, list) else [genres])
        if isinstance(g, str) and g.strip()
    ]
    if synopsis := first_text(movie.get("description")):
        facts["synopsis"] = synopsis
    credits = [
        {"name": name, "role": role, "character": ""}
        for key, role in (("director", "director"), ("author", "writer"), ("actor", "cast"))
        for name in names(movie.get(key))
    ]
    if credits:
        facts["credits"] = credits
    for link in movie.get("sameAs") or []:
        if match := re.search(r"imdb\.com/title/(tt\d+)", str(link)):
            facts["imdb_id"] = match[1]
    return facts


def rating(review):
    """A schema.org reviewRating as (score out of 10, the original form)."""
    value = review.get("reviewRating")
    if not isinstance(value, dict):
        return None, ""
    try:
        number = Decimal(str(value.get("ratingValue")).strip())
        best = Decimal(str(value.get("bestRating") or 0).strip())
        worst = Decimal(str(value.get("worstRating") or 0).strip())
    except ArithmeticError:
        return None, ""
    # schema.org's default best rating is 5; a page that omits it but rates 7 means out of 10.
    best = best or (Decimal(5) if number <= 5 else Decimal(10))
    if not worst <= number <= best or best <= worst:
        return None, ""
    # As the text reader maps "4/5": a share of the best rating, whatever the worst one.
    score = number / best * 10
    return score.quantize(Decimal("0.1")), f"{number.normalize():f}/{best.normalize():f}"


def read(data: bytes, context: ReadContext) -> list[ReviewInput]:
    """The review in a saved page (one per page)."""
    page = read_page(data)
    notes = Notes()
    title = title_of(page["title"], notes)
    facts = movie_facts(page["movie"])
    film = FilmFacts(**{"title": title.film, "year": title.year, **facts})
    score, score_display = rating(page["review"])
    written = title.score or page["body"].score
    if score is None and written:
        score, score_display = written_score(written)
        notes.found.append(f"score from the text: {written}")
    body = body_blocks(page["body"], notes, partial(local_image, context))
    published = page["published"]
    if published is None and page["guessed_date"]:
        published = parse_datetime(page["guessed_date"])
        notes.guessed.append(f"published on {page['guessed_date']}: read from the page's text")
    return [
        ReviewInput(
            title=page["title"],
            headline=title.headline,
            score=score,
            score_display=score_display,
            film=film,
            body=body,
            tags=page["tags"] or None,
            critics=page["author"],
            first_published_at=published,
            notes=notes,
        )
    ]


def local_image(context: ReadContext, image):
    """A browser saves a page's images beside it ("Page_files/still.jpg"): use those copies."""
    if re.match(r"[a-z][a-z0-9+.-]*:", image.src, re.I):
        return ImageRef(src=image.src, alt=image.alt, caption=image.caption)
    folder = context.path.parent.resolve()
    file = (folder / unquote(image.src.split("?")[0])).resolve()
    inside = file.is_relative_to(folder) and file.is_file()
    return ImageRef(image.src, file if inside else None, image.alt, image.caption)
