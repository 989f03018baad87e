"""The plain-text reader: a review copied from a web page, as `parser` reads it."""

import datetime

from django.utils import timezone

from .inputs import FilmFacts, Notes, ReadContext, ReviewInput
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
    notes = Notes(guessed=list(parsed.guessed), missing=list(parsed.problems))
    return ReviewInput(
        title=parsed.title,
        headline=parsed.headline,
        score=parsed.score,
        score_display=parsed.score_display,
        film=FilmFacts(
            title=film.title,
            year=film.year,
            original_title=film.original_title,
            release_date=film.release_date,
            runtime_minutes=film.runtime_minutes,
            budget_usd=film.budget_usd,
            synopsis=film.synopsis,
            genres=film.genres,
            country=film.country,
            distributor=film.distributor,
            credits=film.credits or None,
        ),
        body=body,
        tags=parsed.tags or None,
        critics=parsed.critics,
        first_published_at=published_at(parsed.published),
        notes=notes,
    )


def published_at(date):
    """A dateline's day as a moment: noon in the site's time zone, so it shows as that day."""
    if date is None:
        return None
    noon = datetime.datetime.combine(date, datetime.time(12))
    return timezone.make_aware(noon)
