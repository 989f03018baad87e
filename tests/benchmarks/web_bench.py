"""`make bench`: what readers and front ends feel, on a seeded archive (docs/benchmarks.md).

    .venv/bin/python tests/benchmarks/web_bench.py [--count 10000] [--quick]

For each database (SQLite, then PostgreSQL in a database of its own): migrate, `seed_reviews`,
count each URL's queries in-process (probe.py), then serve with gunicorn (the production
settings through cms.settings.bench, DEBUG off, 2 sync workers on 127.0.0.1) and load each URL
with wrk, a run on the static CSS file (whitenoise) before each one as the baseline. Twice: "cold"
with every cache replaced by a dummy (each request misses), "warm" with the production cache
(Redis when reachable, else local memory) and the URL already requested. Then the worker's
memory after a mixed load, and the import benchmark (import_bench.py) at each --import-counts.

Writes bench-results/<time>/ (results.md, results.json, chart.png; bench-results/latest points
at it) and prints the table. Missing a target prints FAIL in the table; the exit status is
non-zero only when something did not run (a server that did not start, a URL that errs).
"""

import argparse
import datetime
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench-results"
WORKERS = 2
STATIC_LABEL = "static file"
# A load whose run completed fewer requests than this is run again for longer (up to MAX_RUN
# seconds; quick runs: the smaller figures).
MIN_REQUESTS, MIN_REQUESTS_QUICK = 20, 5
MAX_RUN, MAX_RUN_QUICK = 30, 10
POSTGRES_NAME = "cms_bench"

# wrk's report as JSON (its own text report rounds and changes units).
REPORT_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.6f, "errors": %d, "p50": %.3f, "p95": %.3f, '
    .. '"p99": %.3f, "mean": %.3f}\\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.mean / 1000))
end
"""
# The mixed load: the paths in turn, `limit` responses, then the report and the end of wrk (whose
# main thread would otherwise wait out its whole duration).
MIX_LUA = """
local paths = {%s}
local limit = %d
local sent, received, failed = 0, 0, 0
request = function()
  sent = sent + 1
  return wrk.format("GET", paths[(sent - 1) %% #paths + 1])
end
response = function(status, headers, body)
  received = received + 1
  if status >= 400 then failed = failed + 1 end
  if received >= limit then
    io.write(string.format('BENCH {"requests": %%d, "errors": %%d}\\n', received, failed))
    io.flush()
    os.exit(0)
  end
end
"""


class BenchError(Exception):
    pass


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(command, env, log, what):
    """A command whose output goes to `log`; a failure names it with the log's last lines."""
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(map(str, command))}\n")
        out.flush()
        start = time.perf_counter()
        code = subprocess.call(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    if code:
        tail = "\n".join(Path(log).read_text(encoding="utf-8").splitlines()[-15:])
        raise BenchError(f"{what} failed (exit {code}):\n{tail}")
    return time.perf_counter() - start


def manage(env, log, *args):
    return run([sys.executable, "manage.py", *args], env, log, f"manage.py {args[0]}")


class Server:
    """gunicorn as production runs it; stopped (its whole process group) on leaving."""

    def __init__(self, env, port, log):
        self.env, self.port, self.log = env, port, log
        self.base = f"http://127.0.0.1:{port}"
        self.process = None

    def __enter__(self):
        with open(self.log, "a", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [BIN / "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{self.port}"]
                + ["--workers", str(WORKERS), "--no-control-socket"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        for _ in range(120):
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited ({self.process.returncode}): see {self.log}")
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=10)
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise BenchError(f"gunicorn did not answer on {self.base}: see {self.log}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def worker_rss_mb(self):
        """Each worker's resident memory (MB), from /proc."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        sizes = []
        for pid in children.read_text().split():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def get(self, path, times=1):
        for _ in range(times):
            request = urllib.request.Request(self.base + path)
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    response.read()
            except urllib.error.HTTPError as error:
                if error.code >= 400:
                    raise BenchError(f"{path} answered {error.code}") from None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# The find endpoint answers with a redirect: measured as the redirect, not what it points at.
urllib.request.install_opener(urllib.request.build_opener(NoRedirect))


def wrk(url, seconds, connections, script, tmp):
    """One wrk run; returns its figures (latencies in ms, rate in requests/s)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s"]
    command += ["--latency", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((line for line in output.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise BenchError(f"wrk printed no report for {url}:\n{output}")
    figures = json.loads(line.removeprefix("BENCH "))
    figures["rate"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
    return figures


def load(server, path, options, tmp):
    """wrk on a path, run longer when too few requests completed to tell anything."""
    seconds = options.duration
    least, most = (MIN_REQUESTS_QUICK, MAX_RUN_QUICK) if options.quick else (MIN_REQUESTS, MAX_RUN)
    while True:
        figures = wrk(server.base + path, seconds, options.connections, tmp / "report.lua", tmp)
        if figures["requests"] >= least or seconds >= most:
            figures["duration"] = seconds
            return figures
        per_request = seconds / max(figures["requests"], 1)
        seconds = min(most, math.ceil(per_request * least * 1.2))


def measure_mode(env, mode, urls, options, tmp, log, redis_url):
    """Every URL under load on a fresh server, each after a run on the static file."""
    flush_redis(redis_url)
    env = {**env, "BENCH_CACHE": "off" if mode == "cold" else "on"}
    static = next(row["path"] for row in urls if row["label"] == STATIC_LABEL)
    rows = {}
    with Server(env, options.port, log) as server:
        for row in urls:
            # Imports, templates and connections warmed in both workers; in "warm", the cache.
            server.get(row["path"], times=WORKERS if options.quick else 2 * WORKERS)
        for row in urls:
            if row["label"] == STATIC_LABEL:
                continue
            print(f"  {mode:<5} {row['label']} …", flush=True)
            baseline = load(server, static, options, tmp)
            figures = load(server, row["path"], options, tmp)
            figures["static_rate"] = baseline["rate"]
            figures["ratio"] = figures["rate"] / baseline["rate"] if baseline["rate"] else 0
            rows[row["label"]] = figures
            rows.setdefault(STATIC_LABEL + " runs", []).append(baseline)
    runs = rows.pop(STATIC_LABEL + " runs")
    rows[STATIC_LABEL] = {
        "rate": statistics.median(run["rate"] for run in runs),
        **{key: statistics.median(run[key] for run in runs) for key in ("p50", "p95", "p99")},
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
        "ratio": 1.0,
        "runs": len(runs),
    }
    return rows


def memory(env, paths, options, tmp, log, redis_url):
    """The workers' RSS after `rss_requests` mixed requests on a fresh server (warm cache)."""
    flush_redis(redis_url)
    script = tmp / "mix.lua"
    # ASCII only (percent-encoded), so that JSON's quoting is also Lua's.
    quoted = ", ".join(json.dumps(quote(path, safe="/?=&%:+,*")) for path in paths)
    script.write_text(MIX_LUA % (quoted, options.rss_requests))
    with Server({**env, "BENCH_CACHE": "on"}, options.port, log) as server:
        before = server.worker_rss_mb()
        start = time.perf_counter()
        command = ["wrk", "-t1", f"-c{options.connections}", "-d3600s", "--timeout", "60s"]
        command += ["-s", str(script), server.base]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        line = next(line for line in output.splitlines() if line.startswith("BENCH "))
        figures = json.loads(line.removeprefix("BENCH "))
        after = server.worker_rss_mb()
    return {
        "requests": figures["requests"],
        "errors": figures["errors"],
        "seconds": time.perf_counter() - start,
        "rss_before_mb": before,
        "rss_after_mb": after,
        "rss_max_mb": max(after),
    }


def redis_reachable(url):
    if not url:
        return False
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means: run without it
        return False


def flush_redis(url):
    """The benchmark's own Redis database starts empty for each server."""
    if url:
        import redis

        redis.Redis.from_url(url).flushdb()


def postgres_database(url):
    """A fresh database for the benchmark (dropped and made again); None when unreachable."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))  # fmt: skip
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        return str(error).strip().splitlines()[0]
    return None


def bench_database(name, database_url, options, tmp, base_env, redis_url):
    """Seed, probe, load cold and warm; the results for one database."""
    log = tmp / f"{name}.log"
    print(f"{name}: migrating and seeding {options.count} reviews …", flush=True)
    env = {**base_env, "DATABASE_URL": database_url}
    manage(env, log, "migrate", "--no-input")
    seconds = manage(env, log, "seed_reviews", str(options.count))
    probe_file = tmp / f"{name}-probe.json"
    print(f"{name}: counting queries …", flush=True)
    run(
        [sys.executable, ROOT / "tests" / "benchmarks" / "probe.py", probe_file],
        {**env, "BENCH_CACHE": "on"},
        log,
        "probe",
    )
    probe = json.loads(probe_file.read_text())
    sections = [row for row in probe["urls"] if row["label"].startswith("sitemap section")]
    loaded = [row for row in probe["urls"] if row not in sections[options.sitemap_sections :]]
    result = {
        "seed_seconds": seconds,
        "urls": probe["urls"],
        "cold": measure_mode(env, "cold", loaded, options, tmp, log, redis_url),
        "warm": measure_mode(env, "warm", loaded, options, tmp, log, redis_url),
    }
    return result, env, probe["mix"]


def import_rates(options, tmp):
    rows = []
    for count in options.import_counts:
        print(f"import: {count} files …", flush=True)
        output = tmp / f"import-{count}.json"
        run(
            [sys.executable, ROOT / "tests" / "benchmarks" / "import_bench.py"]
            + ["--count", str(count), "--text-only", "--json", output],
            {**os.environ},
            tmp / "import.log",
            f"import benchmark ({count})",
        )
        rows.append({"count": count, **json.loads(output.read_text())})
    return rows


def main():
    options = parse_options()
    started = datetime.datetime.now(datetime.UTC)
    out = RESULTS / started.strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    redis_url = options.redis_url if redis_reachable(options.redis_url) else ""
    results = {
        "started": started.isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": {"cpus": os.cpu_count(), "load_average": os.getloadavg()},
        "settings": {
            "count": options.count,
            "duration": options.duration,
            "connections": options.connections,
            "workers": WORKERS,
            "cache": f"Redis ({redis_url})" if redis_url else "local memory (Redis unreachable)",
            "quick": options.quick,
        },
        "databases": {},
        "skipped": {},
    }
    with tempfile.TemporaryDirectory(prefix="web-bench-") as tmp:
        tmp = Path(tmp)
        try:
            run_all(options, results, tmp, redis_url)
        finally:
            keep_logs(tmp, out)
    results["seconds"] = (datetime.datetime.now(datetime.UTC) - started).total_seconds()
    from report import write_report  # noqa: PLC0415 - matplotlib only once there is data

    write_report(results, out)
    latest = RESULTS / "latest"
    if latest.is_symlink() or latest.exists():
        latest.unlink()
    latest.symlink_to(out.name)
    print((out / "results.md").read_text())
    print(f"Written to {out.relative_to(ROOT)}/ (results.md, results.json, chart.png)")


def run_all(options, results, tmp, redis_url):
    """Every database, then the imports, into `results`."""
    (tmp / "report.lua").write_text(REPORT_LUA)
    base_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{options.port}",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(tmp / "media"),
        "LOG_LEVEL": "WARNING",
        "REDIS_URL": redis_url,
    }
    print("collectstatic …", flush=True)
    manage(base_env, tmp / "collectstatic.log", "collectstatic", "--no-input")
    targets = {"sqlite": f"sqlite:///{tmp / 'bench.sqlite3'}", "postgresql": options.postgres}
    for name in options.databases:
        url = targets[name]
        if name == "postgresql" and (problem := postgres_database(url)):
            print(f"postgresql: skipped ({problem})", flush=True)
            results["skipped"][name] = problem
            continue
        result, env, mix = bench_database(name, url, options, tmp, base_env, redis_url)
        results["databases"][name] = result
        last = name
    if options.rss_requests and results["databases"]:
        # On the last database measured: PostgreSQL, as in production, when it ran.
        print(f"{last}: memory after {options.rss_requests} mixed requests …", flush=True)
        result["memory"] = memory(env, mix, options, tmp, tmp / f"{last}.log", redis_url)
    results["imports"] = import_rates(options, tmp)


def keep_logs(tmp, out):
    for log in tmp.glob("*.log"):
        shutil.copy(log, out / log.name)


def git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return ""


def parse_options():
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        default=bool(env("BENCH_QUICK")),
        help="a small archive and short runs, to try the benchmark itself",
    )
    parser.add_argument("--count", type=int, default=None, help="reviews seeded (10000)")
    parser.add_argument("--duration", type=int, default=None, help="seconds per load (5)")
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", WORKERS)))
    parser.add_argument("--databases", default=env("BENCH_DATABASES", "sqlite,postgresql"))
    parser.add_argument(
        "--postgres",
        default=env("BENCH_POSTGRES_URL", f"postgres://postgres@127.0.0.1:5432/{POSTGRES_NAME}"),
    )
    parser.add_argument("--redis-url", default=env("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--import-counts", default=env("BENCH_IMPORT_COUNTS"))
    parser.add_argument("--rss-requests", type=int, default=None)
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT", 0)) or free_port())
    parser.add_argument(
        "--sitemap-sections", type=int, default=4, help="sitemap sections loaded, if an index"
    )
    options = parser.parse_args()
    quick = options.quick
    if options.count is None:
        options.count = int(env("BENCH_N", 300 if quick else 10_000))
    if options.duration is None:
        options.duration = int(env("BENCH_DURATION", 2 if quick else 5))
    if options.rss_requests is None:
        options.rss_requests = int(env("BENCH_RSS_REQUESTS", 500 if quick else 10_000))
    counts = options.import_counts or ("200" if quick else "1000,10000")
    options.import_counts = [int(count) for count in counts.split(",") if count.strip()]
    options.databases = [name.strip() for name in options.databases.split(",") if name.strip()]
    if unknown := set(options.databases) - {"sqlite", "postgresql"}:
        parser.error(f"unknown databases: {', '.join(sorted(unknown))}")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: `make bench` installs it (Debian: apt-get install wrk)")
    return options


if __name__ == "__main__":
    # A Ctrl-C or a kill still runs the servers' `finally` blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        main()
    except BenchError as error:
        sys.exit(f"bench: {error}")
