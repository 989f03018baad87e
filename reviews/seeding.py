"""A large, varied archive of published reviews (`manage.py seed_reviews`), for benchmarks and for
trying the site at scale.

Everything goes through the models, in batches: films, credits, bylines, tags, revisions and audit
log entries by `bulk_create`; pages as treebeard lays them out (a path per child under the review
index, computed with the tree's own alphabet) with the page rows bulk-inserted and each review's
own row saved the way a fixture loads it. One `add_child` and `save_revision().publish()` per
review costs tens of milliseconds and several index updates: 10,000 would take many minutes.

Each review is published with one revision, as `import_reviews --publish` leaves it (an editor
opens it, sees its history, compares, reverts), and one "published" audit-log entry (the API's
Last-Modified reads the log). It sends no page_published signal: seeding is not news for
webhooks or the changes feed, and the caches are the caller's to clear. The search index is
updated per batch, in the batch's transaction, so a run stopped half-way leaves complete batches.
Wagtail's reference index (the admin's "used by" counts) is left alone, as when loading a fixture:
it would double the time; `manage.py rebuild_references_index` fills it when wanted.

Deterministic: review number N of seed S is the same whatever the count, so a run with a larger
count adds the missing ones and a run with the same count changes nothing.
"""

import datetime
import html
import random
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import connection, transaction
from django.db.models import F
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageLogEntry, Revision

from .blocks import structure_problems
from .demo import poster_jpeg
from .fake_reviews import (
    FIRST_NAMES,
    GENRES,
    LAST_NAMES,
    LOGLINE_WHAT,
    LOGLINE_WHEN,
    LOGLINE_WHO,
    fake_reviews,
)
from .indexing import update_indexes
from .models import (
    Critic,
    DeletedReview,
    Film,
    FilmCredit,
    Genre,
    ReviewIndexPage,
    ReviewPage,
    ReviewPageCritic,
    ReviewPageTag,
)

KEY_PREFIX = "seed:"
BATCH = 500
# Review N of a seed was first published at FIRST_PUBLISHED + N × PUBLISHING_INTERVAL: fixed
# times, so two runs make the same archive; 10,000 reviews span about three and a half years.
FIRST_PUBLISHED = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
PUBLISHING_INTERVAL = datetime.timedelta(hours=3)
CRITICS = 40
# A handful of images, reused: pages show posters without one upload (and renditions) per film.
POSTER_TITLES = (
    "Feature Presentation", "Now Showing", "Double Bill", "Premiere", "Late Show", "Matinee",
)  # fmt: skip
POSTER_SIZE = (300, 450)
SECOND_REVIEW_SHARE = 0.05  # reviews of a film already reviewed
UNSCORED_SHARE = 0.08
TAGS = (
    "netflix", "festival favourite", "korean cinema", "한국 영화", "debut feature", "slow burn",
    "twist ending", "sequel", "remake", "black and white", "based on a true story", "heist",
    "coming of age", "road movie", "revenge", "courtroom", "time travel", "found footage",
    "ensemble cast", "period piece", "one location", "hidden gem", "cult classic", "family night",
    "midnight movie", "awards contender", "streaming", "cannes", "sundance", "true crime",
)  # fmt: skip
COUNTRIES = ("United States", "United Kingdom", "France", "Germany", "Japan", "Canada", "Spain")
DISTRIBUTORS = ("Netflix", "A24", "Neon", "Mubi", "Universal", "Warner Bros.", "", "", "")
CHARACTERS = (
    "Ok-ju", "Detective Hale", "Mara", "The Stranger", "Jonah", "Dr. Selim", "Ansel", "Vee",
    "Min-hee", "Captain Rourke", "Lena", "Old Tom", "Sorel", "Kit", "Marguerite", "Wendell",
)  # fmt: skip
PULL_QUOTE_SHARE = 0.2
IMAGE_BLOCK_SHARE = 0.05


def seed_key(seed, number):
    return f"{KEY_PREFIX}{seed}:{number}"


def seeded():
    """The seeded reviews (of any seed)."""
    return ReviewPage.objects.filter(source_key__startswith=KEY_PREFIX)


def seed_reviews(count, seed=1, log=print):
    """Make reviews 0 … count-1 of `seed` that are missing; returns how many were created."""
    parent = ReviewIndexPage.objects.order_by("path").first()
    if parent is None:
        raise ValueError("there is no review index page to seed reviews under")
    prefix = seed_key(seed, "")
    keys = seeded().filter(source_key__startswith=prefix).values_list("source_key", flat=True)
    done = {int(key.removeprefix(prefix)) for key in keys}
    seeder = Seeder(parent, seed)
    created, batch = 0, []
    for number, (title, year, fake) in enumerate(fake_reviews(count, seed)):
        seeder.note_film(number, title, year)
        if number in done:
            continue
        batch.append((number, title, year, fake))
        if len(batch) == BATCH:
            created += seeder.store(batch)
            batch = []
            log(f"{created} reviews seeded")
    if batch:
        created += seeder.store(batch)
    analyze()
    return created


def analyze():
    """Fresh planner statistics: without autovacuum a freshly filled table is planned as empty."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Seeder:
    def __init__(self, parent, seed):
        self.parent = parent
        self.seed = seed
        self.films_by_number = []
        self.review_type = ContentType.objects.get_for_model(ReviewPage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.genres = [Genre.objects.get_or_create(name=name)[0] for name in GENRES]
        self.tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
        self.posters = [self.poster(title) for title in POSTER_TITLES]
        self.critics = self.make_critics()
        self.slugs = set(parent.get_children().values_list("slug", flat=True))

    def note_film(self, number, title, year):
        self.films_by_number.append((title, year))

    def poster(self, title):
        Image = get_image_model()
        image = Image.objects.filter(title=f"Poster: {title}").first()
        if image is None:
            name = f"seed-poster-{slugify(title)}.jpg"
            image = Image.objects.create(
                title=f"Poster: {title}",
                description=f"A poster reading “{title}” over a coloured gradient",
                file=ImageFile(poster_jpeg(title, size=POSTER_SIZE), name=name),
            )
        return image

    def make_critics(self):
        rng = random.Random(f"critics:{self.seed}")
        names = sorted({f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES})
        critics = []
        for name in rng.sample(names, CRITICS):
            critic = Critic.objects.filter(name=name).first() or Critic.objects.create(
                name=name,
                bio=f"{name.split()[0]} reviews {' and '.join(rng.sample(GENRES, 2)).lower()}"
                " films, and anything else that comes out on a Friday.",
            )
            critics.append(critic)
        return critics

    @transaction.atomic
    def store(self, batch):
        """One batch in one transaction: films, pages and their rows, revisions, log, index."""
        # Locked: children are numbered after the last one, which nobody may add meanwhile.
        parent = Page.objects.select_for_update().get(pk=self.parent.pk)
        last = parent.get_last_child()
        step = Page.numconv_obj().str2int(last.path[-Page.steplen :]) if last else 0
        drafts = [self.draft(number, title, year, fake) for number, title, year, fake in batch]
        films = self.store_films(drafts)
        pages = []
        for draft in drafts:
            step += 1
            pages.append(self.page(parent, draft, films[draft["film_key"]], step))
        rows = Page.objects.bulk_create([Page(**page_fields(page)) for page in pages])
        for page, row in zip(pages, rows, strict=True):
            page.pk = page.page_ptr_id = row.pk
            # The review's own row only: the page row is in. raw, as loaddata saves: indexing
            # and reference handlers wait for the complete page (below).
            page.save_base(raw=True, force_insert=True)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        self.store_children(pages)
        self.store_revisions(pages)
        update_indexes(ReviewPage, [page.pk for page in pages], references=False)
        return len(pages)

    def draft(self, number, title, year, fake):
        """What one review says, before anything is stored."""
        rng = random.Random(f"{self.seed}:{number}")
        if number and rng.random() < SECOND_REVIEW_SHARE:
            title, year = self.films_by_number[rng.randrange(number)]
        return {
            "number": number,
            "rng": rng,
            "fake": fake,
            "film_key": (title, year),
            "film": self.film_facts(rng, title, year, fake),
        }

    def film_facts(self, rng, title, year, fake):
        release = None
        if rng.random() < 0.9:
            release = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 364))
        film = Film(
            title=title,
            original_title=fake.original_title,
            release_date=release,
            year=year,
            runtime_minutes=rng.randint(75, 190) if rng.random() < 0.95 else None,
            budget_usd=rng.randint(1, 250) * 100_000 if rng.random() < 0.6 else None,
            synopsis=f"{rng.choice(LOGLINE_WHO)} {rng.choice(LOGLINE_WHAT)} "
            f"{rng.choice(LOGLINE_WHEN)}.",
            country="South Korea" if fake.korean else rng.choice(COUNTRIES),
            distributor=rng.choice(DISTRIBUTORS),
            poster=rng.choice(self.posters) if rng.random() < 0.85 else None,
            imdb_id=f"tt{rng.randint(1_000_000, 9_999_999)}" if rng.random() < 0.5 else "",
        )
        film.seed_genres = rng.sample(self.genres, rng.randint(1, 3))
        writer = fake.director if rng.random() < 0.4 else person(rng)
        cast = [fake.lead, *(person(rng) for _ in range(rng.randint(1, 5)))]
        film.seed_credits = [
            (fake.director, FilmCredit.Role.DIRECTOR, ""),
            (writer, FilmCredit.Role.WRITER, ""),
            *((name, FilmCredit.Role.CAST, rng.choice(CHARACTERS)) for name in cast),
        ]
        return film

    def store_films(self, drafts):
        """The batch's films by (title, year): those stored already, and the new ones."""
        keys = {draft["film_key"] for draft in drafts}
        films = {
            (film.title, film.year): film
            for film in Film.objects.filter(title__in={title for title, _ in keys})
            if (film.title, film.year) in keys
        }
        new = {}
        for draft in drafts:
            if draft["film_key"] not in films and draft["film_key"] not in new:
                new[draft["film_key"]] = draft["film"]
        Film.objects.bulk_create(new.values())
        Film.genres.through.objects.bulk_create(
            Film.genres.through(film_id=film.pk, genre_id=genre.pk)
            for film in new.values()
            for genre in film.seed_genres
        )
        FilmCredit.objects.bulk_create(
            FilmCredit(film_id=film.pk, person_name=name, role=role, character_name=character,
                       sort_order=order)
            for film in new.values()
            for order, (name, role, character) in enumerate(film.seed_credits)
        )  # fmt: skip
        update_indexes(Film, [film.pk for film in new.values()], references=False)
        return films | new

    def page(self, parent, draft, film, step):
        rng, fake, number = draft["rng"], draft["fake"], draft["number"]
        published = FIRST_PUBLISHED + number * PUBLISHING_INTERVAL
        score = None
        if rng.random() >= UNSCORED_SHARE:
            score = Decimal(rng.randint(5, 100)) / 10
        page = ReviewPage(
            title=f"{film.title} ({film.year}) Review – {fake.headline}",
            headline=fake.headline,
            film=film,
            score=score,
            score_display=stars(score) if score is not None and rng.random() < 0.1 else "",
            body=body(rng, fake, self.posters),
            source_key=seed_key(self.seed, number),
            slug=self.slug(film, fake.headline),
            path=parent.path + step_path(step),
            depth=parent.depth + 1,
            numchild=0,
            locale_id=parent.locale_id,
            translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
            content_type=self.review_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
        )
        page.draft_title = page.title
        page.set_url_path(parent)
        # In memory, for the revision's content; stored by store_children.
        critics = rng.sample(self.critics, 2 if rng.random() < 0.1 else 1)
        page.critic_links = [
            ReviewPageCritic(critic=critic, sort_order=order)
            for order, critic in enumerate(critics)
        ]
        setattr(page, COMMENTS_RELATION_NAME, [])
        page.tagged_items = [
            ReviewPageTag(tag=tag) for tag in rng.sample(self.tags, rng.choice((0, 1, 1, 2, 3, 4)))
        ]
        return page

    def slug(self, film, headline):
        """The importer's rule: film and year, then with the headline, then numbered."""
        base = slugify(f"{film.title} {film.year} review", allow_unicode=True)
        candidates = (base, f"{base}-{slugify(headline, allow_unicode=True)}")
        slug = next((slug for slug in candidates if slug not in self.slugs), None)
        number = 2
        while slug is None:
            slug = f"{base}-{number}" if f"{base}-{number}" not in self.slugs else None
            number += 1
        self.slugs.add(slug)
        return slug

    def store_children(self, pages):
        links, tagged = [], []
        for page in pages:
            for link in page.critic_links.all():
                link.page_id = page.pk
                links.append(link)
            for item in page.tagged_items.all():
                item.content_object_id = page.pk
                tagged.append(item)
        ReviewPageCritic.objects.bulk_create(links)
        ReviewPageTag.objects.bulk_create(tagged)

    def store_revisions(self, pages):
        """One revision per review, live and latest, and its "published" log entry."""
        revisions = Revision.objects.bulk_create(
            Revision(
                content_type=self.review_type,
                base_content_type=self.page_type,
                object_id=str(page.pk),
                created_at=page.first_published_at,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        )
        rows = []
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
            rows.append(Page(pk=page.pk, latest_revision=revision, live_revision=revision))
        Page.objects.bulk_update(rows, ["latest_revision", "live_revision"])
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                page_id=page.pk,
                content_type=self.review_type,
                label=page.title,
                action="wagtail.publish",
                timestamp=page.first_published_at,
                revision=page.live_revision,
                content_changed=True,
            )
            for page in pages
        )


def page_fields(page):
    """The wagtailcore page row's values of a review."""
    return {field.attname: getattr(page, field.attname) for field in Page._meta.concrete_fields}


def step_path(step):
    """A child's own part of a treebeard path: its number in the tree's alphabet, padded."""
    key = Page.numconv_obj().int2str(step)
    return Page.alphabet[0] * (Page.steplen - len(key)) + key


def person(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def stars(score):
    """A score as some reviews publish it, out of five stars (★★★½)."""
    halves = round(score)
    return "★" * (halves // 2) + ("½" if halves % 2 else "") or "½"


def prose(paragraphs):
    return "".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)


def body(rng, fake, images):
    """The review's blocks: summary, sections (with an occasional quote or image), verdict."""

    def block(kind, value):
        return {"type": kind, "value": value, "id": str(uuid.UUID(int=rng.getrandbits(128)))}

    blocks = [block("summary", prose(fake.intro))]
    for heading, paragraphs in fake.sections:
        blocks.append(block("analysis", {"heading": heading, "body": prose(paragraphs)}))
        if rng.random() < PULL_QUOTE_SHARE / len(fake.sections):
            quote = paragraphs[0].split(". ")[0].rstrip(".") + "."
            blocks.append(block("pull_quote", {"quote": quote, "attribution": ""}))
        if rng.random() < IMAGE_BLOCK_SHARE / len(fake.sections):
            image = rng.choice(images)
            value = {"image": image.pk, "alt_text": image.description, "caption": ""}
            blocks.append(block("image", value))
    blocks.append(block("verdict", {"body": prose(fake.verdict)}))
    assert not structure_problems([item["type"] for item in blocks])
    return blocks


def unseed():
    """Delete every seeded review, as any deletion does, then the films only they reviewed.

    Their copies under "Deleted reviews" are dropped too: they were never anyone's work."""
    pages = list(seeded().values_list("pk", "film_id"))
    films = {film for _, film in pages}
    for start in range(0, len(pages), BATCH):
        ids = [pk for pk, _ in pages[start : start + BATCH]]
        with transaction.atomic():
            Page.objects.filter(pk__in=ids).delete()
            DeletedReview.objects.filter(page_id__in=ids).delete()
    Film.objects.filter(pk__in=films, reviews__isnull=True).delete()
    analyze()
    return len(pages)
