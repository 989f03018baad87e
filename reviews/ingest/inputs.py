"""What every reader produces and the importer stores: one `ReviewInput` per review.

A reader (plain text, JSON, saved web page, WordPress export) turns one file into ReviewInputs
and says, in each one's `notes`, what it had to guess; the importer adds what it found, what is
missing and what conflicted with the database, and the report shows all of it.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from cms.text import strip_control_characters

# Statuses a source can give a review. A draft stays a draft even when the run publishes.
PUBLISHED, DRAFT = "published", "draft"

# Curly and other typographic quotes and apostrophes read as their straight forms when names
# are compared: ‘Kill Boksoon’ and 'Kill Boksoon' are one film.
_QUOTES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "″": '"',
        "«": '"',
        "»": '"',
    }
)
# Quotes that may wrap a whole film title in a title line ("‘Kill Boksoon’ Review").
_WRAPPING_QUOTES = {"'": "'", '"': '"'}


class ReviewFormatError(ValueError):
    """A file cannot be read as reviews. str() is one line: the problem and what to change.

    `line` is the 1-based line of the file at fault, when there is one; the report names it.
    """

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def normalise_name(text: str) -> str:
    """The form names are compared in: Unicode NFKC, straight quotes, case-folded, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.casefold().split())


def strip_wrapping_quotes(title: str) -> str:
    """'‘Kill Boksoon’' → 'Kill Boksoon': quotes around a whole title are punctuation."""
    title = title.strip()
    straight = title.translate(_QUOTES)
    if len(title) > 2 and _WRAPPING_QUOTES.get(straight[0]) == straight[-1]:
        return title[1:-1].strip()
    return title


def strip_fields(obj, *names):
    """As saving would (cms/text.py): the source key and the "unchanged" check then compare
    what the database holds."""
    for name in names:
        setattr(obj, name, strip_control_characters(getattr(obj, name)))


def source_key(film_title: str, year: int | None, headline: str, critic: str = "") -> str:
    """What recognises a review on re-import: film title + year + headline, normalised.

    Without a headline, two critics' reviews of one film would share a key, so the first
    critic's name takes the headline's place.
    """
    parts = (strip_wrapping_quotes(film_title), str(year or ""), headline or critic)
    return "|".join(normalise_name(part) for part in parts)


@dataclass
class FilmFacts:
    """A film as one source describes it. Empty values are unknown, never "erase"."""

    title: str
    year: int | None = None
    original_title: str = ""
    release_date: datetime.date | None = None
    runtime_minutes: int | None = None
    budget_usd: int | None = None
    synopsis: str = ""
    genres: list[str] = field(default_factory=list)
    country: str = ""
    distributor: str = ""
    imdb_id: str = ""
    tmdb_id: str = ""
    wikidata_id: str = ""
    # [{"name", "role" (cast/director/writer), "character"}]; None: the source names no one.
    credits: list[dict] | None = None

    def __post_init__(self):
        strip_fields(self, "title", "original_title", "synopsis", "genres", "country")
        strip_fields(self, "distributor", "imdb_id", "tmdb_id", "wikidata_id", "credits")


@dataclass
class Notes:
    """What a reader or the importer has to tell the person importing, one short line each."""

    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "found": self.found,
            "missing": self.missing,
            "guessed": self.guessed,
            "conflicts": self.conflicts,
        }


@dataclass
class ImageRef:
    """An image a source refers to, before it is in the image library.

    An `image` body block may carry one as its `image` value; the importer stores the file
    when it has it (`path`) and otherwise drops the block and reports the image missing.
    """

    src: str
    path: Path | None = None
    alt: str = ""
    caption: str = ""


@dataclass
class ReviewInput:
    """One review as read from any source, in the terms of the content model."""

    title: str  # the display title, e.g. "Ballerina (2023) Review – Visually Stunning…"
    film: FilmFacts
    headline: str = ""
    score: Decimal | None = None  # 0.0–10.0, one decimal; None: not scored
    score_display: str = ""  # the score as the source wrote it ("★★★½", "B+"), if not N/10
    # StreamField data without block ids: summary, analysis, verdict, pull_quote, image.
    body: list[dict] = field(default_factory=list)
    tags: list[str] | None = None  # None: leave the review's tags alone
    critics: list[str] = field(default_factory=list)  # byline names, in credited order
    first_published_at: datetime.datetime | None = None  # kept when the review is published
    status: str = ""  # PUBLISHED, DRAFT, or "" when the source does not say
    slug: str = ""
    key: str = ""  # a source's own identity (e.g. a WordPress post's guid); default below
    notes: Notes = field(default_factory=Notes)

    def __post_init__(self):
        strip_fields(self, "title", "headline", "score_display", "body", "tags", "critics", "slug")

    @property
    def source_key(self) -> str:
        if self.key:
            return self.key
        critic = self.critics[0] if self.critics else ""
        return source_key(self.film.title, self.film.year, self.headline, critic)


@dataclass
class ReadContext:
    """What a reader may need besides the bytes: where the file is and the run's options."""

    path: Path
    # Readers of multi-review files (WordPress exports) import only posts in these, if given.
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    media_dir: Path | None = None
    # Readers of multi-review files add a line for each item they pass over, for the report.
    skipped: list[str] = field(default_factory=list)
