"""Labelled film facts ("Release Date: October 6, 2023", "Runtime: 1h 58m", "Starring: …").

A facts line starts with a known label; several facts may run together on one line, glued
("Release: 2023-10-05Genre: Action") or separated ("Director: X | Runtime: 98 min"). Values that
cannot be read are reported, not guessed.
"""

import datetime
import re
from dataclasses import dataclass, field

from .inputs import ReviewFormatError

# Each fact and the labels sites use for it (matched case-insensitively at the start of a line).
LABELS = {
    "release": (
        "release date",
        "released",
        "release",
        "premiere date",
        "premiered",
        "premiere",
        "in cinemas",
        "in theaters",
        "in theatres",
        "opening date",
    ),
    "year": ("year",),
    "genres": ("genres", "genre"),
    "runtime": ("running time", "run time", "runtime", "duration", "length"),
    "budget": ("budget",),
    "director": ("directors", "director", "directed by"),
    "writer": ("writers", "writer", "written by", "screenplay by", "screenplay", "screenwriters"),
    "cast": ("starring", "main cast", "cast", "stars", "featuring", "actors", "with"),
    "country": ("countries", "country of origin", "country"),
    "distributor": (
        "distributor",
        "distributed by",
        "studio",
        "streaming on",
        "where to watch",
        "available on",
        "platform",
        "network",
    ),
    "original_title": ("original title", "korean title", "native title"),
    # Scores among the facts ("Genre: DramaRating: 4/5"); the parser reads them.
    "score": (
        "rating",
        "our rating",
        "my rating",
        "overall rating",
        "final rating",
        "score",
        "our score",
        "final score",
        "overall score",
        "grade",
        "final grade",
    ),
    # Read so that they stay out of the review text; the model has no field for them.
    "ignored": (
        "language",
        "languages",
        "rated",
        "certificate",
        "certification",
        "age rating",
        "mpaa rating",
        "mpaa",
        "producers",
        "producer",
        "produced by",
        "music by",
        "music",
        "composer",
        "cinematography",
        "cinematographer",
        "director of photography",
        "editor",
        "edited by",
        "production company",
        "production companies",
        "box office",
        "based on",
        "also known as",
        "aka",
    ),
}
# Labels a person writes without a colon: "Directed by Maren Holt".
_NO_COLON = ("directed by", "written by", "starring", "screenplay by", "produced by", "music by")
_BY_LABEL = {label: kind for kind, labels in LABELS.items() for label in labels}
_ORDERED = sorted(_BY_LABEL, key=len, reverse=True)
_LINE_START = re.compile(
    r"[-•*·\s]*(?P<label>"
    + "|".join(re.escape(label) for label in _ORDERED)
    + r")\b\s*(?P<colon>(?:\([^)]{1,20}\))?\s*[:：])?\s*",
    re.I,
)
# Inside a line, a further label starts with a capital ("ActionDuration:") and has a colon.
_GLUED = re.compile(
    r"(?<![A-Z])(?P<label>"
    + "|".join(
        re.escape(label[0].upper() + label[1:]) + "|" + re.escape(label.title())
        for label in _ORDERED
        if label not in ("with", "stars", "music", "length", "year", "released")
    )
    + r")\s*:"
)
_SEPARATORS = " |·•/;,–—-*_"
MAX_VALUE = 600

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:18|19|20|21)[0-9]{2})"
_DATES = [
    re.compile(rf"\b{_YEAR}[-/.](?P<month>[0-9]{{1,2}})[-/.]{_DAY}\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}[/.](?P<month>[0-9]{{1,2}})[/.]{_YEAR}\b"),
]
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", re.I)
_YEAR_ONLY = re.compile(rf"\b{_YEAR}\b")
_HOURS = re.compile(
    r"(?P<hours>[0-9]+)\s*(?:hours?|hrs?|h)\.?,?\s*(?:and\s+)?"
    r"(?:(?P<minutes>[0-9]+)\s*(?:minutes?|mins?|m)?\.?)?",
    re.I,
)
_CLOCK = re.compile(r"\b(?P<hours>[0-9]):(?P<minutes>[0-5][0-9])\b")
_MINUTES = re.compile(r"(?P<minutes>[0-9]+)\s*(?:minutes?|mins?|m)?\.?", re.I)
_BUDGET = re.compile(
    r"(?:US\s*)?\$\s*(?P<amount>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:\.[0-9]+)?)"
    r"\s*(?P<unit>million|mil|m|billion|bn|b)?\b",
    re.I,
)
_OTHER_CURRENCY = re.compile(r"[€£¥₩]|\b(?:EUR|GBP|KRW|JPY|INR|won|yen|euros?|pounds?)\b", re.I)
_UNKNOWN = re.compile(
    r"(?:n/?a|unknown|not (?:known|disclosed|available)|tba|tbd|[-–—?]*|\$\s*0)", re.I
)
_AS_CHARACTER = re.compile(r"(?P<name>.+?)\s+(?:as\s+(?P<as>.+)|\((?P<paren>[^)]+)\))$")
_PEOPLE_SPLIT = re.compile(r"\s*(?:,|;|/|&|\band\b|\|)\s*")
_STREAMERS = re.compile(
    r"\b(Netflix|Prime Video|Amazon Prime|Disney\+|Apple TV\+|HBO Max|Max|Hulu|Paramount\+"
    r"|Peacock|MUBI|Shudder|Tving|Coupang Play|Wavve)\b",
    re.I,
)


@dataclass
class Facts:
    """What the labelled lines say; `problems` are values that could not be read."""

    release_date: datetime.date | None = None
    year: int | None = None
    genres: list[str] = field(default_factory=list)
    runtime_minutes: int | None = None
    budget_usd: int | None = None
    country: str = ""
    distributor: str = ""
    original_title: str = ""
    credits: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


def facts_label(line: str):
    """The match of a facts label at the start of the line, or None."""
    match = _LINE_START.match(line)
    if not match or match.end() == len(line) and not match["colon"]:
        return None
    if match["colon"]:
        return match
    # "Directed by Maren Holt" is a label without a colon; "Starring in her first lead role,
    # Jeon …" is a sentence.
    short_line = len(line) <= 150 and not line.rstrip().endswith(".")
    return match if match["label"].casefold() in _NO_COLON and short_line else None


def split_facts(line: str) -> list[tuple[str, str]]:
    """(kind, value) pairs of a facts line; [] when the line does not start with a label."""
    first = facts_label(line)
    if first is None:
        return []
    pairs = []
    label, start = first["label"], first.end()
    for glued in _GLUED.finditer(line, start):
        pairs.append((label, line[start : glued.start()]))
        label, start = glued["label"], glued.end()
    pairs.append((label, line[start:]))
    return [
        (_BY_LABEL[label.casefold()], value.strip(_SEPARATORS + "\t")) for label, value in pairs
    ]


def read_facts(pairs: list[tuple[str, str, int]], facts: Facts | None = None) -> Facts:
    """Facts from (kind, value, line number) pairs; a later value for a fact is ignored."""
    facts = facts or Facts()
    seen = set(facts.labels)
    for kind, value, line in pairs:
        if kind in ("ignored", "score") or not value or kind in seen:
            continue
        seen.add(kind)
        facts.labels.append(kind)
        value = value[:MAX_VALUE]
        READERS[kind](facts, value, line)
    return facts


def _release(facts: Facts, value: str, line: int) -> None:
    date = parse_date(value, line)
    if date:
        facts.release_date = date
    elif match := (_MONTH_YEAR.search(value) or _YEAR_ONLY.search(value)):
        facts.year = facts.year or int(match["year"])
        facts.guessed.append(f"year {match['year']} from the release line {value!r}")
    else:
        facts.problems.append(f"release date {value!r} not understood")
    if not facts.distributor and (streamer := _STREAMERS.search(value)):
        facts.distributor = streamer[1]


def parse_date(value: str, line: int | None = None) -> datetime.date | None:
    for pattern in _DATES:
        if match := pattern.search(value):
            month = match["month"]
            month = MONTHS[month.casefold()] if month.isalpha() else int(month)
            try:
                return datetime.date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                raise ReviewFormatError(
                    f"impossible release date {match[0]}: correct the date", line
                ) from None
    return None


def _year(facts: Facts, value: str, line: int) -> None:
    if match := _YEAR_ONLY.search(value):
        facts.year = int(match["year"])


def _genres(facts: Facts, value: str, line: int) -> None:
    facts.genres = split_genres(value)


def split_genres(value: str) -> list[str]:
    genres: dict[str, str] = {}
    # "Action & Adventure" is one genre (TMDB's name); commas, slashes and bars separate.
    for name in re.split(r"\s*[,/|;•·]\s*", value):
        name = " ".join(name.split()).strip(".")
        if name and len(name) <= 100:
            genres.setdefault(name.casefold(), name)
    return list(genres.values())


def _runtime(facts: Facts, value: str, line: int) -> None:
    minutes = parse_runtime(value)
    if minutes is None:
        facts.problems.append(f"runtime {value!r} not understood")
    else:
        facts.runtime_minutes = minutes or None


def parse_runtime(value: str) -> int | None:
    """Minutes from '93 mins', '1h 33m', '1 hr 33 min', '2 hours', '1:33'; 0 means unknown."""
    value = value.strip()
    if match := (_HOURS.match(value) or _CLOCK.search(value)):
        return int(match["hours"]) * 60 + int(match["minutes"] or 0)
    if match := _MINUTES.match(value):
        return int(match["minutes"])
    return None


def _budget(facts: Facts, value: str, line: int) -> None:
    if _UNKNOWN.fullmatch(value.strip()):
        return
    budget = parse_budget(value)
    if budget is None:
        reason = "not in US dollars" if _OTHER_CURRENCY.search(value) else "not understood"
        facts.problems.append(f"budget {value!r} {reason}")
    else:
        facts.budget_usd = budget or None


def parse_budget(value: str) -> int | None:
    """Dollars from '$ 11,400,000', '$11.4 million', '$200M'; 0 means unknown."""
    match = _BUDGET.search(value)
    if not match:
        return None
    amount = float(match["amount"].replace(",", ""))
    unit = (match["unit"] or "").casefold()
    if unit in ("million", "mil", "m"):
        amount *= 1_000_000
    elif unit in ("billion", "bn", "b"):
        amount *= 1_000_000_000
    return round(amount)


def _people(role):
    def read(facts: Facts, value: str, line: int) -> None:
        for part in _PEOPLE_SPLIT.split(value):
            part = part.strip(" .…").removesuffix("etc").strip(" .…")
            if not part or len(part) > 200 or len(part.split()) > 8:
                continue
            name, character = part, ""
            if role == "cast" and (match := _AS_CHARACTER.fullmatch(part)):
                name, character = match["name"], match["as"] or match["paren"]
            facts.credits.append({"name": name, "role": role, "character": character})

    return read


def _text(name):
    def read(facts: Facts, value: str, line: int) -> None:
        setattr(facts, name, value[:100] if name != "original_title" else value[:255])

    return read


READERS = {
    "release": _release,
    "year": _year,
    "genres": _genres,
    "runtime": _runtime,
    "budget": _budget,
    "director": _people("director"),
    "writer": _people("writer"),
    "cast": _people("cast"),
    "country": _text("country"),
    "distributor": _text("distributor"),
    "original_title": _text("original_title"),
}
