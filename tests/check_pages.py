"""Check the reader pages with tools nobody here wrote (run by `make check-pages`).

    .venv/bin/python tests/check_pages.py

Serves the site the production way (a throwaway SQLite database, collectstatic, gunicorn with the
production settings, uploads from a file server of their own as a web server or object storage
would) on free ports of 127.0.0.1, over content that exercises every template: the demo review with
a poster, a pull quote, an image and a tag, two sample reviews of tests/fixtures and enough
generated ones for a second page of the index. Then checks every URL in PAGES with the Nu Html
Checker (vnu), axe-core (WCAG 2.1 A/AA) in Chromium at a phone's and a desktop's width, noting
script errors, console errors and failed requests on the way, and Lighthouse (desktop preset).
Prints one row per URL, writes the reports and a screenshot per page and width under
reports/check-pages/, and exits non-zero, naming each failure, when a page has an HTML error, an
accessibility violation, a browser error or a Lighthouse score under MIN_SCORE.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import sync_playwright
from schemathesis_run import EXTRA_CONTENT

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"
LIGHTHOUSE = TOOLS / "lighthouse" / "cli" / "index.js"
# The samples with a publishable structure (the third one has no analysis section).
SAMPLE_REVIEWS = [
    ROOT / "tests" / "fixtures" / name
    for name in ("concrete-utopia-2023.txt", "harbour-lights-2022.txt")
]
GENERATE_REVIEWS = ROOT / "tests" / "benchmarks" / "generate_reviews.py"
GENERATED_REVIEWS = 12  # with the three samples, a second page of the index
REPORTS = ROOT / "reports" / "check-pages"
GUNICORN = Path(sys.executable).parent / "gunicorn"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MIN_SCORE = 95


@dataclass(frozen=True)
class Url:
    path: str
    status: int = 200
    # Lighthouse scores each indexable page type once. Not an error page, nor a noindex one (its
    # SEO audit fails both by design), nor a second page of a listing already scored.
    lighthouse: bool = True
    # A page the site cannot be made to serve on purpose, checked as the file Django sends.
    file: Path | None = None

    def address(self, base_url):
        return self.file.as_uri() if self.file else base_url + self.path


# Every public page type, each URL known to exist in the content loaded by Site. Add new ones here.
PAGES = [
    Url("/"),
    Url("/reviews/"),
    Url("/reviews/ballerina-2023-review/"),
    Url("/reviews/?page=2", lighthouse=False),
    Url("/reviews/genre/action/"),
    Url("/reviews/tag/netflix/"),
    Url("/critics/"),
    Url("/critics/hana-kim/"),
    # Search results are noindex on purpose, which Lighthouse's SEO audit counts as a failure.
    Url("/search/?q=ballerina", lighthouse=False),
    Url("/no-such-page/", status=404, lighthouse=False),
    # Django's server-error handler sends this template as it is: it takes no context.
    Url("(500 page)", status=500, lighthouse=False, file=ROOT / "templates" / "500.html"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_tools():
    """Stop with one clear line when a tool is missing, before a server is started."""
    try:
        version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr
    except FileNotFoundError:
        version = ""
    match = re.search(r'version "(\d+)', version)
    if not match or int(match.group(1)) < 11:
        sys.exit(
            "check-pages: the Nu Html Checker needs Java 11 or later on the PATH "
            "(Debian: apt-get install openjdk-17-jre-headless)."
        )
    for tool in (VNU, AXE, LIGHTHOUSE):
        if not tool.exists():
            sys.exit(f"check-pages: {tool.relative_to(ROOT)} is missing: run `make check-pages`.")
    if not Path(CHROMIUM).exists():
        sys.exit(f"check-pages: {CHROMIUM} is missing: run `make chromium`.")


def report_name(url):
    name = re.sub(r"[^a-z0-9]+", "-", url.path.lower()).strip("-")
    return name or "home"


class MediaHandler(SimpleHTTPRequestHandler):
    """Uploads as a web server serves them: renditions never change, so browsers keep them."""

    def end_headers(self):
        self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        super().end_headers()

    def log_message(self, *args):
        pass


class Site:
    """The site served by gunicorn with the production settings over a throwaway database."""

    def __init__(self, tmp):
        self.base_url = f"http://127.0.0.1:{free_port()}"
        self.media = Path(tmp) / "media"
        self.media.mkdir()
        self.media_server = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(MediaHandler, directory=self.media)
        )
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PUBLIC_BASE_URL": self.base_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
            "PAGE_CACHE_DIR": f"{tmp}/page-cache",
            "MEDIA_ROOT": str(self.media),
            "MEDIA_URL": f"http://127.0.0.1:{self.media_server.server_port}/",
            # Plain http on loopback: the redirect to https would send every check elsewhere.
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
        self.tmp = Path(tmp)
        self.log_path = self.tmp / "server.log"
        self.server = None

    def manage(self, *args, wait=True):
        command = [sys.executable, "manage.py", *args]
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL)
        if wait:
            self.finish(process)
        return process

    @staticmethod
    def finish(process):
        if process.wait():
            raise subprocess.CalledProcessError(process.returncode, process.args)

    def __enter__(self):
        # Independent of the database: it runs meanwhile, on the other core.
        collectstatic = self.manage("collectstatic", "--no-input", wait=False)
        self.manage("migrate", "--no-input")
        self.manage("load_demo")
        self.manage("shell", "-v0", "-c", EXTRA_CONTENT)
        generated = self.tmp / "generated"
        subprocess.run(
            [sys.executable, GENERATE_REVIEWS, generated, "--count", str(GENERATED_REVIEWS)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.manage("import_reviews", *SAMPLE_REVIEWS, generated, "--publish")
        self.finish(collectstatic)
        threading.Thread(target=self.media_server.serve_forever, daemon=True).start()
        with self.log_path.open("w") as log:
            self.server = subprocess.Popen(
                [GUNICORN, "cms.wsgi", "--bind", self.base_url.removeprefix("http://")]
                + ["--workers", "2", "--no-control-socket"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base_url + "/", timeout=10)
                return self
            except OSError:  # refused while gunicorn starts
                if self.server.poll() is not None:
                    break
                time.sleep(0.2)
        sys.exit(f"check-pages: gunicorn did not start:\n{self.log_path.read_text()}")

    def __exit__(self, *exc):
        self.server.terminate()
        self.server.wait()
        self.media_server.shutdown()

    def fetch(self, url):
        """The page's status and HTML, whatever the status."""
        if url.file:
            return url.status, url.file.read_bytes()
        try:
            with urllib.request.urlopen(self.base_url + url.path, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()


def start_vnu(files):
    """The Nu Html Checker over the saved pages (it refuses loopback URLs), in the background."""
    return subprocess.Popen(
        ["java", "-jar", VNU, "--format", "json", "--exit-zero-always", *map(str, files)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def vnu_errors(process, files):
    """Error messages per saved file; warnings are kept in the report but do not count."""
    _, output = process.communicate()
    (REPORTS / "vnu.json").write_text(output)
    try:
        messages = json.loads(output)["messages"]
    except (json.JSONDecodeError, KeyError):
        sys.exit(f"check-pages: the Nu Html Checker failed:\n{output[-2000:]}")
    errors = {file: [] for file in files}
    for message in messages:
        # A non-document error is the checker failing to read a file: that fails the page too.
        if message["type"] in ("error", "non-document-error") or message.get("subType") == "fatal":
            file = Path(urllib.request.url2pathname(urllib.parse.urlsplit(message["url"]).path))
            errors[file].append(message)
    return errors


def browser_check(browser, base_url, url):
    """axe-core's WCAG 2.1 A/AA violations at each viewport width (one entry per rule), and what
    went wrong in the browser: script errors, console errors, sub-resources that failed."""
    violations, problems = {}, set()
    address = url.address(base_url)
    for name, viewport in VIEWPORTS.items():
        # axe-core is injected as an inline script, which the site's CSP rightly refuses.
        page = browser.new_page(viewport=viewport, bypass_csp=True)
        page.on("pageerror", lambda error: problems.add(f"script error: {error}"))
        # The document's own status is checked apart: a 404 page logs its 404 as a console error.
        page.on(
            "console",
            lambda message: (
                message.type == "error"
                and message.location.get("url") != address
                and problems.add(f"console error: {message.text}")
            ),
        )
        page.on(
            "response",
            lambda response: (
                response.url != address
                and response.status >= 400
                and problems.add(f"HTTP {response.status} for {response.url}")
            ),
        )
        page.on("requestfailed", lambda request: problems.add(f"request failed: {request.url}"))
        page.goto(address)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        # What axe saw, for a person to look at.
        page.screenshot(path=REPORTS / f"{report_name(url)}.{name}.png", full_page=True)
        page.close()
        (REPORTS / f"{report_name(url)}.axe-{name}.json").write_text(json.dumps(result, indent=1))
        for violation in result["violations"]:
            violations.setdefault(violation["id"], violation)
    return list(violations.values()), sorted(problems)


def lighthouse_scores(base_url, url, runs=3):
    """Lighthouse's four scores and the last error, if any run failed to record the page.

    Another run only while the best is under MIN_SCORE or every run failed (Lighthouse's trace
    recording fails now and then, NO_NAVSTART, twice in a row once in CI); the best score of each
    category is kept.
    """
    best, error = {}, None
    for _ in range(runs):
        output = REPORTS / f"{report_name(url)}.lighthouse"  # Lighthouse adds .report.json/.html
        run = subprocess.run(
            ["node", LIGHTHOUSE, url.address(base_url), "--preset=desktop", "--quiet"]
            + ["--output=json", "--output=html", f"--output-path={output}"]
            + [f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}"]
            + [f"--chrome-flags={' '.join(CHROMIUM_ARGS)}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            stderr=subprocess.PIPE,
            text=True,
        )
        report_path = Path(f"{output}.report.json")
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
        if run.returncode or "runtimeError" in report or "categories" not in report:
            lines = run.stderr.strip().splitlines() or ["no report"]
            error = report.get("runtimeError", {}).get("message") or lines[-1]
            continue
        categories = report["categories"]
        scores = {key: round(100 * (categories[key]["score"] or 0)) for key in categories}
        best = {key: max(scores[key], best.get(key, 0)) for key in scores}
        if min(best.values()) >= MIN_SCORE:
            break
    return best, error


def main():
    started = time.monotonic()
    require_tools()
    shutil.rmtree(REPORTS, ignore_errors=True)
    REPORTS.mkdir(parents=True)
    failures, rows, timings = [], [], {}
    with tempfile.TemporaryDirectory(prefix="check-pages-") as tmp, Site(tmp) as site:
        timings["site setup"] = time.monotonic() - started
        files = {}
        for url in PAGES:
            status, html = site.fetch(url)
            if status != url.status:
                failures.append(f"{url.path}: HTTP {status}, expected {url.status}")
            files[url] = REPORTS / f"{report_name(url)}.html"
            files[url].write_bytes(html)
        vnu = start_vnu(files.values())

        step = time.monotonic()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            checked = {url: browser_check(browser, site.base_url, url) for url in PAGES}
            browser.close()
        timings["axe-core and browser"] = time.monotonic() - step
        errors = vnu_errors(vnu, files.values())

        step = time.monotonic()
        for url in PAGES:
            scores, error = lighthouse_scores(site.base_url, url) if url.lighthouse else ({}, None)
            if error and not scores:
                failures.append(f"{url.path}: Lighthouse could not run: {error}")
            html_errors = errors[files[url]]
            violations, problems = checked[url]
            rows.append((url, len(html_errors), len(violations), len(problems), scores))
            for message in html_errors:
                failures.append(
                    f"{url.path}: vnu line {message.get('lastLine')}: {message['message']}"
                )
            for violation in violations:
                failures.append(f"{url.path}: axe {violation['id']}: {violation['help']}")
            failures += [f"{url.path}: browser {problem}" for problem in problems]
            failures += [
                f"{url.path}: Lighthouse {key} {score} < {MIN_SCORE}"
                for key, score in scores.items()
                if score < MIN_SCORE
            ]
        timings["Lighthouse"] = time.monotonic() - step

    print_table(rows)
    timings["total"] = time.monotonic() - started
    print("time: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings.items()))
    print(f"reports: {REPORTS.relative_to(ROOT)}/")
    if failures:
        print(f"\ncheck-pages: FAILED ({len(failures)}):")
        print("\n".join(f"  {failure}" for failure in failures))
        return 1
    print("\ncheck-pages: passed")
    return 0


def print_table(rows):
    width = max(len(url.path) for url, *_ in rows)
    header = ["vnu errors", "axe", "browser", "perf", "a11y", "best-pr", "SEO"]
    print(f"\n{'URL':<{width}}  " + "  ".join(f"{name:>10}" for name in header))
    for url, *counts, scores in rows:
        cells = counts + [scores.get(key, "-") for key in LIGHTHOUSE_CATEGORIES]
        print(f"{url.path:<{width}}  " + "  ".join(f"{cell:>10}" for cell in cells))


if __name__ == "__main__":
    sys.exit(main())
