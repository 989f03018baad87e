"""Stores a `ReviewInput` in the page tree as a draft revision (optionally published or submitted).

Films and critics are matched by name after normalisation, so one film stays one record; what a
later review says about a film only fills the facts it lacks, and disagreements are reported.
"""

import datetime
from contextlib import contextmanager

from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils.text import slugify
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from reviews.api.fields import credits_data
from reviews.blocks import structure_problems
from reviews.models import Critic, Film, FilmCredit, Genre, ReviewPage, ReviewPageCritic

from .inputs import (
    DRAFT,
    FilmFacts,
    ImageRef,
    Notes,
    ReviewInput,
    normalise_name,
    strip_wrapping_quotes,
)
from .report import CREATED, UNCHANGED, UPDATED, ReviewReport

INDEX_CHUNK = 200
SCORE_DISPLAY_MAX = ReviewPage._meta.get_field("score_display").max_length

# Film facts an import may fill in, with the words the report uses for them.
FILM_FACTS = {
    "original_title": "original title",
    "release_date": "release date",
    "runtime_minutes": "runtime",
    "budget_usd": "budget",
    "synopsis": "synopsis",
    "country": "country",
    "distributor": "distributor",
    "imdb_id": "IMDb ID",
    "tmdb_id": "TMDB ID",
    "wikidata_id": "Wikidata ID",
}


class ImportRefused(Exception):
    """The review was read but cannot be stored as asked; the message is for the importer."""


def stored_body(page):
    return [
        {"type": child.block_type, "value": child.block.get_prep_value(child.value)}
        for child in page.body
    ]


def find_film(facts: FilmFacts, notes: Notes):
    """The film with this title (compared normalised) and year, or None.

    A source without a year matches the one film of that title; a film stored without a year
    matches a source that has one (and the year fills in).
    """
    wanted = film_name(facts.title)
    if facts.year:
        # Few films share a year: read them whole, the match is the film itself.
        candidates = Film.objects.filter(Q(year=facts.year) | Q(year__isnull=True))
    else:
        candidates = Film.objects.only("pk", "title", "year")
    matches = [film for film in candidates if film_name(film.title) == wanted]
    exact = [film for film in matches if film.year == facts.year]
    if exact:
        return exact[0]
    if len(matches) == 1:
        film = matches[0]
        if facts.year is None:
            notes.guessed.append(f"film: the only film titled {film.title!r} ({film.year})")
            return Film.objects.get(pk=film.pk)
        return film
    if len(matches) > 1:
        years = ", ".join(str(film.year) for film in matches)
        raise ImportRefused(
            f"several films are titled {facts.title!r} ({years}): give the year in the title"
            " line, e.g. 'Film (2023) Review', or a 'Release Date:' line"
        )
    return None


def film_name(title):
    return normalise_name(strip_wrapping_quotes(title))


def shown(value):
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def find_or_create_film(facts: FilmFacts, notes: Notes, publish=False, user=None):
    """The source's film, created or with its empty facts filled; facts it has are kept.

    Films are moderated like reviews: a new film is a draft, published when its first review goes
    live (reviews.models.publish_film_with_review); facts filled into a live film are a draft
    revision on top of any edit already waiting, published here only by a publishing import when
    nothing else was waiting.
    Saved once at most: every save reindexes the film.
    """
    film = find_film(facts, notes)
    is_new = film is None
    pending = False
    if is_new:
        film = Film(title=strip_wrapping_quotes(facts.title), year=facts.year, live=False)
    else:
        pending = film.has_unpublished_changes
        film = film.get_latest_revision_as_object()
    changed = is_new
    if film.year is None and facts.year is not None:
        film.year, changed = facts.year, True
    for name, label in FILM_FACTS.items():
        value, have = getattr(facts, name), getattr(film, name)
        if value in (None, ""):
            continue
        if name == "release_date" and film.year and value.year != film.year:
            notes.conflicts.append(
                f"release date {value.isoformat()} is not in {film.year}: not stored"
            )
        elif have in (None, ""):
            setattr(film, name, value)
            changed = True
        elif have != value and not (isinstance(value, str) and same_text(have, value)):
            notes.conflicts.append(f"{label} {shown(have)} kept; file says {shown(value)}")
    genres = [] if is_new else list(film.genres.all())
    have = {normalise_name(genre.name) for genre in genres}
    if missing := [name for name in facts.genres if normalise_name(name) not in have]:
        film.genres = genres + [find_or_create_genre(name) for name in missing]
        changed = True
    if facts.credits:
        stored = [] if is_new else credits_data(film.credits.all())
        if not stored:
            film.credits = [
                FilmCredit(person_name=c["name"], role=c["role"], character_name=c["character"])
                for c in facts.credits
            ]
            changed = True
        elif stored != facts.credits:
            notes.conflicts.append(
                f"cast and crew kept ({len(stored)} credits); the file lists other credits"
            )
    if changed:
        film.full_clean()
        if is_new:
            film.save()
        # A revision, as an admin save makes: the film's history starts with what was imported,
        # so an editor's first change to it can be compared and reverted. A film filled in by
        # a later review may come with an unchanged review, which logs nothing, so it logs its
        # own edit. (A new film always comes with a new or changed review, and that is logged.)
        revision = film.save_revision(clean=False, log_action=not is_new)
        if publish and film.live and not pending:
            revision.publish(user=user)
    return film


def same_text(first, second):
    return " ".join(first.split()) == " ".join(second.split())


def find_or_create_genre(name):
    """Genres match case-insensitively (and quote- and Unicode-insensitively); the first
    spelling stored is the one kept."""
    wanted = normalise_name(name)
    same = Genre.objects.filter(name__iexact=name).first()
    same = same or next((g for g in Genre.objects.all() if normalise_name(g.name) == wanted), None)
    return same or Genre.objects.create(name=name)


def find_or_create_critics(names):
    """Critics by name, compared normalised; a byline naming someone new creates them."""
    if not names:
        return []
    known = {normalise_name(critic.name): critic for critic in Critic.objects.all()}
    critics = []
    for name in names:
        critic = known.get(normalise_name(name))
        if critic is None:
            critic = known[normalise_name(name)] = Critic.objects.create(name=name)
        if critic not in critics:
            critics.append(critic)
    return critics


def stored_images(body, notes: Notes):
    """The body with its images in the image library; images without a file are dropped."""
    blocks = []
    for block in body:
        ref = block["value"].get("image") if block["type"] == "image" else None
        if not isinstance(ref, ImageRef):
            blocks.append(block)
        elif ref.path is None or not ref.path.is_file():
            notes.missing.append(f"image {ref.src} (no local copy; left out)")
        else:
            image = library_image(ref)
            value = {"image": image.pk, "alt_text": ref.alt or image.title, "caption": ref.caption}
            blocks.append({"type": "image", "value": value})
    return blocks


def library_image(ref: ImageRef):
    """The library's copy of the file when it has one (same content), else a new image."""
    Image = get_image_model()
    with ref.path.open("rb") as file:
        file_hash = hash_filelike(file)
        same = Image.objects.filter(file_hash=file_hash).first()
        if same:
            return same
        file.seek(0)
        image = Image(
            title=(ref.alt or ref.path.stem)[:255],
            file=ImageFile(file, ref.path.name),
            file_hash=file_hash,
            file_size=ref.path.stat().st_size,
        )
        image.save()
    return image


def unique_slug(parent, review: ReviewInput):
    film = review.film
    base = review.slug or slugify(f"{film.title} {film.year or ''} review", allow_unicode=True)
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
    index behind until the same import runs again (it indexes unchanged reviews too).
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


def survey(review: ReviewInput) -> Notes:
    """The reader's notes, plus what the review has and lacks, in the report's words."""
    notes = review.notes
    film = review.film
    score = review.score_display or (f"{review.score}/10" if review.score is not None else "")
    if review.score is not None and review.score_display:
        score = f"{review.score_display} (= {review.score}/10)"
    facts = {
        "headline": review.headline,
        "score": score,
        "critic": ", ".join(review.critics),
        "year": film.year,
        "release date": film.release_date and film.release_date.isoformat(),
        "runtime": film.runtime_minutes and f"{film.runtime_minutes} min",
        "genres": ", ".join(film.genres),
        "synopsis": film.synopsis and "synopsis",
        "cast and crew": film.credits and f"{len(film.credits)} credits",
    }
    for label, value in facts.items():
        if value:
            notes.found.append(value if label == "synopsis" else f"{label} {value}")
        else:
            notes.missing.append(label)
    kinds = [block["type"] for block in review.body]
    sections = kinds.count("analysis")
    notes.found.append(f"{sections} section{'s' if sections != 1 else ''}")
    for kind, label in (("summary", "summary"), ("verdict", "verdict")):
        (notes.found if kind in kinds else notes.missing).append(label)
    if not sections:
        notes.missing.append("section headings")
    return notes


def import_review(review: ReviewInput, parent, *, publish=False, submit=False, user=None):
    """Create or update one review in one transaction; returns its report and the page.

    A re-import is recognised by the source key (film title + year + headline) and adds a
    revision only when something changed. A review its source marks as a draft stays one.
    """
    notes = survey(review)
    if review.status == DRAFT and (publish or submit):
        notes.guessed.append("kept as a draft: the source marks it unpublished")
        publish = submit = False
    problems = structure_problems([block["type"] for block in review.body])
    if (publish or submit) and problems:
        verb = "publish" if publish else "submit"
        raise ImportRefused(f"cannot {verb}: " + " ".join(problems))
    with transaction.atomic():
        film = find_or_create_film(review.film, notes, publish=publish, user=user)
        body = stored_images(review.body, notes)
        critics = find_or_create_critics(review.critics)
        page = ReviewPage.objects.filter(source_key=review.source_key).first()
        fields = {
            "title": review.title,
            "headline": review.headline,
            "score": review.score,
            "score_display": review.score_display[:SCORE_DISPLAY_MAX],
            "film": film,
        }
        if page is None:
            page = ReviewPage(
                slug=unique_slug(parent, review),
                source_key=review.source_key,
                owner=user,
                live=False,
                body=body,
                **fields,
            )
            page.critic_links = [ReviewPageCritic(critic=critic) for critic in critics]
            parent.add_child(instance=page)
            if review.tags is not None:
                page.tags.set(review.tags)
            outcome = CREATED
        else:
            draft = page.get_latest_revision_as_object()
            same = {name: getattr(draft, name) for name in fields} == fields
            same = same and stored_body(draft) == body
            if review.tags is not None:
                same = same and sorted(t.name for t in draft.tags.all()) == sorted(review.tags)
            if critics:
                same = same and [link.critic_id for link in draft.critic_links.all()] == [
                    critic.pk for critic in critics
                ]
            if same:
                finish(page, page.get_latest_revision(), publish, submit, user, review)
                return ReviewReport(review.title, UNCHANGED, page.pk, notes), page
            for name, value in fields.items():
                setattr(draft, name, value)
            draft.body = body
            if review.tags is not None:
                draft.tags.set(review.tags)
            if critics:
                draft.critic_links = [ReviewPageCritic(critic=critic) for critic in critics]
            page = draft
            outcome = UPDATED
        # A new page was validated as add_child saved it, and only its tags changed since.
        revision = page.save_revision(user=user, log_action=True, clean=outcome != CREATED)
        page = finish(page, revision, publish, submit, user, review)
    return ReviewReport(review.title, outcome, page.pk, notes), page


def finish(page, revision, publish, submit, user, review):
    """Publish or submit as asked; returns the page as it now is."""
    if publish and (not page.live or page.has_unpublished_changes):
        never_published = page.first_published_at is None
        revision.publish(user=user)
        if review.first_published_at and never_published:
            # The archive's own publication date, not the day of the import.
            ReviewPage.objects.filter(pk=page.pk).update(
                first_published_at=review.first_published_at
            )
        page.refresh_from_db()  # the caller gets the page as published, not the stale copy
    elif submit and not page.workflow_in_progress:
        workflow = page.get_workflow()
        if workflow is None:
            raise ImportRefused("cannot submit: no moderation workflow covers this review index")
        workflow.start(page, user)
    return page
