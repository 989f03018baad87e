"""Read a review copied as plain text from a web page into plain Python values.

Two families of shapes (docs/import-format.md describes both):

- the **seed** shape of the old review site (DESIGN.md §5): `Film (2023) Review – Headline`, a
  score line, a details line, the logline, then the body, where a gap of two blank lines opens
  the verdict. Read exactly by its grammar.
- **copied pages** from other sites: page chrome above the title, a title line in any of the
  shapes `titles` knows, a byline, labelled facts and scores anywhere, labelled paragraphs
  (`Plot:`, `Review:`, `Verdict:`), headings that may end in `:`, page furniture to drop. Here a
  blank-line gap means nothing; the verdict comes from a verdict heading or label, else it is
  guessed (and the guess reported).

Django-free: the text reader (`text.py`) turns the result into a `ReviewInput`.
"""

import codecs
import datetime
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from . import chrome
from .facts import Facts, facts_label, read_facts, split_facts
from .inputs import ReviewFormatError, source_key, strip_wrapping_quotes
from .scores import NOT_SCORED, parse_score, read_score
from .titles import Title, parse_title

MAX_BYTES = 1_000_000
TITLE_HINT = (
    "write the review's title as the first line, e.g. 'Film (2023) Review – Headline',"
    " 'Review: Film (2023)' or 'Film Review'"
)


@dataclass
class ParsedFilm:
    title: str
    year: int | None
    release_date: datetime.date | None
    runtime_minutes: int | None
    budget_usd: int | None
    synopsis: str
    genres: list[str]
    credits: list[dict] = field(default_factory=list)
    country: str = ""
    distributor: str = ""
    original_title: str = ""


@dataclass
class ParsedSection:
    heading: str
    paragraphs: list  # each a str, or a list of str for a bulleted list


@dataclass
class ParsedReview:
    title: str
    headline: str
    score_name: str
    score: Decimal | None
    film: ParsedFilm
    summary: list
    sections: list[ParsedSection]
    verdict: list
    score_display: str = ""
    critics: list[str] = field(default_factory=list)
    published: datetime.date | None = None
    tags: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # values that could not be read

    @property
    def source_key(self) -> str:
        critic = self.critics[0] if self.critics else ""
        return source_key(self.film.title, self.film.year, self.headline, critic)


_NEWLINES = re.compile(r"\r\n?")
# Control characters are invisible in prose and invalid in XML feeds; tab and newline are layout.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Every Unicode space (no-break spaces included), plus zero-width spaces and stray BOMs: a line
# of these shows nothing, so it is blank. str.strip() with a set stays linear on long lines.
_INVISIBLE = "".join(char for char in map(chr, range(0x3001)) if char.isspace()) + "\u200b\ufeff"

# The seed shape's title: a headline after a dash is required there.
_SEED_TITLE = re.compile(r"(?P<film>.+?)\s*\((?P<year>[0-9]{4})\)\s*Review\b\s*(?P<rest>.*)", re.I)
_SEED_DASH = re.compile(r"[–—:-]\s*")
_SEED_FACTS = {"release", "genres", "runtime", "budget"}
_SEED_LABELS = re.compile(r"(?:Release(?:\s+Date)?|Genres?|Duration|Runtime|Budget)\s*:")
_SCORE_LINE = re.compile(r"(?P<name>[^:]{1,50}?)\s*:\s*(?P<value>.*)")
# A score line of a copied page: "Rating: 4/5", "Our verdict: ★★★★", "Movie Bunker Score: 7".
_SCORE_LABEL = re.compile(
    r"(?P<name>(?:[\w'’ ]{0,40}\s)?(?:score|rating|grade|stars|marks?|verdict))\s*[:：]\s*"
    r"(?P<value>.*)",
    re.I,
)
_CERTIFICATE = re.compile(r"(?:rated\s+)?(?:G|PG|PG-13|R|NC-17|U|12A?|15|18|TV-\w+|M|MA15\+)\b.*")
_LABELLED = re.compile(r"(?P<label>[\w'’ ]{2,30}?)\s*[:：]\s+(?P<text>\S.*)")
SYNOPSIS_LABELS = {
    "plot",
    "the plot",
    "synopsis",
    "logline",
    "premise",
    "story",
    "the story",
    "storyline",
    "plot summary",
    "what it s about",
    "what s it about",
}
# Sections whose first paragraph may serve as the film's synopsis when nothing else does.
SYNOPSIS_HEADINGS = {"plot", "the plot", "synopsis", "plot summary", "premise", "storyline"}
REVIEW_LABELS = {"review", "our review", "the review", "my review", "full review"}
_VERDICT_NAMES = (
    r"(?:(?:the|our|my|final|short|critic'?s)\s+)*verdict|(?:final|closing|last|overall)\s+"
    r"(?:thoughts?|talk|words?|say|take|analysis|assessment|review)|(?:in\s+)?conclusions?"
    r"|(?:the\s+)?bottom\s+line|overall|in\s+the\s+end|all\s+in\s+all|in\s+short|in\s+summary"
    r"|to\s+sum\s+up|summing\s+up|wrap[\s-]?up|the\s+final\s+word|tl;?\s*dr|should\s+you\s+watch"
    r"(?:\s+it)?|so,?\s+should\s+you\s+watch(?:\s+it)?|is\s+it\s+worth\s+(?:it|watching)"
    r"|worth\s+watching|final\s+rating|final\s+score"
    r"|is\s+.{1,40}?\s+worth\s+(?:it|watching|a\s+watch|your\s+time|seeing)"
    r"|should\s+you\s+(?:watch|see|stream)\b.*"
)
_VERDICT_HEADING = re.compile(rf"(?:{_VERDICT_NAMES})\s*[?!.:]*(?:\s*[-–—:]\s*.*)?", re.I)


def is_verdict_heading(text: str) -> bool:
    """A heading that names a review's verdict ("Verdict", "Final Thoughts", "Overall"…)."""
    return bool(_VERDICT_HEADING.fullmatch(text.strip()))


# The seed's own verdict headings (DESIGN.md §5), read exactly as before.
_SEED_VERDICT_HEADING = re.compile(
    r"(?:(?:the|our|my|final)\s+)?verdict|(?:final|closing)\s+thoughts|(?:in\s+)?conclusion"
    r"|(?:the\s+)?bottom\s+line",
    re.I,
)
# A closing paragraph often opens with one of these.
_VERDICT_OPENING = re.compile(
    r"(?P<phrase>overall|in\s+the\s+end|all\s+in\s+all|ultimately|in\s+conclusion|to\s+sum\s+up"
    r"|in\s+summary|all\s+told|on\s+the\s+whole|at\s+the\s+end\s+of\s+the\s+day|in\s+short"
    r"|to\s+conclude|final\s+verdict|bottom\s+line|the\s+bottom\s+line\s+is)\b",
    re.I,
)
_BULLET = re.compile(r"(?:[-•*·–▪◦]|[0-9]{1,2}[.)])\s+(?P<item>\S.*)")
_MARKDOWN = re.compile(r"^(?:#{1,6}\s*|\*\*|__)|(?:\*\*|__)$")
_TAGS = re.compile(r"tags?\s*[:：]\s*(?P<tags>.+)", re.I)
_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 12
_COLON_HEADING_MAX_WORDS = 6
_SENTENCE_ENDINGS = (".", ",", ";", ":", "…")
# A sentence ending inside quotes or brackets ("… substance.”) is still a sentence.
_CLOSING_MARKS = "\"'”’)]»"
# A bare first line longer than this is a sentence, not a film's name.
_FILM_NAME_MAX_WORDS = 6
# How far into a copied page the title may be.
_TITLE_SEARCH_LINES = 40
# taggit's Tag.name holds 100 characters.
_TAG_MAX = 100
# Longer lines naming the film are sentences of the review, not captions.
_CAPTION_MAX_WORDS = 15
# A byline or dateline inside a paragraph is a line of its own, and short.
_SHORT_LINE = 60
# A sentence at least this long (or two sentences) ends a list of links after "More like this".
_PROSE_CHARS = 60


def decode_review_bytes(data: bytes) -> str:
    if not data:
        raise ReviewFormatError("the file is empty")
    if len(data) > MAX_BYTES:
        raise ReviewFormatError(f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,}")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReviewFormatError(
            "the file is not UTF-8 (it starts with a UTF-16 byte-order mark): save it as UTF-8"
        )
    if b"\x00" in data:
        raise ReviewFormatError("the file is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ReviewFormatError(
            f"the file is not UTF-8 text (invalid byte at offset {error.start}): save it as UTF-8",
            line,
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
    if _is_seed_shape(lines):
        return _parse_seed(lines)
    return _Page(lines).parse()


def _clean_lines(text: str) -> list[str]:
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text))
    return [line.strip(_INVISIBLE) for line in text.split("\n")]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# The seed shape


def _is_seed_shape(lines: list[str]) -> bool:
    """Title with a headline, then (after an optional score line) the seed's details: release,
    genres, duration and budget only (a copied page names directors, cast…)."""
    first = [line for line in lines if line][:3]
    match = _SEED_TITLE.fullmatch(_collapse(first[0]))
    if not match or not _SEED_DASH.match(match["rest"]):
        return False
    following = first[1:]
    if following and _SCORE_LINE.fullmatch(following[0]) and not _is_details(following[0]):
        following = following[1:]
    if not following or not _SEED_LABELS.match(following[0]):
        return False
    start = lines.index(following[0])
    details = itertools.takewhile(_is_details, lines[start:])
    return all(kind in _SEED_FACTS for line in details for kind, _ in split_facts(line))


def _is_details(line: str) -> bool:
    """A line of film facts (a score line, "Our Score: 7", is not one)."""
    pairs = split_facts(line)
    return bool(pairs) and pairs[0][0] != "score"


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

    @property
    def line_number(self) -> int:
        return self.position + 1

    def rest(self) -> list[str]:
        return self.lines[self.position :]


def _parse_seed(lines: list[str]) -> ParsedReview:
    cursor = _Cursor(lines)
    title = _collapse(cursor.next_line())
    match = _SEED_TITLE.fullmatch(title)
    headline = _collapse(match["rest"][_SEED_DASH.match(match["rest"]).end() :])
    score_name, score, display = "", None, ""
    cursor.skip_blank()
    if not _is_details(cursor.peek()):
        number = cursor.line_number
        score_line = _SCORE_LINE.fullmatch(cursor.take())
        score_name = _collapse(score_line["name"])
        score, display = parse_score(score_line["value"], line=number)
    facts, synopsis = _read_film_header(cursor)
    blocks = _read_blocks(cursor.rest())
    if not blocks:
        raise ReviewFormatError(
            "no review text after the film header: add the review's paragraphs", len(lines)
        )
    summary, sections, verdict = _split_seed_body(blocks)
    review = ParsedReview(
        title=title,
        headline=headline,
        score_name=score_name,
        score=score,
        score_display=display,
        film=_film(match["film"], int(match["year"]), facts, synopsis),
        summary=summary,
        sections=sections,
        verdict=verdict,
    )
    review.problems.extend(facts.problems)
    return review


def _film(title: str, title_year: int | None, facts: Facts, synopsis: str) -> ParsedFilm:
    release = facts.release_date
    return ParsedFilm(
        title=title,
        year=release.year if release else title_year or facts.year,
        release_date=release,
        runtime_minutes=facts.runtime_minutes,
        budget_usd=facts.budget_usd,
        synopsis=synopsis,
        genres=facts.genres,
        credits=facts.credits,
        country=facts.country,
        distributor=facts.distributor,
        original_title=facts.original_title,
    )


def _read_film_header(cursor: _Cursor) -> tuple[Facts, str]:
    header = _read_details_and_logline(cursor)
    # Copying from the review site sometimes repeats the details and logline; the copies must agree.
    cursor.skip_blank()
    while _is_details(cursor.peek()):
        number = cursor.line_number
        if not _same_header(_read_details_and_logline(cursor), header):
            raise ReviewFormatError(
                "the duplicated film header differs between its two copies: keep one copy",
                number,
            )
        cursor.skip_blank()
    return header


def _same_header(first: tuple[Facts, str], second: tuple[Facts, str]) -> bool:
    return first[0] == second[0] and _collapse(first[1]) == _collapse(second[1])


def _read_details_and_logline(cursor: _Cursor) -> tuple[Facts, str]:
    cursor.skip_blank()
    pairs = []
    while _is_details(cursor.peek()):
        number = cursor.line_number
        pairs.extend((kind, value, number) for kind, value in split_facts(cursor.take()))
    cursor.skip_blank()
    logline = []
    while cursor.peek() and not _is_details(cursor.peek()):
        logline.append(cursor.take())
    return read_facts(pairs), " ".join(logline)


@dataclass
class _Block:
    """A paragraph of the body, with the number of blank lines above it."""

    lines: list[str]
    blank_lines_before: int = 0
    is_heading: bool = False
    line_number: int = 0
    lists: bool = False  # read "- item" lines as a list (not in the seed shape)
    never_heading: bool = False  # a labelled paragraph ("Verdict: Worth it") is text

    @property
    def text(self):
        """The paragraph's text, or its items when every line is a bulleted item."""
        items = [_BULLET.fullmatch(line) for line in self.lines] if self.lists else [None]
        if all(items) and len(self.lines) > 1:
            return [item["item"] for item in items]
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


def _split_seed_body(blocks: list[_Block]) -> tuple[list, list[ParsedSection], list]:
    _mark_headings(blocks, _looks_like_heading)
    start = _seed_verdict_start(blocks)
    return (*_summary_and_sections(blocks[:start]), _texts(blocks[start:]))


def _texts(blocks: list[_Block]) -> list:
    return [block.text for block in blocks if not block.is_heading]


def _summary_and_sections(blocks: list[_Block]) -> tuple[list, list[ParsedSection]]:
    summary: list = []
    sections: list[ParsedSection] = []
    for block in blocks:
        if block.is_heading:
            sections.append(ParsedSection(heading=block.text, paragraphs=[]))
        elif sections:
            sections[-1].paragraphs.append(block.text)
        else:
            summary.append(block.text)
    return summary, sections


def _mark_headings(blocks: list[_Block], looks_like_heading) -> None:
    index = 0
    while index < len(blocks) - 1:
        if not blocks[index].never_heading and looks_like_heading(blocks[index]):
            blocks[index].is_heading = True
            # Whatever follows a heading is its paragraph, even a short line that looks like one.
            index += 2
        else:
            index += 1


def _looks_like_heading(block: _Block) -> bool:
    text = " ".join(block.lines)
    return (
        len(block.lines) == 1
        and len(text) <= _HEADING_MAX_CHARS
        and len(text.split()) <= _HEADING_MAX_WORDS
        and not text.rstrip(_CLOSING_MARKS).endswith(_SENTENCE_ENDINGS)
        # Scene-break lines such as "* * *" are decoration, not headings.
        and any(char.isalpha() for char in text)
    )


def _seed_verdict_start(blocks: list[_Block]) -> int:
    """Index of the first verdict block; a heading there is the verdict's own and is dropped."""
    headings = [index for index, block in enumerate(blocks) if block.is_heading]
    last_heading = headings[-1] if headings else 0
    if headings and _SEED_VERDICT_HEADING.fullmatch(blocks[last_heading].text.rstrip("!?")):
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


# Copied pages


def _copied_heading(block: _Block) -> bool:
    """The seed's heading rule, plus headings that end in a colon ("What Works:")."""
    if _looks_like_heading(block):
        return True
    text = " ".join(block.lines)
    return (
        len(block.lines) == 1
        and text.endswith(":")
        and len(text) <= _HEADING_MAX_CHARS
        and (
            len(text.split()) <= _COLON_HEADING_MAX_WORDS
            or all(word[0].isupper() for word in text.split() if len(word) > 3)
        )
    )


class _Page:
    """One pass over a copied page: chrome, title, facts and scores out; paragraphs kept."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.facts_pairs: list[tuple[str, str, int]] = []
        self.score = None
        self.score_name = ""
        self.score_line = 0
        self.critics: list[str] = []
        self.published: datetime.date | None = None
        self.tags: list[str] = []
        self.synopsis = ""
        self.guessed: list[str] = []
        self.problems: list[str] = []
        self.verdict_label_at: int | None = None

    def parse(self) -> ParsedReview:
        title_index, title = self._find_title()
        self.title_keys = {chrome.key(title.text), chrome.key(title.film)}
        # An image caption names people "in" the film: "Jeon Jong-seo in Ballerina (2023)".
        self.caption = re.compile(
            rf"[^.!?]{{1,150}}\s(?:in|from|on the set of)\s+['‘\"“]?{re.escape(title.film)}\b"
            r"[^.!?]{0,60}",
            re.I,
        )
        blocks = _split_list_headings(self._body_blocks(title_index + 1))
        facts = read_facts(self.facts_pairs)
        self.problems.extend(facts.problems)
        self.guessed.extend(facts.guessed)
        if not blocks:
            raise ReviewFormatError(
                "no review text after the title: add the review's paragraphs", title_index + 1
            )
        summary, sections, verdict = self._split_body(blocks)
        synopsis = self.synopsis or self._synopsis_from(sections)
        film = _film(title.film, title.year, facts, synopsis)
        if title.year and facts.release_date and facts.release_date.year != title.year:
            self.guessed.append(
                f"year {facts.release_date.year} from the release date (the title says"
                f" {title.year})"
            )
        score, display = self.score or (None, "")
        if title.score and self.score is None:
            score, display = parse_score(title.score, line=title_index + 1)
        review = ParsedReview(
            title=title.text,
            headline=title.headline,
            score_name=self.score_name,
            score=score,
            score_display=display,
            film=film,
            summary=summary,
            sections=sections,
            verdict=verdict,
            critics=self.critics,
            published=self.published,
            tags=self.tags,
            guessed=[*title.guessed, *self.guessed],
            problems=self.problems,
        )
        return review

    # The title and what sits above it

    def _find_title(self):
        chrome_lines = 0
        for index, line in enumerate(self.lines[: _TITLE_SEARCH_LINES * 3]):
            if not line or self._header_line(line, index):
                chrome_lines += bool(line)
                continue
            if title := parse_title(line):
                if chrome_lines:
                    self.guessed.append(
                        f"skipped {chrome_lines} line{'s' if chrome_lines > 1 else ''} of page"
                        " chrome above the title"
                    )
                return index, title
            if chrome.is_furniture(line) or self._short_chrome(line, index):
                chrome_lines += 1
                continue
            if self._names_a_film(line, index):
                self.guessed.append(f"film {line!r}: the first line (no usual title shape)")
                return index, Title(line, strip_wrapping_quotes(line), None)
            break
        raise ReviewFormatError(f"no title line: {TITLE_HINT}", self._first_text_line())

    def _names_a_film(self, line: str, index: int) -> bool:
        """A bare first line ("Harbour Lights") is the film's name when film facts or a score
        follow it: the text is a review even without a title shape."""
        if len(line.split()) > _FILM_NAME_MAX_WORDS or any(mark in line for mark in ".,;!?"):
            return False
        following = [line for line in self.lines[index + 1 :] if line][:12]
        return any(facts_label(later) or _SCORE_LABEL.fullmatch(later) for later in following)

    def _first_text_line(self) -> int:
        return next(index for index, line in enumerate(self.lines, start=1) if line)

    def _short_chrome(self, line: str, index: int) -> bool:
        """Above the title: a site's name, a section name, a menu: short lines, no sentence."""
        nonblank_before = sum(1 for earlier in self.lines[:index] if earlier)
        return (
            nonblank_before < _TITLE_SEARCH_LINES
            and len(line) <= 60
            and not line.rstrip(_CLOSING_MARKS).endswith((".", "!", "?"))
            and self._title_follows(index)
        )

    def _title_follows(self, index: int) -> bool:
        later = [line for line in self.lines[index + 1 : index + _TITLE_SEARCH_LINES * 2] if line]
        return any(parse_title(line) for line in later[:_TITLE_SEARCH_LINES])

    def _header_line(self, line: str, index: int) -> bool:
        """Bylines and datelines: kept as the critic and the publication date, not as text."""
        if found := chrome.byline(line):
            names, rest = found
            for name in names:
                if name not in self.critics:
                    self.critics.append(name)
            if rest and self.published is None:
                self.published = chrome.is_date_line(rest)
            return True
        if date := chrome.is_date_line(line):
            self.published = self.published or date
            return True
        return False

    # The body

    def _body_blocks(self, start: int) -> list[_Block]:
        blocks: list[_Block] = []
        in_list = False  # inside a list of links after "More like this"
        previous_blank = True
        for index in range(start, len(self.lines)):
            line = _MARKDOWN.sub("", self.lines[index]).strip()
            number = index + 1
            if not line:
                previous_blank = True
                continue
            paragraph_start = previous_blank or not blocks
            previous_blank = False
            if chrome.ends_article(line) and len(blocks) >= 2:
                break
            if in_list:
                if not _is_prose(line):
                    continue
                in_list = False
            if chrome.starts_list(line):
                in_list = True
                continue
            if self._consumed(line, number, paragraph_start):
                previous_blank = True
                continue
            if paragraph_start:
                blocks.append(_Block([line], line_number=number, lists=True))
            else:
                blocks[-1].lines.append(line)
        return blocks

    def _consumed(self, line: str, number: int, paragraph_start: bool) -> bool:
        """Lines that are not review text: facts, scores, bylines, tags, furniture, labels."""
        if (tags := _TAGS.fullmatch(line)) and len(line) <= 300:
            names = re.split(r"[,;|#]", tags["tags"])
            self.tags = [name.strip()[:_TAG_MAX] for name in names if name.strip()]
            return True
        if self._score_line(line, number):
            return True
        if pairs := split_facts(line):
            for kind, value in pairs:
                if kind == "score":
                    self._take_score(value, "", number, required=False)
                else:
                    self.facts_pairs.append((kind, value, number))
            return True
        if self.title_keys & {chrome.key(line), chrome.key(_without_review(line))}:
            return True  # the page repeats the film's name or the title
        if len(line.split()) <= _CAPTION_MAX_WORDS and self.caption.fullmatch(line):
            return True
        short = paragraph_start or len(line) <= _SHORT_LINE
        return (short and self._header_line(line, number)) or chrome.is_furniture(line)

    def _score_line(self, line: str, number: int) -> bool:
        if (match := _SCORE_LABEL.fullmatch(line)) and match["value"].strip():
            # (Without a value it is a heading: "Sound and Score:".)
            value = match["value"].strip()
            is_verdict = match["name"].casefold().endswith("verdict")
            if is_verdict and read_score(_leading_score(value)) is None:
                return False  # "Verdict: A gorgeous mess." is the verdict paragraph
            return self._take_score(
                _leading_score(value), _collapse(match["name"]), number, required=True
            )
        # A score on a line of its own: "★★★½", "4 stars", "7/10", "★★★★☆ (4/5)".
        alone = line.split(" (")[0] if line.endswith(")") else line
        score = read_score(alone) if len(line) <= 30 else None
        if score is not None and (score.display or "/" in alone):
            return self._take_score(alone, "", number, required=True)
        return False

    def _take_score(self, value: str, name: str, number: int, *, required: bool) -> bool:
        if _CERTIFICATE.fullmatch(value) and read_score(value) is None:
            return True  # "Rating: PG-13" is the certificate: not stored
        if self.score is not None:
            if read_score(value) is not None:
                self.guessed.append(f"another score on line {number} ({value}) ignored")
            return True
        if not required and read_score(value) is None and not NOT_SCORED.fullmatch(value):
            self.problems.append(f"score {value!r} not understood")
            return True
        self.score = parse_score(value, line=number)
        self.score_name = name
        return True

    def _split_body(self, blocks: list[_Block]):
        blocks = self._labelled(blocks)
        _mark_headings(blocks, _copied_heading)
        for block in blocks:
            if block.is_heading:
                block.lines = [block.lines[0].rstrip(":： ").strip()]
        start, end = self._verdict_range(blocks)
        verdict = _texts(blocks[start:end])
        rest = blocks[:start] + blocks[end:]
        summary, sections = _summary_and_sections(rest)
        return summary, sections, verdict

    def _labelled(self, blocks: list[_Block]) -> list[_Block]:
        """Labelled paragraphs: `Plot:` → synopsis, `Review:` → text, `Verdict:` → verdict."""
        kept = []
        for block in blocks:
            match = _LABELLED.fullmatch(block.lines[0])
            label = chrome.key(match["label"]) if match else ""
            if label in SYNOPSIS_LABELS and not self.synopsis:
                text = " ".join([match["text"], *block.lines[1:]])
                self.synopsis = _logline(text)
                if self.synopsis != text:
                    self.guessed.append("synopsis: the first sentences of the plot paragraph")
                    kept.append(_Block(["Plot"], line_number=block.line_number))
                    kept.append(_Block([text], line_number=block.line_number))
                continue
            if label in REVIEW_LABELS:
                block.lines[0] = match["text"]
            elif match and _VERDICT_HEADING.fullmatch(match["label"]):
                block.lines[0] = match["text"]
                block.never_heading = True
                self.verdict_label_at = len(kept)
            elif chrome.key(block.lines[0]) in REVIEW_LABELS:
                continue  # "Review" on its own line opens the text
            kept.append(block)
        return kept

    def _verdict_range(self, blocks: list[_Block]) -> tuple[int, int]:
        """[start, end) of the verdict's blocks: a labelled verdict paragraph, a section headed
        like a verdict, a paragraph opening like one, or else the last paragraph."""
        headings = [index for index, block in enumerate(blocks) if block.is_heading]

        def section_end(start):
            return next((index for index in headings if index > start), len(blocks))

        if self.verdict_label_at is not None:
            start = self.verdict_label_at
            # Near the end it runs to the next heading; near the top ("Verdict: …" as a
            # summary box) it is that paragraph alone.
            near_end = start * 3 >= len(blocks) * 2
            return start, section_end(start) if near_end else start + 1
        verdict_headings = [
            index for index in headings if _VERDICT_HEADING.fullmatch(blocks[index].text)
        ]
        if verdict_headings:
            start = verdict_headings[-1]
            # "In the End" then "The Bottom Line": one verdict in two parts.
            while headings.index(start) > 0 and headings[headings.index(start) - 1] in (
                verdict_headings
            ):
                start = headings[headings.index(start) - 1]
            return start, section_end(verdict_headings[-1])
        last_heading = headings[-1] if headings else -1
        texts = [index for index, block in enumerate(blocks) if not block.is_heading]
        for index in reversed(texts[1:]):
            if index < last_heading or index < texts[-1] - 2:
                break
            if match := _VERDICT_OPENING.match(blocks[index].lines[0]):
                self.guessed.append(f"verdict from the paragraph starting {match['phrase']!r}")
                return _with_empty_heading(blocks, index), len(blocks)
        if len(texts) > 1:
            self.guessed.append("verdict: the last paragraph (no verdict heading)")
        return _with_empty_heading(blocks, texts[-1]), len(blocks)

    def _synopsis_from(self, sections: list[ParsedSection]) -> str:
        for section in sections:
            if chrome.key(section.heading) in SYNOPSIS_HEADINGS and section.paragraphs:
                first = section.paragraphs[0]
                if isinstance(first, str):
                    self.guessed.append(f"synopsis from the section {section.heading!r}")
                    return _logline(first)
        return ""


def _is_prose(line: str) -> bool:
    """A sentence or more of text, not a link's title (Hangul counts fewer letters a sentence)."""
    ends = (".", "!", "?", "。", "”", '"', "’")
    sentences = len(re.findall(r"[.!?。](?:\s|$)", line))
    return line.endswith(ends) and (len(line) >= _PROSE_CHARS or sentences >= 2)


def _without_review(line: str) -> str:
    return re.sub(r"\s+(?:movie\s+|film\s+)?review$", "", line, flags=re.I)


def _split_list_headings(blocks: list[_Block]) -> list[_Block]:
    """'Pros:' directly above '- item' lines is a heading over a list."""
    result = []
    for block in blocks:
        rest = block.lines[1:]
        if rest and all(_BULLET.fullmatch(line) for line in rest):
            heading = _Block(block.lines[:1], line_number=block.line_number)
            if _copied_heading(heading):
                items = _Block(rest, line_number=block.line_number + 1, lists=True)
                result.extend([heading, items])
                continue
        result.append(block)
    return result


def _leading_score(value: str) -> str:
    """'7/10 – a solid watch' → '7/10': the longest run of first words that is a score."""
    if read_score(value) is None:
        words = value.split()
        for count in range(min(len(words), 5), 0, -1):
            first = " ".join(words[:count]).rstrip(",;:–—-")
            if read_score(first) is not None:
                return first
    return value


def _with_empty_heading(blocks: list[_Block], start: int) -> int:
    """A last section left without paragraphs gives its heading to the verdict."""
    return start - 1 if start > 0 and blocks[start - 1].is_heading else start


_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)]?\s+(?=[A-Z\"'“‘(])")
LOGLINE_MAX_CHARS = 400


def _logline(text: str) -> str:
    """A film's synopsis is a logline: the text when short, else its first two sentences."""
    if len(text) <= LOGLINE_MAX_CHARS:
        return text
    sentences = _SENTENCE.split(text)
    return " ".join(sentences[:2]) if len(sentences) > 2 else text
