"""Scores as review sites write them, mapped onto the site's 0–10 scale.

| written | read as |
| --- | --- |
| `7`, `7.5`, `7/10`, `7.5 out of 10` | itself |
| `3.5/5`, `3.5 out of 5`, `8/20`, `72/100`, `72%` | scaled to 10 (`3.5/5` → 7.0, `72%` → 7.2) |
| `★★★½`, `★★★☆☆`, `***1/2`, `3.5 stars`, `4/5 stars` | out of 5 (or of all stars drawn), ×2 |
| `A+` … `D-` | 10, 9.5, 9, 8.5 … 4.5 (steps of half a point); `F` → 2.0 |

Anything but a plain N/10 keeps its written form (`score_display`) to show readers.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

from .inputs import ReviewFormatError

FORMS = "7, 7.5, 7/10, 3.5/5, 72%, ★★★½, 4 stars or B+"
# Written where a score would be, meaning "not scored".
NOT_SCORED = re.compile(
    r"(?:n/?a|none|not\s+(?:yet\s+)?(?:rated|scored)|unrated|tbd|tba|[-–—?]*)", re.I
)

_NUMBER = r"(?P<number>[0-9]+(?:[.,][0-9]+)?)"
_FRACTION = re.compile(
    _NUMBER + r"\s*(?:(?:/|out\s+of|of)\s*(?P<scale>[0-9]+))?\s*(?P<percent>%)?"
    r"(?:\s*(?P<stars>stars?|⭐|★))?\.?",
    re.I,
)
_HALF = r"(?:½|1/2|⯪|⯫|⯨|⯩|\.5)"
_STAR_GLYPHS = re.compile(
    r"(?P<full>(?:[★⭐✭✮✯✪]\ufe0f?|\*)+)?\s*(?P<half>" + _HALF + r")?\s*(?P<empty>[☆✩⚝]*)"
    r"(?:\s*(?:/|out\s+of)\s*(?P<scale>[0-9]+))?"
)
_GRADE = re.compile(r"(?P<letter>[A-DF])\s*(?P<sign>[+\-−–]?)")
_GRADES = {"A": Decimal("9.5"), "B": Decimal("8.0"), "C": Decimal("6.5"), "D": Decimal("5.0")}
_SIGN = {"+": Decimal("0.5"), "-": Decimal("-0.5"), "−": Decimal("-0.5"), "–": Decimal("-0.5")}
FAILING_GRADE = Decimal("2.0")
TEN = Decimal(10)


class Score(NamedTuple):
    value: Decimal | None  # 0.0–10.0, one decimal; None: not scored
    display: str  # the written form when it is not plain N/10, else ""


def parse_score(text: str, *, line: int | None = None) -> Score:
    """Read a score; raises ReviewFormatError naming the forms a person can write."""
    text = " ".join(text.split()).strip().rstrip(".")
    if NOT_SCORED.fullmatch(text):
        return Score(None, "")
    score = read_score(text)
    if score is None:
        raise ReviewFormatError(
            f"score '{shorten(text)}' is not a score: write it as {FORMS}, or leave it empty",
            line,
        )
    if not Decimal(0) <= score.value <= TEN:
        raise ReviewFormatError(f"score '{shorten(text)}' is out of range 0–10", line)
    return score


def read_score(text: str) -> Score | None:
    """The score a text is, or None; a value may be out of range (the caller checks)."""
    if match := _FRACTION.fullmatch(text):
        return _fraction(match, text)
    if (match := _STAR_GLYPHS.fullmatch(text)) and (match["full"] or match["half"]):
        full = len(re.findall(r"[★⭐✭✮✯✪*]", match["full"] or ""))
        empty = len(match["empty"])
        stars = Decimal(full) + (Decimal("0.5") if match["half"] else 0)
        total = int(match["scale"]) if match["scale"] else full + bool(match["half"]) + empty
        scale = total if empty or match["scale"] else 5
        return Score(_scaled(stars, Decimal(scale)), text)
    if match := _GRADE.fullmatch(text):
        letter = match["letter"].upper()
        value = _GRADES.get(letter, FAILING_GRADE) + _SIGN.get(match["sign"], 0)
        return Score(min(value, TEN), text)
    return None


def _fraction(match, text) -> Score | None:
    try:
        number = Decimal(match["number"].replace(",", "."))
    except InvalidOperation:
        return None
    if match["percent"]:
        return Score(_scaled(number, Decimal(100)), text)
    if match["scale"]:
        scale = Decimal(match["scale"])
        if scale == 0 or number > scale:
            return Score(TEN + 1, text)  # out of range, reported by the caller
        display = "" if scale == TEN and not match["stars"] else text
        return Score(_scaled(number, scale), display)
    if match["stars"]:
        return Score(_scaled(number, Decimal(5)), text)
    return Score(_scaled(number, TEN), "")


def _scaled(number: Decimal, scale: Decimal) -> Decimal:
    return (number * TEN / scale).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
