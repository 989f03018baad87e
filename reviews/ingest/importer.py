"""Writes reviews into the page tree as draft revisions (optionally published or submitted).

Both input formats become a `ReviewInput` first: the plain-text parser's result through
`from_parsed`, the JSON format through `json_format.read_document`.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models.signals import post_save
from django.utils.html import escape
from django.utils.text import slugify
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.api.rich_text import APIRichText
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms.text import strip_control_characters
from reviews.blocks import PROSE_FEATURES, structure_problems
from reviews.models import Film, FilmCredit, Genre, ReviewPage
from reviews.serializers import credits_data

from .parser import ParsedReview, source_key

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
INDEX_CHUNK = 200

# Film facts an import may set; an empty value in the source never erases what the film has.
FILM_FACTS = (
    "original_title",
    "release_date",
    "runtime_minutes",
    "budget_usd",
    "synopsis",
    "country",
    "distributor",
    "imdb_id",
    "tmdb_id",
    "wikidata_id",
)


class ImportRefused(Exception):
    """The review was read but cannot be stored as asked; the message is for the importer."""


@dataclass
class ReviewInput:
    title: str
    headline: str
    score: Decimal | None
    film: dict  # "title", "year", "genres", optional "credits" and any of FILM_FACTS
    body: list[dict]  # StreamField data without block ids
    tags: list[str] | None = None  # None: leave the review's tags alone
    slug: str = ""

    def __post_init__(self):
        # As saving would: the source key and the "unchanged" check compare what is stored.
        for name in ("title", "headline", "film", "body", "tags", "slug"):
            setattr(self, name, strip_control_characters(getattr(self, name)))

    @property
    def source_key(self):
        return source_key(self.film["title"], self.film.get("year"), self.headline)


def rich_text(html):
    """Wagtail's own whitelist for editor rich text: only the features the review blocks allow."""
    return APIRichText.sanitize_db_html(html, features=PROSE_FEATURES)[0]


def paragraphs_html(paragraphs):
    return rich_text("".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs))


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
        film={
            "title": film.title,
            "year": film.year,
            "release_date": film.release_date,
            "runtime_minutes": film.runtime_minutes,
            "budget_usd": film.budget_usd,
            "synopsis": film.synopsis,
            "genres": film.genres,
        },
        body=body,
    )


def stored_body(page):
    return [
        {"type": child.block_type, "value": child.block.get_prep_value(child.value)}
        for child in page.body
    ]


def find_or_create_film(facts):
    """Same title and year is the same film; facts the source carries fill in or correct it.

    Saved once at most: every save reindexes the film.
    """
    film = Film.objects.filter(title__iexact=facts["title"], year=facts.get("year")).first()
    if film is None:
        film = Film(title=facts["title"], year=facts.get("year"))
    is_new = film.pk is None
    changed = is_new
    for name in FILM_FACTS:
        value = facts.get(name)
        if value not in (None, "") and getattr(film, name) != value:
            setattr(film, name, value)
            changed = True
    genres = [] if is_new else list(film.genres.all())
    have = {genre.name.casefold() for genre in genres}
    if missing := [name for name in facts.get("genres", []) if name.casefold() not in have]:
        film.genres = genres + [find_or_create_genre(name) for name in missing]
        changed = True
    credits = facts.get("credits")
    if credits is not None and (is_new or credits_data(film.credits.all()) != credits):
        film.credits = [
            FilmCredit(person_name=c["name"], role=c["role"], character_name=c["character"])
            for c in credits
        ]
        changed = True
    if changed:
        film.full_clean()
        film.save()
        # A revision, as an admin save makes: the film's history starts with what was imported,
        # so an editor's first change to it can be compared and reverted. A corrected film may
        # come with an unchanged review, which logs nothing, so it logs its own edit: the API's
        # Last-Modified is read from the audit log. (A new film always comes with a new or
        # changed review, and that is logged.)
        film.save_revision(clean=False, log_action=not is_new)
    return film


def find_or_create_genre(name):
    genre = Genre.objects.filter(name__iexact=name).first()
    return genre or Genre.objects.create(name=name)


def unique_slug(parent, review: ReviewInput):
    film = review.film
    base = review.slug or slugify(
        f"{film['title']} {film.get('year') or ''} review", allow_unicode=True
    )
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    for slug in (base, f"{base}-{slugify(review.headline, allow_unicode=True)}"):
        if slug and slug not in taken:
            return slug
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


@contextmanager
def deferred_indexing():
    """Index each imported page and film once, at the end, instead of on every save.

    Each save of an indexed model updates the search index and Wagtail's reference index, and
    both slow down as the index grows: that was most of an import's time. The caller adds the
    ids of what it committed to the sets this yields. A run killed half-way leaves the search
    index behind until `manage.py update_index`.
    """
    touched = {ReviewPage: set(), Film: set()}
    for model in touched:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        for model in touched:
            post_save.connect(post_save_signal_handler, sender=model)
        for model, ids in touched.items():
            ids = sorted(ids)
            for start in range(0, len(ids), INDEX_CHUNK):
                chunk = ids[start : start + INDEX_CHUNK]
                objects = list(model.get_indexed_objects().filter(pk__in=chunk))
                for obj in objects:
                    ReferenceIndex.create_or_update_for_object(obj)
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, objects)


def import_review(review: ReviewInput, parent, *, publish=False, submit=False, user=None):
    """Create or update one review in one transaction; returns (outcome, page).

    A re-import is recognised by the source key (film title + year + headline) and adds a
    revision only when something changed.
    """
    problems = structure_problems([block["type"] for block in review.body])
    if (publish or submit) and problems:
        verb = "publish" if publish else "submit"
        raise ImportRefused(f"cannot {verb}: " + " ".join(problems))
    with transaction.atomic():
        film = find_or_create_film(review.film)
        page = ReviewPage.objects.filter(source_key=review.source_key).first()
        fields = {
            "title": review.title,
            "headline": review.headline,
            "score": review.score,
            "film": film,
        }
        if page is None:
            page = ReviewPage(
                slug=unique_slug(parent, review),
                source_key=review.source_key,
                owner=user,
                live=False,
                body=review.body,
                **fields,
            )
            parent.add_child(instance=page)
            if review.tags is not None:
                page.tags.set(review.tags)
            outcome = CREATED
        else:
            draft = page.get_latest_revision_as_object()
            same = {name: getattr(draft, name) for name in fields} == fields
            same = same and stored_body(draft) == review.body
            if review.tags is not None:
                same = same and sorted(t.name for t in draft.tags.all()) == sorted(review.tags)
            if same:
                finish(page, page.get_latest_revision(), publish, submit, user)
                return UNCHANGED, page
            for name, value in fields.items():
                setattr(draft, name, value)
            draft.body = review.body
            if review.tags is not None:
                draft.tags.set(review.tags)
            page = draft
            outcome = UPDATED
        revision = page.save_revision(user=user, log_action=True)
        finish(page, revision, publish, submit, user)
    return outcome, page


def finish(page, revision, publish, submit, user):
    if publish and (not page.live or page.has_unpublished_changes):
        revision.publish(user=user)
        page.refresh_from_db()  # the caller gets the page as published, not the stale copy
    elif submit and not page.workflow_in_progress:
        workflow = page.get_workflow()
        if workflow is None:
            raise ImportRefused("cannot submit: no moderation workflow covers this review index")
        workflow.start(page, user)
