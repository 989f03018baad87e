"""Time `manage.py import_reviews` on generated reviews: plain text (a first import, then a
re-import), then saved web pages and WordPress exports when the project reads them.

Run from the repository root:  .venv/bin/python tests/benchmarks/import_bench.py [--count 1000]

Each phase is the real command in its own process, on a fresh SQLite database in a temp
directory; the time includes Django's start-up. Exits non-zero when an import fails or its
summary is not the expected one; missing a speed or memory target only prints MISS.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.generate_reviews import generate, generate_html, generate_wxr  # noqa: E402

TARGET_RATE = 50  # reviews per second
TARGET_RSS_MB = 300
# "Same order of speed": a re-import may be slower than the first import, but not by more.
REIMPORT_SLOWDOWN_LIMIT = 2
OUTCOMES = ("created", "updated", "unchanged", "refused")
SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) refused")
# ru_maxrss is in kilobytes on Linux, in bytes on macOS.
RSS_UNIT = 1024 * 1024 if sys.platform == "darwin" else 1024


def manage(args, env, log):
    """Run manage.py; returns (exit code, output, seconds, peak RSS in MB)."""
    with open(log, "w+", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        # wait4 reports this child's own peak RSS; RUSAGE_CHILDREN would be the peak of every
        # child so far (migrate included).
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return process.returncode, out.read(), seconds, usage.ru_maxrss / RSS_UNIT


def verdict(ok):
    return "PASS" if ok else "MISS"


def run_phase(name, reviews, count, expected, env, tmp):
    """One import of a directory; returns (row, problem or None)."""
    print(f"Running the {name} …", flush=True)
    log = tmp / f"{name.replace(' ', '-')}.log"
    code, output, seconds, rss = manage(["import_reviews", str(reviews)], env, log)
    match = SUMMARY.search(output)
    summary = match[0] if match else "(no summary line)"
    counts = dict(zip(OUTCOMES, map(int, match.groups()), strict=True)) if match else {}
    problem = None
    if code or counts.get(expected) != count:
        tail = "\n".join(output.splitlines()[-20:])
        problem = f"{name}: exit {code}, {summary}; expected {count} {expected}\n{tail}"
    return (name, seconds, count / seconds, rss, summary), problem


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="number of reviews per format")
    parser.add_argument("--seed", type=int, default=1, help="seed for the generated reviews")
    parser.add_argument(
        "--text-only", action="store_true", help="plain text only: no HTML and WXR phases"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args()
    count = options.count

    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        tmp = Path(tmp)
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        }
        print(f"Migrating a fresh database in {tmp} …", flush=True)
        code, output, _, _ = manage(["migrate", "--noinput"], env, tmp / "migrate.log")
        if code:
            sys.exit(f"migrate failed ({code}):\n{output}")
        reviews = tmp / "reviews"
        generate(reviews, count, options.seed)
        size = sum(path.stat().st_size for path in reviews.iterdir())
        print(f"Generated {count} review files ({size / count / 1024:.1f} KiB each on average)")

        results = []
        problems = []
        for name, expected in (("first import", "created"), ("re-import", "unchanged")):
            row, problem = run_phase(name, reviews, count, expected, env, tmp)
            results.append(row)
            problems += [problem] if problem else []
        indexed, stored = search_index_counts(env, tmp)
        print(f"Search index: {indexed} of {stored} reviews")
        if indexed != stored:
            problems.append(f"search index incomplete: {indexed} of {stored} reviews indexed")
        # Saved web pages and WordPress exports, when the readers for them are installed; other
        # seeds, so their films are new.
        others = []
        suffixes = [] if options.text_only else readable_suffixes(env, tmp)
        for offset, (name, make, suffix) in enumerate(
            (("HTML import", generate_html, ".html"), ("WXR import", generate_wxr, ".xml")),
            start=1,
        ):
            if options.text_only:
                continue
            if suffix not in suffixes:
                others.append((name, f"no reader for {suffix} files"))
                continue
            make(tmp / suffix[1:], count, options.seed + offset)
            row, problem = run_phase(name, tmp / suffix[1:], count, "created", env, tmp)
            results.append(row)
            problems += [problem] if problem else []

    print()
    print(
        f"{'phase':<14}{'reviews':>8}{'seconds':>10}{'reviews/s':>11}{'peak RSS MB':>13}  summary"
    )
    for name, seconds, rate, rss, summary in results:
        print(f"{name:<14}{count:>8}{seconds:>10.1f}{rate:>11.1f}{rss:>13.1f}  {summary}")
    for name, reason in others:
        print(f"{name:<14}  {reason}")
    print()
    (_, _, first_rate, first_rss, _), (_, _, again_rate, again_rss, _) = results[:2]
    peak = max(row[3] for row in results)
    print("Targets (times include Django start-up):")
    print(
        f"  plain text first import ≥ {TARGET_RATE} reviews/s: {verdict(first_rate >= TARGET_RATE)}"
    )
    print(f"  plain text re-import ≥ {TARGET_RATE} reviews/s: {verdict(again_rate >= TARGET_RATE)}")
    print(f"  peak RSS < {TARGET_RSS_MB} MB: {verdict(peak < TARGET_RSS_MB)} ({peak:.0f} MB)")
    same_order = again_rate * REIMPORT_SLOWDOWN_LIMIT >= first_rate
    print(
        f"  re-import at least 1/{REIMPORT_SLOWDOWN_LIMIT} the first import's speed: "
        f"{verdict(same_order)} ({again_rate / first_rate:.2f}×)"
    )
    if options.json:
        keys = ("phase", "seconds", "rate", "peak_rss_mb", "summary")
        phases = [dict(zip(keys, row, strict=True)) for row in results]
        options.json.write_text(json.dumps({"phases": phases, "problems": problems}, indent=1))
    if problems:
        print("\nFAILED:\n" + "\n\n".join(problems), file=sys.stderr)
        sys.exit(1)


SEARCH_INDEX_COUNTS = """
from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry
from reviews.models import ReviewPage
kind = ContentType.objects.get_for_model(ReviewPage)
print("INDEXED", IndexEntry.objects.filter(content_type=kind).count(), ReviewPage.objects.count())
"""


def search_index_counts(env, tmp):
    """(reviews in the search index, reviews stored): an import keeps search complete."""
    _, output, _, _ = manage(["shell", "-c", SEARCH_INDEX_COUNTS], env, tmp / "search.log")
    line = next((line for line in output.splitlines() if line.startswith("INDEXED")), "")
    return tuple(map(int, line.split()[1:])) if line else (-1, -1)


def readable_suffixes(env, tmp):
    """The file suffixes the importer has a reader for, asked of the project itself."""
    code, output, _, _ = manage(
        ["shell", "-c", "from reviews.ingest.files import READERS; print('SUFFIXES', *READERS)"],
        env,
        tmp / "readers.log",
    )
    line = next((line for line in output.splitlines() if line.startswith("SUFFIXES")), "")
    return line.split()[1:]


if __name__ == "__main__":
    main()
