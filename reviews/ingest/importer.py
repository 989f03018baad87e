"""Writes parsed reviews into the page tree as draft revisions (optionally published)."""

from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from reviews.blocks import structure_problems
from reviews.models import Film, Genre, ReviewPage

from .parser import ParsedFilm, ParsedReview

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class ImportRefused(Exception):
    """The review was read but cannot be stored as asked; the message is for the importer."""


def paragraphs_html(paragraphs):
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def body_data(parsed: ParsedReview):
    """The StreamField value (without block ids) that a parsed review becomes."""
    blocks = []
    if parsed.summary:
        blocks.append({"type": "summary", "value": paragraphs_html(parsed.summary)})
    for section in parsed.sections:
        blocks.append(
            {
                "type": "analysis",
                "value": {"heading": section.heading, "body": paragraphs_html(section.paragraphs)},
            }
        )
    if parsed.verdict:
        blocks.append({"type": "verdict", "value": {"body": paragraphs_html(parsed.verdict)}})
    return blocks


def stored_body(page):
    return [
        {"type": child.block_type, "value": child.block.get_prep_value(child.value)}
        for child in page.body
    ]


def find_or_create_film(parsed: ParsedFilm):
    """Same title and year is the same film; facts the source carries fill in or correct it."""
    film = Film.objects.filter(title__iexact=parsed.title, year=parsed.year).first()
    if film is None:
        film = Film(title=parsed.title, year=parsed.year)
    facts = {
        "release_date": parsed.release_date,
        "runtime_minutes": parsed.runtime_minutes,
        "budget_usd": parsed.budget_usd,
        "synopsis": parsed.synopsis,
    }
    changed = film.pk is None
    for name, value in facts.items():
        if value not in (None, "") and getattr(film, name) != value:
            setattr(film, name, value)
            changed = True
    if changed:
        film.full_clean()
        film.save()
    have = {genre.name.casefold() for genre in film.genres.all()}
    missing = [name for name in parsed.genres if name.casefold() not in have]
    if missing:
        film.genres.add(*(find_or_create_genre(name) for name in missing))
        film.save()
    return film


def find_or_create_genre(name):
    genre = Genre.objects.filter(name__iexact=name).first()
    return genre or Genre.objects.create(name=name)


def unique_slug(parent, parsed: ParsedReview):
    base = slugify(f"{parsed.film.title} {parsed.film.year or ''} review", allow_unicode=True)
    candidates = [base, f"{base}-{slugify(parsed.headline, allow_unicode=True)}"]
    taken = set(parent.get_children().values_list("slug", flat=True))
    for slug in candidates:
        if slug and slug not in taken:
            return slug
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def import_review(parsed: ParsedReview, parent, *, publish=False, user=None):
    """Create or update the review from `parsed`; returns (outcome, page). One transaction."""
    body = body_data(parsed)
    if publish and (problems := structure_problems([block["type"] for block in body])):
        raise ImportRefused("cannot publish: " + " ".join(problems))
    with transaction.atomic():
        film = find_or_create_film(parsed.film)
        page = ReviewPage.objects.filter(source_key=parsed.source_key).first()
        fields = {
            "title": parsed.title,
            "headline": parsed.headline,
            "score": parsed.score,
            "film": film,
        }
        if page is None:
            page = ReviewPage(
                slug=unique_slug(parent, parsed), source_key=parsed.source_key, live=False, **fields
            )
            page.body = body
            page.owner = user
            parent.add_child(instance=page)
            outcome = CREATED
        else:
            draft = page.get_latest_revision_as_object()
            current = {name: getattr(draft, name) for name in fields}
            if current == fields and stored_body(draft) == body:
                if publish and (not page.live or page.has_unpublished_changes):
                    page.get_latest_revision().publish(user=user)
                return UNCHANGED, page
            for name, value in fields.items():
                setattr(draft, name, value)
            draft.body = body
            page = draft
            outcome = UPDATED
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    return outcome, page
