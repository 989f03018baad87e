"""The web benchmark's look inside: which URLs to load, and how many queries each makes.

Run by web_bench.py with the same settings and database as the server it measures:
    probe.py OUTPUT.json
Writes the URLs (a seeded review near the middle of the archive, the index's page 400 or its
last, the sitemap's sections when it is an index…), each URL's status and its queries on a cache
miss (requested once before, then every cache cleared just before the request) and when repeated
(the same request again, caches as the miss left them), and the varied paths of the mixed load
for the memory figure.
Exits non-zero when a URL does not answer as expected: a benchmark of error pages measures
nothing.
"""

import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import django

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.templatetags.static import static  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from lxml import etree  # noqa: E402

from reviews.models import ReviewIndexPage, ReviewPage  # noqa: E402

SEARCH_WORD = "harbour"
MIX_WORDS = ("harbour", "winter", "garden", "signal", "tower", "kim", "ballerina", "archive")
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
API_LIST = "/api/v2/pages/?" + urlencode({"type": "reviews.ReviewPage", "fields": "*"})
MIX_SIZE = 400


def clear_caches():
    for cache in caches.all():
        cache.clear()


def measure(client, path):
    """(status, queries on a miss, queries when repeated, body).

    The URL is requested once first: what a first request ever does once (renditions made and
    stored, templates compiled) is not what a miss costs."""
    client.get(path)
    clear_caches()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(path)
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, len(cold), len(warm), body


def urls():
    """(label, path, expected status) of each measured URL, the static file first."""
    reviews = ReviewPage.objects.published().order_by("first_published_at", "pk")
    total = reviews.count()
    if not total:
        sys.exit("probe: no published reviews: seed some first")
    review = reviews[total // 2]
    index = ReviewIndexPage.objects.first()
    pages = -(-total // index.page_size)
    page = min(400, pages)
    offset = min(9000, max(0, total - 20))
    path = urlsplit(review.url).path
    return [
        ("static file", static("css/site.css"), 200),
        ("review page", path, 200),
        ("home", "/", 200),
        ("reviews page 1", "/reviews/", 200),
        (f"reviews page {page}", f"/reviews/?page={page}", 200),
        ("reader search", f"/search/?q={SEARCH_WORD}", 200),
        ("feed", "/feed/", 200),
        ("sitemap", "/sitemap.xml", 200),
        ("API list 20", f"{API_LIST}&limit=20", 200),
        ("API list 100", f"{API_LIST}&limit=100", 200),
        (f"API list offset {offset}", f"{API_LIST}&limit=20&offset={offset}", 200),
        ("API detail", f"/api/v2/pages/{review.pk}/", 200),
        ("API search", f"/api/v2/pages/?type=reviews.ReviewPage&search={SEARCH_WORD}", 200),
        ("API find", f"/api/v2/pages/find/?html_path={path}", 302),
    ]


def sitemap_sections(body):
    """The sitemap's sections (paths) when it is an index, and the URLs in a sitemap."""
    root = etree.fromstring(body)
    if root.tag == f"{SITEMAP_NS}sitemapindex":
        return [local(loc.text) for loc in root.iter(f"{SITEMAP_NS}loc")], 0
    return [], len(root.findall(f"{SITEMAP_NS}url"))


def local(url):
    parts = urlsplit(url.strip())
    return parts.path + (f"?{parts.query}" if parts.query else "")


def mix():
    """Varied reader and front-end requests: many reviews, index pages, searches, API items."""
    rng = random.Random(1)
    reviews = list(ReviewPage.objects.published().values_list("pk", "url_path"))
    sample = rng.sample(reviews, min(MIX_SIZE, len(reviews)))
    root = ReviewIndexPage.objects.first().get_parent().url_path
    pages = -(-len(reviews) // ReviewIndexPage.page_size)
    paths = []
    for number, (pk, url_path) in enumerate(sample):
        paths.append("/" + url_path.removeprefix(root))
        paths.append(f"/api/v2/pages/{pk}/")
        if number % 4 == 0:
            paths.append(f"/reviews/?page={rng.randint(1, min(pages, 50))}")
        if number % 8 == 0:
            paths += ["/", f"/search/?q={rng.choice(MIX_WORDS)}", f"{API_LIST}&limit=20"]
        if number % 40 == 0:
            paths += ["/feed/", "/sitemap.xml"]
    rng.shuffle(paths)
    return paths


def main():
    output = Path(sys.argv[1])
    client = Client(HTTP_HOST=os.environ.get("BENCH_HOST", "127.0.0.1"))
    rows, problems = [], []
    todo = urls()
    while todo:
        label, path, expected = todo.pop(0)
        status, cold, warm, body = measure(client, path)
        row = {"label": label, "path": path, "status": status, "queries_cold": cold,
               "queries_warm": warm}  # fmt: skip
        if status != expected:
            problems.append(f"{label} {path}: {status}, expected {expected}")
        if label == "sitemap" or label.startswith("sitemap section"):
            sections, count = sitemap_sections(body)
            row["sitemap_urls"] = count
            todo[0:0] = [
                (f"sitemap section {number}", section, 200)
                for number, section in enumerate(sections, start=1)
            ]
            row["sitemap_sections"] = len(sections)
        rows.append(row)
    output.write_text(json.dumps({"urls": rows, "mix": mix()}, indent=1))
    if problems:
        sys.exit("probe: " + "; ".join(problems))


if __name__ == "__main__":
    main()
