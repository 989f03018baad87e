"""The web benchmark's report: the markdown table, the JSON and the chart, and the targets of
issue 15 (docs/benchmarks.md) judged against the figures."""

import json
import math

import matplotlib

matplotlib.use("Agg")  # files only: no display on a server
import matplotlib.pyplot as plt  # noqa: E402

TARGET_COUNT = 10_000
WARM_RATIO = 0.5
REVIEW_QUERIES = 10
REVIEW_P50_MS = 25
SLOW_P95_MS = 50
OFFSET_TOLERANCE = 0.8  # "as fast as page 1": at least this share of its rate
LIST_100_QUERIES = 10
SITEMAP_SECTION_URLS = 5000
SITEMAP_SECTION_MS = 1000
IMPORT_RATE = 50
RSS_MB = 250


def write_report(results, out):
    results["targets"] = targets(results)
    (out / "results.json").write_text(json.dumps(results, indent=1, default=str))
    (out / "results.md").write_text(markdown(results))
    if results["databases"]:
        chart(results, out / "chart.png")


def ms(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def rate(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def markdown(results):
    settings = results["settings"]
    lines = [
        f"# `make bench` — {results['started']} (commit {results['commit'] or '?'})",
        "",
        f"{settings['count']:,} seeded reviews; gunicorn, {settings['workers']} sync workers, "
        f"production settings; wrk, 1 thread, {settings['connections']} connections, "
        f"{settings['duration']} s per URL (longer for slow ones), each after a run on the static "
        f"file; cache: {settings['cache']}. Machine: {results['machine']['cpus']} CPUs, load "
        f"average {results['machine']['load_average'][0]:.2f} at the start. Total "
        f"{results.get('seconds', 0) / 60:.1f} min.",
        "",
        "Cold: every cache replaced by a dummy, so each request misses. Warm: the production "
        "cache, the URL requested before. Queries: counted in-process, on a miss (caches "
        "cleared first) / repeated. × static: the URL's rate over the static file's in the run "
        "just before it. Latencies in ms.",
    ]
    for name, database in results["databases"].items():
        lines += ["", f"## {name} (seeded in {database['seed_seconds']:.0f} s)", ""]
        lines += [
            "| URL | queries miss / repeat | cold req/s | p50 | p95 | p99 | × static "
            "| warm req/s | p50 | p95 | p99 | × static | errors |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for row in database["urls"]:
            label = row["label"]
            cold, warm = database["cold"].get(label), database["warm"].get(label)
            if cold is None or warm is None:
                continue
            extra = ""
            if "sitemap_urls" in row and row.get("sitemap_sections"):
                extra = f" (index of {row['sitemap_sections']})"
            elif row.get("sitemap_urls"):
                extra = f" ({row['sitemap_urls']:,} URLs)"
            lines.append(
                f"| {label}{extra} | {row['queries_cold']} / {row['queries_warm']} "
                + "".join(
                    f"| {rate(f['rate'])} | {ms(f['p50'])} | {ms(f['p95'])} | {ms(f['p99'])} "
                    f"| {f['ratio']:.2f} "
                    for f in (cold, warm)
                )
                + f"| {cold['errors'] + warm['errors']} |"
            )
        if memory := database.get("memory"):
            lines += [
                "",
                f"Worker memory after {memory['requests']:,} mixed requests (warm cache, "
                f"{memory['errors']} errors, {memory['seconds']:.0f} s): "
                + ", ".join(f"{size:.0f} MB" for size in memory["rss_after_mb"])
                + " (at start: "
                + ", ".join(f"{size:.0f} MB" for size in memory["rss_before_mb"])
                + ")",
            ]
    for name, problem in results["skipped"].items():
        lines += ["", f"## {name}: skipped ({problem})"]
    if results.get("imports"):
        lines += ["", "## Import (import_reviews, plain text, fresh SQLite, start-up included)", ""]
        lines += ["| files | phase | seconds | reviews/s | peak RSS MB |", "|--:|---|--:|--:|--:|"]
        for run in results["imports"]:
            for phase in run["phases"]:
                lines.append(
                    f"| {run['count']:,} | {phase['phase']} | {phase['seconds']:.1f} "
                    f"| {phase['rate']:.1f} | {phase['peak_rss_mb']:.0f} |"
                )
    lines += ["", "## Targets (issue 15)", ""]
    where = results["targets"]["database"]
    if results["settings"]["count"] < TARGET_COUNT:
        lines += [
            f"The targets are set at {TARGET_COUNT:,} reviews; this run seeded "
            f"{results['settings']['count']:,}.",
            "",
        ]
    lines += [f"| target ({where}) | measured | result |", "|---|---|---|"]
    for target in results["targets"]["rows"]:
        lines.append(f"| {target['target']} | {target['measured']} | {target['result']} |")
    return "\n".join(lines) + "\n"


def targets(results):
    """Each target of issue 15 point 4, judged on PostgreSQL (else the last database run)."""
    rows = []

    def judge(target, measured, ok):
        rows.append({"target": target, "measured": measured, "result": "PASS" if ok else "FAIL"})

    databases = results["databases"]
    name = "postgresql" if "postgresql" in databases else next(reversed(databases), None)
    if name:
        database = databases[name]
        cold, warm = database["cold"], database["warm"]
        queries = {row["label"]: row for row in database["urls"]}
        labels = list(cold)

        def find(prefix):
            return next((label for label in labels if label.startswith(prefix)), None)

        for label in ("review page", "home", "reviews page 1", "API detail", "API list 20"):
            if label in warm:
                ratio = warm[label]["ratio"]
                judge(f"warm {label} ≥ {WARM_RATIO}× static", f"{ratio:.2f}×", ratio >= WARM_RATIO)
        if "review page" in cold:
            count = queries["review page"]["queries_cold"]
            judge(f"cold review page ≤ {REVIEW_QUERIES} queries", count, count <= REVIEW_QUERIES)
            p50 = cold["review page"]["p50"]
            target = f"cold review page p50 ≤ {REVIEW_P50_MS} ms"
            judge(target, f"{ms(p50)} ms", p50 <= REVIEW_P50_MS)
        deep = next((label for label in labels if label.startswith("reviews page ")
                     and label != "reviews page 1"), None)  # fmt: skip
        for label in (deep, "reader search", "API search"):
            if label in cold:
                p95 = cold[label]["p95"]
                judge(f"cold {label} p95 ≤ {SLOW_P95_MS} ms", f"{ms(p95)} ms", p95 <= SLOW_P95_MS)
        offset, first = find("API list offset"), "API list 20"
        if offset in cold and first in cold:
            share = cold[offset]["rate"] / cold[first]["rate"] if cold[first]["rate"] else 0
            judge(
                f"cold {offset} as fast as the first page (≥ {OFFSET_TOLERANCE:.0%} of its rate)",
                f"{share:.0%}",
                share >= OFFSET_TOLERANCE,
            )
        if "API list 100" in queries:
            count = queries["API list 100"]["queries_cold"]
            judge(f"API list 100 ≤ {LIST_100_QUERIES} queries", count, count <= LIST_100_QUERIES)
        sitemap_targets(judge, queries, cold)
        if memory := database.get("memory"):
            peak = memory["rss_max_mb"]
            judge(
                f"worker RSS < {RSS_MB} MB after {memory['requests']:,} mixed requests",
                f"{peak:.0f} MB",
                peak < RSS_MB,
            )
    for run in results.get("imports", []):
        first = next((p for p in run["phases"] if p["phase"] == "first import"), None)
        if first:
            judge(
                f"first import of {run['count']:,} files ≥ {IMPORT_RATE} reviews/s",
                f"{first['rate']:.1f}/s",
                first["rate"] >= IMPORT_RATE,
            )
    return {"database": name or "none", "rows": rows}


def sitemap_targets(judge, queries, cold):
    sitemap = queries.get("sitemap")
    if sitemap is None:
        return
    sections = [row for label, row in queries.items() if label.startswith("sitemap section")]
    judge(
        "sitemap is an index of sections",
        f"{len(sections)} sections" if sections else f"one file of {sitemap['sitemap_urls']:,}",
        bool(sections),
    )
    if sections:
        largest = max(row["sitemap_urls"] for row in sections)
        judge(
            f"no sitemap section over {SITEMAP_SECTION_URLS:,} URLs",
            f"largest {largest:,}",
            largest <= SITEMAP_SECTION_URLS,
        )
        measured = [row["label"] for row in sections if row["label"] in cold]
        if measured:
            slowest = max(cold[label]["p95"] for label in measured)
            judge(
                f"each sitemap section cold p95 ≤ {SITEMAP_SECTION_MS} ms",
                f"slowest {ms(slowest)} ms ({len(measured)} loaded)",
                slowest <= SITEMAP_SECTION_MS,
            )


def chart(results, path):
    """Requests/s per URL, cold and warm, one panel per database; the static file's rate as a
    line (log scale: the static file and a cached page are orders beyond a rendered one)."""
    databases = results["databases"]
    figure, axes = plt.subplots(
        1, len(databases), figsize=(7 * len(databases), 7), squeeze=False, sharey=True
    )
    for axis, (name, database) in zip(axes[0], databases.items(), strict=True):
        labels = [label for label in database["cold"] if label != "static file"]
        positions = range(len(labels))
        cold = [max(database["cold"][label]["rate"], 0.01) for label in labels]
        warm = [max(database["warm"][label]["rate"], 0.01) for label in labels]
        axis.barh([p + 0.2 for p in positions], cold, height=0.4, label="cold (miss)")
        axis.barh([p - 0.2 for p in positions], warm, height=0.4, label="warm")
        static = database["warm"]["static file"]["rate"]
        axis.axvline(static, color="black", linestyle="--", label=f"static file ({static:.0f}/s)")
        axis.axvline(static * 0.5, color="grey", linestyle=":", label="½ static (target)")
        axis.set_xscale("log")
        axis.set_yticks(list(positions), labels)
        axis.invert_yaxis()
        axis.set_xlabel("requests/s (log)")
        axis.set_title(f"{name}, {results['settings']['count']:,} reviews")
        axis.legend(loc="lower right", fontsize="small")
        axis.set_xlim(left=10 ** math.floor(math.log10(min(cold + warm))))
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
