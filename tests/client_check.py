"""Build and test the TypeScript client against a live server (run by `make check-client`).

    .venv/bin/python tests/client_check.py [--port N] [--update-types]

Serves the site with gunicorn on 127.0.0.1 (a free port unless --port) over a throwaway SQLite
database seeded with the demo review, a draft-only review, a deleted review, an editor's draft API
key and a preview token. Then regenerates the client's types from the server's
/api/v2/openapi.json with openapi-typescript and fails if they differ from the committed
clients/typescript/src/schema.ts (--update-types writes them instead), builds the client with tsc
and runs its tests with Node's test runner. The client's packages come from its lockfile
(`npm ci`, done by the Makefile); nothing is fetched from the network here.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from schemathesis_run import free_port

ROOT = Path(__file__).resolve().parent.parent
CLIENT = ROOT / "clients" / "typescript"
BIN = CLIENT / "node_modules" / ".bin"
TYPES = CLIENT / "src" / "schema.ts"
GUNICORN = Path(sys.executable).parent / "gunicorn"

# Run by `manage.py shell`; writes what the tests need to know to the file named by SEEDED.
SEED = """
import json, os
from django.contrib.auth.models import Group, User
from wagtail.models import APIToken
from cms.webhooks.delivery import signature_header
from reviews.models import ReviewIndexPage, ReviewPage

demo = ReviewPage.objects.get(slug="ballerina-2023-review")
index = ReviewIndexPage.objects.get()
film = demo.film

draft = ReviewPage(
    title="Unseen (2026) Review – Not Yet", headline="Not Yet", film=film, live=False
)
index.add_child(instance=draft)
draft.save_revision()

gone = ReviewPage(title="Gone (2026) Review – Briefly Here", headline="Briefly Here", film=film,
                  body=demo.body.raw_data)
index.add_child(instance=gone)
gone.tags.add("short lived")
gone.save_revision().publish()
gone_facts = {"id": gone.pk, "filmId": film.pk,
              "genres": sorted(g.slug for g in film.genres.all()), "tags": ["short-lived"]}
ReviewPage.objects.get(pk=gone.pk).delete()

editor = User.objects.create_user("client-check-editor", password=None)
editor.groups.add(Group.objects.get(name="Editors"))
_, key = APIToken.create_token(user=editor, name="client check")

edit = ReviewPage.objects.get(pk=demo.pk)
edit.headline = "A headline only the preview shows"
preview = edit.create_page_preview()

body = json.dumps({"event": "review.published", "id": demo.pk})
secrets = ["the-current-secret-of-this-check", "the-previous-secret-of-this-check"]
with open(os.environ["SEEDED"], "w") as out:
    json.dump({
        "draftKey": key,
        "demo": {"id": demo.pk, "path": demo.url, "headline": demo.headline},
        "draftOnly": {"id": draft.pk, "title": draft.title},
        "deleted": gone_facts,
        "preview": {"contentType": "reviews.reviewpage", "token": preview.token,
                    "headline": edit.headline},
        "webhook": {"secret": secrets[0], "previousSecret": secrets[1], "body": body,
                    "header": signature_header(secrets, body)},
    }, out)
"""


def wait_for(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("client check: the server stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise SystemExit(f"client check: no answer from {url} in {seconds} s")


def run(*command, **kwargs):
    print("$", " ".join(map(str, command)), flush=True)
    return subprocess.run(command, cwd=CLIENT, **{"check": True, **kwargs})


def main(port, update_types):
    if not (BIN / "tsc").exists():
        raise SystemExit("client check: run `make check-client` (it installs the client first)")
    with tempfile.TemporaryDirectory(prefix="client-check-") as tmp:
        base_url = f"http://127.0.0.1:{port}"
        seeded_file = Path(tmp) / "seeded.json"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "PAGE_CACHE_DIR": f"{tmp}/page-cache",
            "MEDIA_ROOT": f"{tmp}/media",
            "PUBLIC_BASE_URL": base_url,
            "LOG_LEVEL": "WARNING",
            "SEEDED": str(seeded_file),
        }

        def manage(*args):
            command = [sys.executable, "manage.py", *args]
            subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

        manage("migrate", "--no-input", "-v0")
        manage("load_demo")
        manage("shell", "-v0", "-c", SEED)
        seeded = {"baseUrl": base_url, **json.loads(seeded_file.read_text())}

        server = subprocess.Popen(
            [GUNICORN, "cms.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
            + ["--no-control-socket", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        try:
            openapi = f"{base_url}/api/v2/openapi.json"
            wait_for(openapi, server)
            generated = Path(tmp) / "schema.ts"
            run(BIN / "openapi-typescript", openapi, "--output", generated)
            if update_types:
                TYPES.write_text(generated.read_text())
            elif generated.read_text() != TYPES.read_text():
                raise SystemExit(
                    "client check: clients/typescript/src/schema.ts differs from the server's"
                    " OpenAPI document; regenerate it with"
                    " `.venv/bin/python tests/client_check.py --update-types`"
                )
            run(BIN / "tsc", "-p", "tsconfig.json")
            tests = run(
                "node",
                "--test",
                "--test-reporter=spec",
                "dist/test/",
                env={**os.environ, "CLIENT_CHECK": json.dumps(seeded)},
                check=False,
            )
        finally:
            server.terminate()
            server.wait()
    print(f"\nclient check: {'passed' if tests.returncode == 0 else 'FAILED'} against {base_url}")
    return tests.returncode


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--update-types", action="store_true")
    options = parser.parse_args()
    sys.exit(main(options.port or free_port(), options.update_types))
