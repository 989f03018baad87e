"""Varied plain-text reviews (DESIGN.md §5) for the import benchmark.

Deterministic for a given seed, so two benchmark runs import the same files.
Run as a script to write a set for profiling: generate_reviews.py DIRECTORY [--count N].
"""

import argparse
import os
import re
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The parser's input rules (control characters) import Wagtail, which needs settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
django.setup()

from reviews.fake_reviews import FakeReview, fake_reviews  # noqa: E402
from reviews.ingest.parser import parse_review_bytes  # noqa: E402


def _check(path: Path, data: bytes, review: FakeReview) -> str:
    # A generator slip would otherwise benchmark a different shape than the one intended.
    parsed = parse_review_bytes(data)
    expected = (
        review.film,
        review.year,
        *map(len, (review.intro, review.sections, review.verdict)),
    )
    got = (parsed.film.title, parsed.film.year)
    got += tuple(map(len, (parsed.summary, parsed.sections, parsed.verdict)))
    if got != expected:
        raise ValueError(f"{path.name} parses as {got}, expected {expected}")
    return parsed.source_key


def generate(directory: Path, count: int, seed: int = 1) -> list[Path]:
    """Write `count` reviews into `directory` (created if needed); returns the files in order."""
    directory.mkdir(parents=True, exist_ok=True)
    keys: set[str] = set()
    paths = []
    for title, year, review in fake_reviews(count, seed):
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        path = directory / f"{len(paths):05d}-{slug}-{year}.txt"
        data = review.text().encode()
        key = _check(path, data, review)
        if key in keys:
            raise ValueError(f"{path.name} repeats the source key {key!r}")
        keys.add(key)
        path.write_bytes(data)
        paths.append(path)
    return paths


def generate_html(directory: Path, count: int, seed: int = 1) -> list[Path]:
    """`count` saved review pages (.html)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (_, _, review) in enumerate(fake_reviews(count, seed)):
        path = directory / f"{number:05d}.html"
        path.write_text(review.page_html(), encoding="utf-8")
        paths.append(path)
    return paths


WXR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
    ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
    ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
    "<channel><title>The Reel Ledger</title><link>https://example.com</link>"
    "<wp:wxr_version>1.2</wp:wxr_version>\n"
)


def generate_wxr(directory: Path, count: int, seed: int = 1, per_file: int = 100) -> list[Path]:
    """`count` posts in WordPress exports of `per_file` posts each (.xml)."""
    directory.mkdir(parents=True, exist_ok=True)
    items = [review.wxr_item(n + 1) for n, (_, _, review) in enumerate(fake_reviews(count, seed))]
    paths = []
    for start in range(0, count, per_file):
        path = directory / f"export-{start // per_file:03d}.xml"
        body = "\n".join(items[start : start + per_file])
        path.write_text(f"{WXR_HEAD}{body}</channel></rss>\n", encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    print(f"{len(generate(options.directory, options.count, options.seed))} files written")
