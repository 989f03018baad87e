"""The plain-text reader: a review copied from a web page, as `parser` reads it."""

from .inputs import FilmFacts, ReadContext, ReviewInput
from .parser import ParsedReview, parse_review_bytes
from .richtext import paragraphs_html


def read(data: bytes, context: ReadContext) -> list[ReviewInput]:
    return [from_parsed(parse_review_bytes(data))]


def from_parsed(parsed: ParsedReview) -> ReviewInput:
    body = []
    if parsed.summary:
        body.append({"type": "summary", "value": paragraphs_html(parsed.summary)})
    for section in parsed.sections:
        value = {"heading": section.heading, "body": paragraphs_html(section.paragraphs)}
        body.append({"type": "analysis", "value": value})
    if parsed.verdict:
        body.append({"type": "verdict", "value": {"body": paragraphs_html(parsed.verdict)}})
    film = parsed.film
    return ReviewInput(
        title=parsed.title,
        headline=parsed.headline,
        score=parsed.score,
        film=FilmFacts(
            title=film.title,
            year=film.year,
            release_date=film.release_date,
            runtime_minutes=film.runtime_minutes,
            budget_usd=film.budget_usd,
            synopsis=film.synopsis,
            genres=film.genres,
        ),
        body=body,
    )
