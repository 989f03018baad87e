"""Read the plain-text review format (DESIGN.md §5) into plain Python values.

Standard library only: the importer decides what to store, this module only reads text.
"""

import codecs
import datetime
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .inputs import ReviewFormatError, source_key

MAX_BYTES = 1_000_000


@dataclass
class ParsedFilm:
    title: str
    year: int | None
    release_date: datetime.date | None
    runtime_minutes: int | None
    budget_usd: int | None
    synopsis: str
    genres: list[str]


@dataclass
class ParsedSection:
    heading: str
    paragraphs: list[str]


@dataclass
class ParsedReview:
    title: str
    headline: str
    score_name: str
    score: Decimal | None
    film: ParsedFilm
    summary: list[str]
    sections: list[ParsedSection]
    verdict: list[str]

    @property
    def source_key(self) -> str:
        return source_key(self.film.title, self.film.year, self.headline)


_NEWLINES = re.compile(r"\r\n?")
# Control characters are invisible in prose and invalid in XML feeds; tab and newline are layout.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Every Unicode space (no-break spaces included), plus zero-width spaces and stray BOMs: a line
# of these shows nothing, so it is blank. str.strip() with a set stays linear on long lines.
_INVISIBLE = "".join(char for char in map(chr, range(0x3001)) if char.isspace()) + "\u200b\ufeff"

_TITLE = re.compile(r"(?P<film>.+?)\s*\((?P<year>[0-9]{4})\)\s*Review\b\s*(?P<rest>.*)", re.I)
_TITLE_DASH = re.compile(r"[–—:-]\s*")
_SCORE_LINE = re.compile(r"(?P<name>[^:]{1,50}?)\s*:\s*(?P<value>.*)")
_SCORE = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)(?:\s*/\s*10)?")

# Case-sensitive on purpose: values run straight into the next label ("ActionDuration:").
_DETAILS_LABEL = re.compile(
    r"(?:(?P<release>Release(?:\s+Date)?)|(?P<genres>Genres?)|(?P<duration>Duration|Runtime)"
    r"|(?P<budget>Budget))\s*:"
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_MINUTES = re.compile(r"(?P<minutes>[0-9]+)\s*(?:m|mins?|minutes?)?\.?", re.I)
_HOURS = re.compile(
    r"(?P<hours>[0-9]+)\s*h(?:ours?|rs?)?\.?\s*(?:(?P<minutes>[0-9]+)\s*(?:m|mins?|minutes?)?\.?)?",
    re.I,
)
_BUDGET = re.compile(r"\$?\s*(?P<amount>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)")

_VERDICT_HEADING = re.compile(
    r"(?:(?:the|our|my|final)\s+)?verdict|(?:final|closing)\s+thoughts|(?:in\s+)?conclusion"
    r"|(?:the\s+)?bottom\s+line",
    re.I,
)
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 12
_SENTENCE_ENDINGS = (".", ",", ";", ":", "…")
# A sentence ending inside quotes or brackets ("… substance.”) is still a sentence.
_CLOSING_MARKS = "\"'”’)]»"


def decode_review_bytes(data: bytes) -> str:
    if not data:
        raise ReviewFormatError("the file is empty")
    if len(data) > MAX_BYTES:
        raise ReviewFormatError(f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReviewFormatError("the file is not UTF-8 (it starts with a UTF-16 byte-order mark)")
    if b"\x00" in data:
        raise ReviewFormatError("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReviewFormatError(
            f"the file is not UTF-8 text (invalid byte at offset {error.start})"
        ) from None
    if len(_CONTROL.findall(text)) * 10 > len(text):
        raise ReviewFormatError("the file is binary, not text")
    return text


def parse_review_bytes(data: bytes) -> ParsedReview:
    return parse_review_text(decode_review_bytes(data))


def parse_review_text(text: str) -> ParsedReview:
    lines = _clean_lines(text)
    if not any(lines):
        raise ReviewFormatError("the file has no text")
    cursor = _Cursor(lines)
    title, film_title, title_year, headline = _parse_title(cursor.next_line())
    score_name, score = _parse_score_line(cursor.next_line())
    details, synopsis = _read_film_header(cursor)
    blocks = _read_blocks(cursor.rest())
    if not blocks:
        raise ReviewFormatError("no review text after the film header")
    summary, sections, verdict = _split_body(blocks)
    film = ParsedFilm(
        title=film_title,
        year=details.release_date.year if details.release_date else title_year,
        release_date=details.release_date,
        runtime_minutes=details.runtime_minutes,
        budget_usd=details.budget_usd,
        synopsis=synopsis,
        genres=details.genres,
    )
    return ParsedReview(
        title=title,
        headline=headline,
        score_name=score_name,
        score=score,
        film=film,
        summary=summary,
        sections=sections,
        verdict=verdict,
    )


def _clean_lines(text: str) -> list[str]:
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text))
    return [line.strip(_INVISIBLE) for line in text.split("\n")]


def _collapse(text: str) -> str:
    return " ".join(text.split())


class _Cursor:
    """Walks the cleaned lines, where a blank line is ""."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.position = 0

    def skip_blank(self) -> None:
        while self.position < len(self.lines) and not self.lines[self.position]:
            self.position += 1

    def peek(self) -> str:
        return self.lines[self.position] if self.position < len(self.lines) else ""

    def take(self) -> str:
        line = self.peek()
        self.position += 1
        return line

    def next_line(self) -> str:
        self.skip_blank()
        return self.take()

    def rest(self) -> list[str]:
        return self.lines[self.position :]


def _parse_title(line: str) -> tuple[str, str, int, str]:
    line = _collapse(line)
    match = _TITLE.fullmatch(line)
    if not match:
        raise ReviewFormatError("no title line: expected '<Film> (<year>) Review – <headline>'")
    dash = _TITLE_DASH.match(match["rest"])
    if match["rest"] and not dash:
        raise ReviewFormatError("the title line needs a dash between 'Review' and the headline")
    headline = _collapse(match["rest"][dash.end() :]) if dash else ""
    if not headline:
        raise ReviewFormatError("the title line has no headline after 'Review –'")
    return line, match["film"], int(match["year"]), headline


def _parse_score_line(line: str) -> tuple[str, Decimal | None]:
    match = _SCORE_LINE.fullmatch(line)
    if not match or _DETAILS_LABEL.match(line):
        raise ReviewFormatError("no score line: expected '<Score name>: <score>' after the title")
    return _collapse(match["name"]), _parse_score(match["value"])


def _parse_score(value: str) -> Decimal | None:
    if not value:
        return None
    match = _SCORE.fullmatch(value)
    if not match:
        raise ReviewFormatError(f"score '{_shorten(value)}' is not a number from 0 to 10")
    number = Decimal(match["number"])
    if number > 10:
        raise ReviewFormatError(f"score {match['number']} is out of range 0–10")
    return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class _FilmDetails(NamedTuple):
    release_date: datetime.date | None
    genres: list[str]
    runtime_minutes: int | None
    budget_usd: int | None


def _read_film_header(cursor: _Cursor) -> tuple[_FilmDetails, str]:
    header = _read_details_and_logline(cursor)
    # Copying from the review site sometimes repeats the details and logline; the copies must agree.
    cursor.skip_blank()
    while _DETAILS_LABEL.match(cursor.peek()):
        if not _same_header(_read_details_and_logline(cursor), header):
            raise ReviewFormatError("the duplicated film header differs between its two copies")
        cursor.skip_blank()
    return header


def _same_header(first: tuple[_FilmDetails, str], second: tuple[_FilmDetails, str]) -> bool:
    return first[0] == second[0] and _collapse(first[1]) == _collapse(second[1])


def _read_details_and_logline(cursor: _Cursor) -> tuple[_FilmDetails, str]:
    cursor.skip_blank()
    details_lines = []
    while _DETAILS_LABEL.match(cursor.peek()):
        details_lines.append(cursor.take())
    if not details_lines:
        raise ReviewFormatError(
            "no film details line: expected 'Release: …Genre: …Duration: …Budget: …'"
            " after the score"
        )
    cursor.skip_blank()
    logline = []
    while cursor.peek() and not _DETAILS_LABEL.match(cursor.peek()):
        logline.append(cursor.take())
    return _parse_details(" ".join(details_lines)), " ".join(logline)


def _parse_details(text: str) -> _FilmDetails:
    values: dict[str, str] = {}
    labels = list(_DETAILS_LABEL.finditer(text))
    for label, next_label in zip(labels, [*labels[1:], None], strict=True):
        if label.lastgroup in values:
            raise ReviewFormatError(f"the film details give '{label[0]}' twice")
        end = next_label.start() if next_label else len(text)
        values[label.lastgroup] = text[label.end() : end].strip()
    return _FilmDetails(
        release_date=_parse_release(values.get("release", "")),
        genres=_parse_genres(values.get("genres", "")),
        runtime_minutes=_parse_duration(values.get("duration", "")),
        budget_usd=_parse_budget(values.get("budget", "")),
    )


def _parse_release(value: str) -> datetime.date | None:
    if not value:
        return None
    match = _DATE.fullmatch(value)
    if not match:
        raise ReviewFormatError(f"release date '{_shorten(value)}' is not in YYYY-MM-DD form")
    try:
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ReviewFormatError(f"impossible release date {value}") from None


def _parse_genres(value: str) -> list[str]:
    genres: dict[str, str] = {}
    for name in (_collapse(part) for part in value.split(",")):
        if name:
            genres.setdefault(name.casefold(), name)
    return list(genres.values())


def _parse_duration(value: str) -> int | None:
    if not value:
        return None
    if match := _MINUTES.fullmatch(value):
        minutes = int(match["minutes"])
    elif match := _HOURS.fullmatch(value):
        minutes = int(match["hours"]) * 60 + int(match["minutes"] or 0)
    else:
        raise ReviewFormatError(f"duration '{_shorten(value)}' is not 'N mins' or 'Nh Mm'")
    # Like "$ 0", a zero running time is a placeholder for "unknown".
    return minutes or None


def _parse_budget(value: str) -> int | None:
    if not value:
        return None
    match = _BUDGET.fullmatch(value)
    if not match:
        raise ReviewFormatError(
            f"budget '{_shorten(value)}' is not a dollar amount like '$ 11,400,000'"
        )
    # The source writes "$ 0" when the budget is unknown.
    return int(match["amount"].replace(",", "")) or None


@dataclass
class _Block:
    """A paragraph of the body, with the number of blank lines above it."""

    lines: list[str]
    blank_lines_before: int
    is_heading: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def _read_blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    blank_lines = 0
    for line in lines:
        if not line:
            blank_lines += 1
        elif blank_lines or not blocks:
            blocks.append(_Block([line], blank_lines))
            blank_lines = 0
        else:
            blocks[-1].lines.append(line)
    return blocks


def _split_body(blocks: list[_Block]) -> tuple[list[str], list[ParsedSection], list[str]]:
    _mark_headings(blocks)
    start = _verdict_start(blocks)
    verdict = [block.text for block in blocks[start:] if not block.is_heading]
    summary: list[str] = []
    sections: list[ParsedSection] = []
    for block in blocks[:start]:
        if block.is_heading:
            sections.append(ParsedSection(heading=block.text, paragraphs=[]))
        elif sections:
            sections[-1].paragraphs.append(block.text)
        else:
            summary.append(block.text)
    return summary, sections, verdict


def _mark_headings(blocks: list[_Block]) -> None:
    index = 0
    while index < len(blocks) - 1:
        if _looks_like_heading(blocks[index]):
            blocks[index].is_heading = True
            # Whatever follows a heading is its paragraph, even a short line that looks like one.
            index += 2
        else:
            index += 1


def _looks_like_heading(block: _Block) -> bool:
    text = block.text
    return (
        len(block.lines) == 1
        and len(text) <= _HEADING_MAX_CHARS
        and len(text.split()) <= _HEADING_MAX_WORDS
        and not text.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_ENDINGS)
        # Scene-break lines such as "* * *" are decoration, not headings.
        and any(char.isalpha() for char in text)
    )


def _verdict_start(blocks: list[_Block]) -> int:
    """Index of the first verdict block; a heading there is the verdict's own and is dropped."""
    headings = [index for index, block in enumerate(blocks) if block.is_heading]
    last_heading = headings[-1] if headings else 0
    if headings and _VERDICT_HEADING.fullmatch(blocks[last_heading].text.rstrip("!?")):
        return last_heading
    start = len(blocks) - 1
    # The gap above the first block belongs to the header, and a gap above a later heading
    # separates sections rather than opening the verdict.
    for index in range(len(blocks) - 1, max(last_heading, 1) - 1, -1):
        if blocks[index].blank_lines_before >= 2:
            start = index
            break
    # A heading left without paragraphs is the verdict's heading.
    if start > 0 and blocks[start - 1].is_heading:
        start -= 1
    return start


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
