"""Title lines as review sites write them: which part is the film, the year, the headline.

Shapes (the dash may be – — - : or |; "Review" may be "Movie Review" or "Film Review"):

    Film (2023) Review – Headline        Review: Film (2023)           Film (2023) – 6/10
    Film (2023) Review                   Review: Film (2023) – Headline Film (2023) – Headline
    Headline – Film (2023) Review        Review Film (2023): Headline   Film (2023)
    Film Review – Headline               Film Review                    ‘Film’ review: Headline

The year may be in square brackets; quotes around the film's name are dropped. Used by every
reader whose source has a title (text, web page, WordPress post).
"""

import re
from dataclasses import dataclass, field

from .inputs import strip_wrapping_quotes
from .scores import read_score

DASH = r"(?:\s+[-–—|]\s+|\s*[–—|:]\s*|\s*-\s+|\s+-\s*)"
# Between a film and a headline where no year marks the film's end: a colon belongs to names
# such as "Mission: Impossible".
STRICT_DASH = r"(?:\s+[-–—|]\s+|\s*[–—|]\s*)"
_REVIEW = r"(?:(?:movie|film|tv|series)\s+)?review(?:ed)?"
_YEAR = r"[(\[](?P<year>(?:18|19|20|21)[0-9]{2})[)\]]"

_SHAPES = [
    # Film (2023) Review – Headline / Film (2023) Review
    re.compile(
        rf"(?P<film>.+?)\s*{_YEAR}\s*{_REVIEW}(?:{DASH}(?P<headline>.*)|\s+(?P<bare>.+))?", re.I
    ),
    # Review: Film (2023) – Headline / Review Film (2023): Headline
    re.compile(rf"{_REVIEW}(?:{DASH}|\s+)(?P<film>.+?)\s*{_YEAR}(?:{DASH}(?P<headline>.*))?", re.I),
    # Film (2023) – 6/10 / Film (2023) – Headline / Film (2023)
    re.compile(rf"(?P<film>.+?)\s*{_YEAR}(?:{DASH}(?P<headline>.*))?", re.I),
    # Review: Film – Headline / Review: Film
    re.compile(rf"{_REVIEW}{DASH}(?P<film>.+?)(?:{STRICT_DASH}(?P<headline>.*))?", re.I),
    # Film Review – Headline / Film Review
    re.compile(rf"(?P<film>.+?)\s+{_REVIEW}(?:{DASH}(?P<headline>.*))?", re.I),
]
# "Headline – Film Review": only when the words before the dash read as a sentence.
_HEADLINE_FIRST = re.compile(rf"(?P<headline>.+?){STRICT_DASH}(?P<film>.+?)\s+{_REVIEW}", re.I)
# "Film movie review & film summary (2023)": the words before the year are not the film's.
_TRAILING_REVIEW = re.compile(rf"\s+{_REVIEW}(?:\s*(?:&|and)\s*film\s+summary)?$", re.I)
# "Film (2023) | Review": the word after the dash is no headline.
_NOT_HEADLINES = {"review", "movie review", "film review", "a review", "reviewed"}
# Words that are not a film's name when they stand before "Review".
_NOT_FILMS = {"movie", "film", "tv", "our", "my", "the", "a", "full", "new", "latest", "critic"}
_SPACED_DASH = re.compile(r"\s+[-–—|]\s+")
# A page title longer than this is a paragraph (the page's own title field holds 255).
MAX_TITLE = 255
_MARKUP = re.compile(r"^[#*_\s]+|[*_\s]+$")


@dataclass
class Title:
    text: str  # the whole line, whitespace collapsed
    film: str
    year: int | None
    headline: str = ""
    score: str = ""  # a score written in the title ("Film (2023) – 6/10")
    guessed: list[str] = field(default_factory=list)


def parse_title(line: str) -> Title | None:
    """The parts of a review's title line, or None when the line is not one."""
    text = _MARKUP.sub("", " ".join(line.split()))
    if not text or len(text) > MAX_TITLE:
        return None
    match = next((m for shape in _SHAPES if (m := shape.fullmatch(text))), None)
    if match is None:
        return None
    number = next(n for n, shape in enumerate(_SHAPES) if shape is match.re)
    groups = match.groupdict()
    film = strip_wrapping_quotes(_TRAILING_REVIEW.sub("", groups["film"]).strip(" -–—:|"))
    headline = (groups.get("headline") or "").strip()
    if headline.casefold() in _NOT_HEADLINES:
        headline = ""
    title = Title(text, film, int(groups["year"]) if groups.get("year") else None)
    if groups.get("bare"):
        # "Film (2023) Review Headline": a headline without its dash.
        headline = groups["bare"].strip()
        title.guessed.append(f"headline {headline!r}: the title line has no dash before it")
    split = _HEADLINE_FIRST.fullmatch(text) if number == 4 and not headline else None
    if split and _reads_as_headline(split["headline"]):
        film, headline = strip_wrapping_quotes(split["film"]), split["headline"]
        title.guessed.append(f"film {film!r} and headline {headline!r} split at the dash")
    if number == 0 and not headline:
        film, headline = _split_headline_first(film, title)
    if headline and (score := read_score(headline)) and score.value is not None:
        title.score, headline = headline, ""
    title.film, title.headline = film.strip(), strip_wrapping_quotes(headline)
    if not any(char.isalnum() for char in title.film) or title.film.casefold() in _NOT_FILMS:
        return None
    return title


def _split_headline_first(film: str, title: Title) -> tuple[str, str]:
    """'Headline – Film (2023) Review' reads like a film named 'Headline – Film' to the first
    shape; a film's own name rarely holds a spaced dash after a sentence-like phrase."""
    parts = _SPACED_DASH.split(film, maxsplit=1)
    if len(parts) == 2 and _reads_as_headline(parts[0]):
        title.guessed.append(f"film {parts[1]!r} and headline {parts[0]!r} split at the dash")
        return strip_wrapping_quotes(parts[1]), parts[0]
    return film, ""


def _reads_as_headline(text: str) -> bool:
    # Film names such as "Mission: Impossible" are short; headlines are phrases.
    return len(text.split()) >= 4 or text.rstrip().endswith(("!", "?", "."))
