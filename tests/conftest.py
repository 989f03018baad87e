import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connections
from django.test import Client
from django_tasks_db.management.commands import db_worker
from playwright.sync_api import sync_playwright
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_jpeg

from cms.webhooks.models import WebhookEndpoint
from home.models import HomePage
from reviews.ingest.importer import import_review
from reviews.ingest.parser import parse_review_bytes
from reviews.ingest.text import from_parsed
from reviews.models import Film, Genre, ReviewIndexPage, ReviewPage

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .webhook_receiver import ALL_EVENTS, SECRET, Receiver

SAMPLE = Path(__file__).resolve().parent.parent / "reviews" / "fixtures" / "ballerina-2023.txt"

COMPLETE_BODY = [
    {"type": "summary", "value": "<p>A tidy thriller.</p>"},
    {"type": "analysis", "value": {"heading": "Story", "body": "<p>Lean and direct.</p>"}},
    {"type": "verdict", "value": {"body": "<p>Worth a look.</p>"}},
]


@pytest.fixture(autouse=True)
def empty_caches():
    """Rolled-back tests reuse primary keys: a rendition cached by an earlier test would answer
    for a new image with the same id."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def home(db):
    return HomePage.objects.get()


@pytest.fixture
def index(db):
    return ReviewIndexPage.objects.get(slug="reviews")


@pytest.fixture
def sample_review(index):
    """The Ballerina review, imported and published the way `make run` does it."""
    _, page = import_review(
        from_parsed(parse_review_bytes(SAMPLE.read_bytes())), index, publish=True
    )
    return page


@pytest.fixture
def make_review(index):
    """Publish a complete review of a new film; keyword arguments override page fields."""
    counter = iter(range(1, 1000))

    def make(title=None, score=None, genres=("Drama",), **fields):
        number = next(counter)
        film = Film.objects.create(title=f"Film {number}", year=2000 + number, runtime_minutes=90)
        film.genres.set([Genre.objects.get_or_create(name=name)[0] for name in genres])
        film.save()  # a ParentalManyToManyField is written on save
        fields.setdefault("headline", f"Headline {number}")
        fields.setdefault("body", COMPLETE_BODY)
        page = ReviewPage(
            title=title or f"Film {number} ({2000 + number}) Review – {fields['headline']}",
            film=film,
            score=score,
            **fields,
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def run_worker(monkeypatch):
    """The worker's own loop, as `manage.py db_worker --batch` runs it: every task that is due."""
    # Between tasks the loop drops connections not in autocommit mode; the test's transaction is
    # such a connection (on PostgreSQL closing it would end the test), so it must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run(backend="webhooks"):
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name=backend,
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


def member(django_user_model, username, group, password="pw"):
    """A signed-in test client for a new user in a role group (reviews/migrations/0004)."""
    user = django_user_model.objects.create_user(username, f"{username}@example.com", password)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def writer(django_user_model):
    return member(django_user_model, "wendy", "Writers")


@pytest.fixture
def editor(django_user_model):
    return member(django_user_model, "eddie", "Editors")


@pytest.fixture
def poster(db):
    """A portrait poster image (a generated JPEG) for a film."""
    return Image.objects.create(
        title="Poster",
        file=get_test_image_file_jpeg("poster.jpg", colour="#7a2e2e", size=(600, 900)),
        description="A dancer in red against a dark stage",
    )


SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.fixture(scope="session")
def browser(django_db_setup):
    """Debian's Chromium driven by Playwright (`make test` installs it; nothing is downloaded)."""
    # Playwright's sync API keeps an event loop on this thread; the ORM calls made by the test
    # itself (not by the live server's threads) are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # With that loop running, Django hands this thread new connection objects (asgiref's Local):
    # carry over the database snapshot that serialized_rollback tests restore from.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot():
    """Save a screenshot (the full page, or the first screen) under screenshots/ (git-ignored)
    for a person to look at."""

    def take(page, name, full_page=True):
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def endpoint(db, receiver):
    return WebhookEndpoint.objects.create(
        name="Front end", url=receiver.url, secret=SECRET, events=ALL_EVENTS
    )
