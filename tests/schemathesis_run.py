"""Fuzz the API against its own OpenAPI document with schemathesis (a script, not a pytest module).

    .venv/bin/python tests/schemathesis_run.py [more schemathesis options, e.g. --seed 1]

Serves the site with the dev settings on a free port of 127.0.0.1, over a fresh SQLite database
holding the demo review plus a poster, an image block, a pull quote and a document (so that every
schema meets real data), and runs schemathesis on /api/v2/openapi.json. Any server error or
response that breaks the schema fails the run, with the request to reproduce it.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
# Every check, in positive and negative modes, through every phase (examples, coverage, fuzzing
# and the stateful phase, which follows the document's links from listings to details).
CHECKS = "all"
MAX_EXAMPLES = 100  # 25 missed the 500 of a whitespace-only search in 3 runs of 4
TIME_LIMIT = 900  # seconds; 100 examples per operation take about three minutes

EXTRA_CONTENT = """
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from reviews.models import Critic, FilmCredit, ReviewPage, ReviewPageCritic

image = Image.objects.create(title="Poster", file=get_test_image_file(size=(640, 960)))
review = ReviewPage.objects.get(slug="ballerina-2023-review").get_latest_revision_as_object()
review.film.poster = image
review.film.credits.add(FilmCredit(person_name="Jeon Jong-seo", character_name="Ok-ju"))
review.film.save()
body = review.body.raw_data
review.body = [
    *body[:2],
    {"type": "pull_quote", "value": {"quote": "Style over substance.", "attribution": ""}},
    {"type": "image", "value": {"image": image.pk, "alt_text": "A still", "caption": ""}},
    *body[2:],
]
review.score = "6.5"
review.tags.add("netflix")
review.critic_links = [ReviewPageCritic(critic=Critic.objects.create(name="Ann Lee", photo=image))]
review.save_revision().publish()
Document.objects.create(title="Press kit", file=ContentFile(b"kit", "kit.txt"))
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main(options):
    with tempfile.TemporaryDirectory(prefix="schemathesis-") as tmp:
        base_url = f"http://127.0.0.1:{free_port()}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "PAGE_CACHE_DIR": f"{tmp}/page-cache",
            "MEDIA_ROOT": f"{tmp}/media",
            # load_demo points the Site at it, and the API's absolute URLs are built from it.
            "PUBLIC_BASE_URL": base_url,
            "LOG_LEVEL": "WARNING",  # the server log keeps only what went wrong
            # Thousands of requests a minute from one client: a scraper, as far as the API's
            # rate limit can tell.
            "API_RATE_LIMIT": "",
        }

        def manage(*args, **kwargs):
            command = [sys.executable, "manage.py", *args]
            return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)

        manage("migrate", "--no-input", "-v0")
        manage("load_demo", stdout=subprocess.DEVNULL)
        manage("shell", "-v0", "-c", EXTRA_CONTENT)

        server_log = Path(tmp) / "server.log"
        with server_log.open("w") as log:
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", base_url.removeprefix("http://")]
                + ["--noreload"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            run = subprocess.run(
                [SCHEMATHESIS, "run", f"{base_url}/api/v2/openapi.json"]
                + ["--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES)]
                + ["--wait-for-schema", "30", "--max-redirects", "0"]
                + ["--generation-database", "none", "--no-color", *options],
                cwd=tmp,  # its crash cache stays out of the work tree
                timeout=TIME_LIMIT,
            )
        finally:
            server.terminate()
            server.wait()

        # The server's tracebacks name what went wrong behind each 500.
        errors = sorted(
            set(re.findall(r"^\w[\w.]*(?:Error|Exception): .*$", server_log.read_text(), re.M))
        )
        print(f"\nschemathesis: {'passed' if run.returncode == 0 else 'FAILED'} against {base_url}")
        for error in errors:
            print(f"  server raised {error}")
        return run.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
