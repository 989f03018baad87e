"""Two app nodes behind a load balancer, on shared services (run by `make cluster-test`).

    .venv/bin/python tests/cluster_test.py

Starts, on spare ports of 127.0.0.1: a PostgreSQL database of its own (CLUSTER_DATABASE_URL,
default postgres://postgres@127.0.0.1:5432/cms_cluster_test, dropped and made again), a Redis
server of its own (Debian's redis-server), a shared media directory, and two nodes, A and B, each
running what a production node runs: gunicorn with the production settings, a webhook worker and
a scheduler (docs/deploy.md). nginx (Debian's) balances between the nodes and serves the media
directory. A local HTTP receiver counts webhook deliveries. Then shows, one printed line per fact,
and exits non-zero naming the first that does not hold:

- an editor who signs in through node A uses the admin through node B (one session store);
- a publish through node A's admin is served by node B and through the load balancer within 1 s,
  and an unpublish through node B's admin disappears from node A within 1 s (shared cache);
- with both schedulers running, each go-live is published once: one log entry and one webhook
  event per review (the scheduler's advisory lock);
- with workers on both nodes, each webhook event reaches the receiver exactly once.

CLUSTER_PORTS_FROM=8600 takes the ports from 8600 on instead of free ones picked at random.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
REDIS = shutil.which("redis-server") or "/usr/bin/redis-server"
DATABASE_URL = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cms_cluster_test"
)
PROPAGATION_LIMIT = 1.0  # seconds from a publish on one node to the new page on the other
SCHEDULED = 6  # reviews going live at the same second: long enough a run for both schedulers
EXTRA_EVENTS = 40  # webhook events queued at once, for the two workers to share
REVIEW = "/reviews/ballerina-2023-review/"


class Failure(Exception):
    pass


def say(line):
    print(f"cluster: {line}", flush=True)


def check(condition, message):
    if not condition:
        raise Failure(message)


def ports(count):
    start = os.environ.get("CLUSTER_PORTS_FROM")
    if start:
        return list(range(int(start), int(start) + count))
    found = []
    for _ in range(count):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            found.append(sock.getsockname()[1])
    return found


class Receiver(BaseHTTPRequestHandler):
    """A front end's webhook endpoint that counts what it gets, by Idempotency-Key."""

    keys = Counter()
    events = []
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 - the name http.server calls
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(0.05)  # a receiver that takes a moment: both workers find work meanwhile
        with Receiver.lock:
            Receiver.keys[self.headers["Idempotency-Key"]] += 1
            Receiver.events.append((body["event"], body["id"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Browser:
    """An editor's browser: cookies kept per session whatever node answers (they are Secure in
    production, which a plain-http test sends anyway), CSRF tokens read from the forms."""

    def __init__(self):
        self.cookies = {}

    def request(self, url, data=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = url
        request = urllib.request.Request(url, data=body, headers=headers)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url):
    """Status and text of an anonymous GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def wait_until(condition, limit, step=0.02):
    """Seconds from now to the start of the first call of `condition()` that held, or None when
    none did in the `limit` seconds. A request that answers with the new version started after
    that version was there to be served: its start is when the change had reached it."""
    start = time.monotonic()
    while (began := time.monotonic()) - start <= limit:
        if condition():
            return began - start
        time.sleep(step)
    return None


class Cluster:
    def __init__(self, tmp):
        self.tmp = Path(tmp)
        self.tmp.chmod(0o755)  # nginx's workers (another user) read the media directory
        self.media = self.tmp / "media"
        self.media.mkdir()
        lb, a, b, redis = ports(4)
        self.lb = f"http://127.0.0.1:{lb}"
        self.nodes = {"A": f"http://127.0.0.1:{a}", "B": f"http://127.0.0.1:{b}"}
        self.redis_port = redis
        self.receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
        self.processes = {}
        self.password = secrets.token_urlsafe(16)
        self.env = {
            **os.environ,
            # What an operator sets on every node (docs/deploy.md), the same on each.
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PUBLIC_BASE_URL": self.lb,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": ",".join([self.lb, *self.nodes.values()]),
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": f"redis://127.0.0.1:{redis}/0",
            "MEDIA_ROOT": str(self.media),
            # Plain http on loopback: the redirect to https would send every check elsewhere.
            "SECURE_SSL_REDIRECT": "false",
            "SCHEDULER_INTERVAL": "1",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }

    # Services

    def start(self, name, command, **kwargs):
        log = (self.tmp / f"{name}.log").open("w")
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, **kwargs
        )

    def log(self, name):
        return (self.tmp / f"{name}.log").read_text(errors="replace")

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode:
            raise Failure(f"manage.py {' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def query(self, code):
        """Run Python in Django against the shared database; it prints one JSON value."""
        return json.loads(self.manage("shell", "-v0", "-c", textwrap.dedent(code)))

    def fresh_database(self):
        parts = urllib.parse.urlsplit(DATABASE_URL)
        name = parts.path.lstrip("/")
        server = parts._replace(path="/postgres").geturl()
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')

    def nginx_config(self):
        user = "user root;" if os.geteuid() == 0 else ""
        temp = self.tmp / "nginx"
        temp.mkdir()
        config = f"""
            {user}
            worker_processes 1;
            pid {temp}/nginx.pid;
            error_log {temp}/error.log warn;
            events {{ worker_connections 256; }}
            http {{
                access_log off;
                client_body_temp_path {temp}/body;
                proxy_temp_path {temp}/proxy;
                fastcgi_temp_path {temp}/fastcgi;
                uwsgi_temp_path {temp}/uwsgi;
                scgi_temp_path {temp}/scgi;
                client_max_body_size 100m;
                upstream app_nodes {{
                    server {self.nodes["A"].removeprefix("http://")};
                    server {self.nodes["B"].removeprefix("http://")};
                    keepalive 16;
                }}
                server {{
                    listen {self.lb.removeprefix("http://")};
                    # Uploads from the shared directory (object storage or a CDN in production),
                    # less originals and documents: those only through Django's check, which
                    # names them in X-Accel-Redirect (docs/operations.md, "Uploaded files").
                    location /media/ {{
                        alias {self.media}/;
                        expires 1y;
                        location /media/original_images/ {{ return 404; }}
                        location /media/documents/ {{ return 404; }}
                    }}
                    location /private-media/ {{
                        internal;
                        alias {self.media}/;
                    }}
                    location / {{
                        proxy_pass http://app_nodes;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        add_header X-Upstream $upstream_addr always;
                    }}
                }}
            }}
        """
        path = self.tmp / "nginx.conf"
        path.write_text(textwrap.dedent(config))
        return path

    def __enter__(self):
        try:
            return self.start_all()
        except BaseException:
            self.__exit__()
            raise

    def start_all(self):
        say(f"PostgreSQL database {DATABASE_URL.rsplit('/', 1)[1]}, made anew")
        self.fresh_database()
        self.start(
            "redis",
            [REDIS, "--port", str(self.redis_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
        )
        collectstatic = subprocess.Popen(
            [sys.executable, "manage.py", "collectstatic", "--no-input"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
        )
        self.manage("migrate", "--no-input")
        self.manage("load_demo")
        self.env["DJANGO_SUPERUSER_PASSWORD"] = self.password
        self.manage(
            "createsuperuser", "--no-input", "--username", "editor", "--email", "editor@example.com"
        )
        if collectstatic.wait():
            raise Failure("collectstatic failed")
        threading.Thread(target=self.receiver.serve_forever, daemon=True).start()
        for node, url in self.nodes.items():
            name = node.lower()
            # What the Procfile runs on a production node.
            web = f"gunicorn cms.wsgi --bind {url.removeprefix('http://')} --workers 2"
            self.start(f"web-{name}", [BIN / "gunicorn", *web.split()[1:], "--no-control-socket"])
            worker = (
                f"db_worker --backend webhooks --no-reload --interval 0.2 --worker-id node-{name}"
            )
            self.start(f"worker-{name}", [sys.executable, "manage.py", *worker.split()])
            self.start(f"scheduler-{name}", [sys.executable, "manage.py", "run_scheduler"])
        self.start("nginx", [NGINX, "-c", self.nginx_config(), "-g", "daemon off;"])
        for url in [*self.nodes.values(), self.lb]:
            if wait_until(lambda url=url: self.answers(url), 120, step=0.2) is None:
                raise Failure(f"{url} did not answer within 120 s")
        for name in ("worker-a", "worker-b", "scheduler-a", "scheduler-b"):
            if wait_until(lambda name=name: self.started(name), 120, step=0.2) is None:
                raise Failure(f"{name} did not start:\n{self.log(name)[-2000:]}")
        say(
            f"load balancer (nginx) {self.lb} -> node A {self.nodes['A']}, node B "
            f"{self.nodes['B']}; each node: gunicorn (production settings, 2 workers), a "
            f"webhook worker, a scheduler; Redis :{self.redis_port}; one shared media directory"
        )
        return self

    def answers(self, url):
        with contextlib.suppress(OSError):
            return fetch(url + "/")[0] == 200
        return False

    def started(self, name):
        return re.search(r"Starting worker|Scheduler: checking", self.log(name)) is not None

    def __exit__(self, *exc):
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.receiver.shutdown()


# The checks


def editor_session_across_nodes(cluster):
    browser = Browser()
    a, b = cluster.nodes["A"], cluster.nodes["B"]
    browser.request(a + "/admin/login/")
    status, headers, _ = browser.request(
        a + "/admin/login/", {"username": "editor", "password": cluster.password, "next": "/admin/"}
    )
    check(
        status == 302 and "sessionid" in browser.cookies,
        f"signing in through node A answered {status}, no session",
    )
    status, _, text = browser.request(b + "/admin/")
    check(
        status == 200 and "Dashboard" in text,
        f"node B did not know the session made on node A (GET /admin/ answered {status})",
    )
    say(
        "session: signed in through node A; node B serves the admin dashboard to that session (200)"
    )
    return browser


def bulk_action(browser, node, action, page_id):
    url = f"{node}/admin/bulk/wagtailcore/page/{action}/?id={page_id}&next=/admin/"
    status, _, _ = browser.request(url)
    check(status == 200, f"GET {url} answered {status}")
    status, _, text = browser.request(url, {"include_descendants": ""})
    check(status == 302, f"POST {url} answered {status}: {text[:500]}")


def publish_propagates(cluster, browser):
    a, b = cluster.nodes["A"], cluster.nodes["B"]
    token = secrets.token_hex(4)
    headline = f"Seen on every node {token}"
    page_id = cluster.query(f"""
        import json
        from reviews.models import ReviewPage
        page = ReviewPage.objects.get(slug="ballerina-2023-review")
        page.headline = "{headline}"
        page.save_revision()
        print(json.dumps(page.pk))
    """)
    # Both nodes and the load balancer have answered with the live version: anything cached
    # must now be replaced.
    for url in (a, b, cluster.lb, cluster.lb):
        status, _, text = fetch(url + REVIEW)
        check(status == 200 and headline not in text, f"{url}{REVIEW} before the publish")
    fetch(f"{b}/api/v2/pages/{page_id}/")

    bulk_action(browser, a, "publish", page_id)
    shown = {
        "node B": wait_until(lambda: headline in fetch(b + REVIEW)[2], PROPAGATION_LIMIT),
        "node B's API": wait_until(
            lambda: headline in fetch(f"{b}/api/v2/pages/{page_id}/")[2], PROPAGATION_LIMIT
        ),
        "the load balancer": wait_until(
            lambda: headline in fetch(cluster.lb + REVIEW)[2], PROPAGATION_LIMIT
        ),
    }
    for where, seconds in shown.items():
        check(
            seconds is not None,
            f"published through node A, still not on {where} after {PROPAGATION_LIMIT} s",
        )
    say(
        "publish: through node A's admin; the new version served by "
        + ", ".join(f"{where} after {seconds:.3f} s" for where, seconds in shown.items())
        + f" (limit {PROPAGATION_LIMIT} s)"
    )

    bulk_action(browser, b, "unpublish", page_id)
    gone = wait_until(lambda: fetch(a + REVIEW)[0] == 404, PROPAGATION_LIMIT)
    check(
        gone is not None,
        f"unpublished through node B's admin, still served by node A after {PROPAGATION_LIMIT} s",
    )
    say(
        f"unpublish: through node B's admin (the session from node A); node A answers 404 after "
        f"{gone:.3f} s"
    )
    bulk_action(browser, a, "publish", page_id)


def schedule_go_lives(cluster):
    """SCHEDULED new reviews set to go live at one moment, a few seconds ahead."""
    started = time.monotonic()
    page_ids = cluster.query(f"""
        import json
        from reviews.models import Film, ReviewIndexPage, ReviewPage
        index = ReviewIndexPage.objects.get(slug="reviews")
        body = ReviewPage.objects.get(slug="ballerina-2023-review").body
        ids = []
        for number in range({SCHEDULED}):
            film = Film.objects.create(title=f"Cluster Film {{number}}", year=1990 + number)
            page = ReviewPage(title=f"Cluster Film {{number}} ({{1990 + number}}) Review",
                              headline="Scheduled", film=film, body=body, live=False)
            index.add_child(instance=page)
            ids.append(page.pk)
        print(json.dumps(ids))
    """)
    # Drafts first, then all scheduled for one moment, far enough ahead that scheduling the last
    # one ends before it: on a busy machine that takes seconds, about as long as making them.
    ahead = round(5 + 2 * (time.monotonic() - started))
    scheduled = cluster.query(f"""
        import json
        from datetime import timedelta
        from django.utils import timezone
        from reviews.models import ReviewPage
        go_live = timezone.now() + timedelta(seconds={ahead})
        for page in ReviewPage.objects.filter(pk__in={page_ids}):
            page.go_live_at = go_live
            page.save_revision().publish()
        live = ReviewPage.objects.filter(pk__in={page_ids}, live=True).count()
        print(json.dumps([go_live > timezone.now(), live]))
    """)
    check(
        scheduled == [True, 0],
        f"scheduling {SCHEDULED} reviews took more than {ahead} s (machine too busy)",
    )
    return page_ids


def exactly_one_scheduler(cluster, page_ids):
    def published():
        return cluster.query(f"""
            import json
            from reviews.models import ReviewPage
            print(json.dumps(ReviewPage.objects.filter(pk__in={page_ids}, live=True).count()))
        """)

    seconds = wait_until(lambda: published() == len(page_ids), 120, step=0.5)
    check(seconds is not None, "the scheduled reviews did not all go live within 120 s")
    time.sleep(3)  # a few more runs of both schedulers: nothing may happen twice
    facts = cluster.query(f"""
        import json
        from wagtail.models import PageLogEntry
        from cms.webhooks.models import WebhookDelivery
        ids = {page_ids}
        log = PageLogEntry.objects.filter(action="wagtail.publish.scheduled", page_id__in=ids)
        events = WebhookDelivery.objects.filter(
            event="review.published", object_id__in=[str(i) for i in ids]
        )
        print(json.dumps({{
            "log": [log.filter(page_id=i).count() for i in ids],
            "events": [events.filter(object_id=str(i)).count() for i in ids],
        }}))
    """)
    check(
        facts["log"] == [1] * len(page_ids),
        f"publish log entries per go-live: {facts['log']} (one each expected)",
    )
    check(
        facts["events"] == [1] * len(page_ids),
        f"review.published webhook events per go-live: {facts['events']} (one each expected)",
    )
    acted = {
        node: len(re.findall(r"Scheduler: published ReviewPage", cluster.log(f"scheduler-{node}")))
        for node in ("a", "b")
    }
    skipped = {
        node: len(re.findall(r"another scheduler was running", cluster.log(f"scheduler-{node}")))
        for node in ("a", "b")
    }
    check(
        sum(acted.values()) == len(page_ids),
        f"the schedulers' logs count {acted} publishes for {len(page_ids)} go-lives",
    )
    say(
        f"scheduler: {len(page_ids)} reviews due at one moment, two schedulers (every 1 s): "
        f"published by node A's {acted['a']}, node B's {acted['b']}; runs skipped while the "
        f"other held the lock: A {skipped['a']}, B {skipped['b']}; one publish log entry and "
        "one review.published event per go-live"
    )


def deliveries_exactly_once(cluster):
    cluster.query(f"""
        import json
        from cms.webhooks.tasks import record_deliveries
        for number in range({EXTRA_EVENTS}):
            record_deliveries({{"event": "review.published", "id": 900000 + number,
                                "title": f"Event {{number}}"}})
        print("null")
    """)

    def pending():
        return cluster.query("""
            import json
            from cms.webhooks.models import WebhookDelivery
            print(json.dumps(WebhookDelivery.objects.exclude(status="succeeded").count()))
        """)

    check(
        wait_until(lambda: pending() == 0, 60, step=0.5) is not None,
        "webhook deliveries still not all delivered after 60 s",
    )
    time.sleep(1)  # a late duplicate would arrive now
    facts = cluster.query("""
        import json
        from django_tasks_db.models import DBTaskResult
        from cms.webhooks.models import WebhookDelivery
        print(json.dumps({
            "keys": [str(key) for key in WebhookDelivery.objects.values_list(
                "idempotency_key", flat=True)],
            "attempts": list(WebhookDelivery.objects.values_list("attempt_count", flat=True)),
            "claims": [r.worker_ids for r in DBTaskResult.objects.filter(backend_name="webhooks")],
        }))
    """)
    with Receiver.lock:
        received = dict(Receiver.keys)
    check(
        received == {key: 1 for key in facts["keys"]},
        f"the receiver got {sum(received.values())} POSTs for {len(facts['keys'])} deliveries "
        f"(repeated: {[k for k, n in received.items() if n > 1]})",
    )
    check(set(facts["attempts"]) == {1}, "a delivery took more than one attempt")
    check(all(len(ids) == 1 for ids in facts["claims"]), "a task was claimed by two workers")
    by_worker = Counter(ids[0] for ids in facts["claims"])
    check(
        by_worker["node-a"] and by_worker["node-b"],
        f"only one node's worker delivered anything: {dict(by_worker)}",
    )
    say(
        f"webhooks: {len(facts['keys'])} deliveries, each received exactly once "
        f"({sum(received.values())} POSTs); sent by node A's worker {by_worker['node-a']}, "
        f"node B's {by_worker['node-b']}; every task claimed by one worker"
    )


def shared_media(cluster):
    _, _, text = fetch(cluster.nodes["B"] + REVIEW)
    sources = re.findall(r'src="(/media/[^"]+)"', text)
    check(sources, "the review page shows no image from /media/")
    status, headers, _ = fetch(cluster.lb + sources[0])
    check(
        status == 200 and headers["Content-Type"].startswith("image/"),
        f"{sources[0]} through the load balancer answered {status}",
    )
    say(
        f"media: {sources[0]} (made by a node into the shared directory) served through the "
        "load balancer: 200"
    )


def private_originals(cluster):
    """An original: refused under /media/, sent by nginx after a node's check."""
    original = next((cluster.media / "original_images").iterdir())
    status, _, _ = fetch(f"{cluster.lb}/media/original_images/{original.name}")
    check(status == 404, f"an original under /media/ through the load balancer answered {status}")
    _, _, text = fetch(cluster.lb + "/api/v2/images/")
    url = json.loads(text)["items"][0]["meta"]["download_url"]
    # The node's answer has the file's Content-Length and no body (nginx sends the file): read
    # its headers only.
    with urllib.request.urlopen(cluster.nodes["A"] + url, timeout=30) as response:
        status, accel = response.status, response.headers["X-Accel-Redirect"]
    check(
        status == 200 and (accel or "").startswith("/private-media/original_images/"),
        f"{url} from node A answered {status} with X-Accel-Redirect {accel}",
    )
    with urllib.request.urlopen(cluster.lb + url, timeout=30) as response:
        body, sent = response.read(), response.headers
    check(
        "X-Accel-Redirect" not in sent and body.startswith((b"\x89PNG", b"\xff\xd8")),
        f"{url} through the load balancer sent {len(body)} bytes that are not an image",
    )
    say(
        f"media: {original.name} refused under /media/; {url} checked by a node, which named it "
        f"in X-Accel-Redirect, and sent by nginx ({len(body)} bytes)"
    )


def main():
    # A stop from outside (Ctrl-C, CI's timeout) still stops every process started here.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("cluster: stopped"))
    for program, package in ((NGINX, "nginx-light"), (REDIS, "redis-server")):
        if not Path(program).exists():
            sys.exit(
                f"cluster: {program} is missing (apt-get install {package}; "
                "`make cluster-test` installs it)"
            )
    tmp = tempfile.mkdtemp(prefix="cluster-")
    cluster = Cluster(tmp)
    try:
        with cluster:
            endpoint_url = f"http://127.0.0.1:{cluster.receiver.server_port}/hook"
            cluster.query(f"""
                from cms.webhooks.models import WebhookEndpoint
                WebhookEndpoint.objects.create(name="Receiver", url="{endpoint_url}",
                    secret="cluster-secret", events=["review.published"])
                print("null")
            """)
            browser = editor_session_across_nodes(cluster)
            publish_propagates(cluster, browser)
            shared_media(cluster)
            private_originals(cluster)
            exactly_one_scheduler(cluster, schedule_go_lives(cluster))
            deliveries_exactly_once(cluster)
            for name, process in cluster.processes.items():
                check(process.poll() is None, f"{name} exited:\n{cluster.log(name)[-2000:]}")
        say("ok: every check passed")
    except Failure as failure:
        print(f"cluster: FAILED: {failure}", flush=True)
        for name in cluster.processes:
            print(f"--- {name} (last lines)\n{cluster.log(name)[-1500:]}")
        sys.exit(1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
