"""`make backup` / `make restore` (manage.py backup / restore) round-trip a whole site: pages,
revisions, films, images (rows and files) and webhooks come back identical (issue 12, point 8).
Runs on the suite's database engine: SQLite, or a scratch PostgreSQL database beside the test one.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# What must come back identical, as Django serialises it.
CONTENT = [
    "wagtailcore.page",
    "wagtailcore.revision",
    "reviews",
    "wagtailimages.image",
    "wagtailimages.rendition",
    "webhooks",
    "taggit",
]

MAKE_CONTENT = """
from django.core.files.base import ContentFile
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_jpeg
from cms.webhooks.models import WebhookEndpoint
from reviews.models import Film, ReviewPage
image = Image.objects.create(title="Poster", file=get_test_image_file_jpeg("poster.jpg"))
image.get_rendition("width-100")
film = Film.objects.get(title="Ballerina")
film.poster = image
film.save()
film.save_revision()
WebhookEndpoint.objects.create(name="Front end", url="https://app.example.com/hook", secret="s3")
review = ReviewPage.objects.get(film=film).get_latest_revision_as_object()
review.tags.add("korean")
review.save_revision()
"""

DAMAGE = """
from wagtail.images.models import Image
from cms.webhooks.models import WebhookEndpoint
from reviews.models import ReviewPage
ReviewPage.objects.all().delete()
WebhookEndpoint.objects.all().delete()
Image.objects.all().delete()
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated site with the demo review, in a database of its own; its environment.
    Built once for the module (migrating takes a while): each test leaves it as it found it."""
    tmp_path = tmp_path_factory.mktemp("site")
    db = settings.DATABASES["default"]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
        "LOG_LEVEL": "WARNING",
    }
    if db["ENGINE"] == "django.db.backends.postgresql":
        name = f"{db['NAME']}_backup"
        admin = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "dbname": "postgres"}
        admin["password"] = db["PASSWORD"]
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
        env["DATABASE_URL"] = f"postgres://{auth}{db['HOST']}:{db['PORT']}/{name}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path}/site.sqlite3"
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo")
    yield env
    if db["ENGINE"] == "django.db.backends.postgresql":
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def snapshot(env):
    """The content's rows and every uploaded file's bytes."""
    dump = Path(env["MEDIA_ROOT"]).parent / "content.json"
    manage(env, "dumpdata", *CONTENT, "--output", str(dump))
    rows = json.loads(dump.read_text())
    media = Path(env["MEDIA_ROOT"])
    files = {
        path.relative_to(media).as_posix(): path.read_bytes()
        for path in media.rglob("*")
        if path.is_file()
    }
    return rows, files


def test_backup_then_restore_brings_the_site_back_identical(site, tmp_path):
    manage(site, "shell", "-c", MAKE_CONTENT)
    before = snapshot(site)
    rows, files = before
    models = {row["model"] for row in rows}
    assert {"wagtailcore.revision", "reviews.film", "wagtailimages.image"} <= models
    assert {"webhooks.webhookendpoint", "reviews.reviewpage"} <= models
    assert any(name.startswith("original_images/") for name in files)
    assert any(name.startswith("images/") for name in files)  # the rendition

    out = manage(site, "backup", "--into", str(tmp_path / "backups"))
    backup = Path(out.split("Backed up to ")[1].strip())
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["files"]) >= {f"media/{name}" for name in files}

    manage(site, "shell", "-c", DAMAGE)
    for path in Path(site["MEDIA_ROOT"]).rglob("*"):
        if path.is_file():
            path.unlink()
    assert snapshot(site) != before

    manage(site, "restore", str(backup), "--no-input")
    assert snapshot(site) == before


def test_a_backup_whose_files_changed_is_refused_and_changes_nothing(site, tmp_path):
    out = manage(site, "backup", "--into", str(tmp_path / "backups"))
    backup = Path(out.split("Backed up to ")[1].strip())
    dump = next(backup.glob("database.*"))
    dump.write_bytes(dump.read_bytes()[:-10])
    before = snapshot(site)
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup), "--no-input"],
        cwd=ROOT,
        env=site,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"{dump.name} does not match its checksum" in result.stderr
    assert snapshot(site) == before
