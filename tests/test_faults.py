"""Faults, survived (issue 12, point 5): a lost database is a 503 with Retry-After, never a
traceback, and the site recovers without a restart; the webhook worker and the scheduler wait the
outage out and carry on; an import killed half-way is whole again after a rerun. (A full disk:
tests/test_disk_full.py.)"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from wagtail.search.backends import get_search_backend

from cms.webhooks.models import WebhookEndpoint
from cms.webhooks.tasks import record_deliveries
from reviews.models import ReviewPage
from tests.benchmarks.generate_reviews import generate

ROOT = Path(__file__).resolve().parent.parent

POSTGRES = connections["default"].vendor == "postgresql"

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # An SQLite file cannot go away under an open connection the way a database server does;
    # CI runs this module on PostgreSQL.
    pytest.mark.skipif(not POSTGRES, reason="a database outage is a PostgreSQL fault"),
]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_down():
    """The server stops answering: every connection, the open one included, fails from now on
    (the connection is pointed at a port where nothing listens). Undone after the test."""
    connection = connections["default"]
    original = dict(connection.settings_dict)

    def stop():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port())

    def start():
        connection.close()
        connection.settings_dict.update(original)

    yield stop, start
    start()


@pytest.mark.parametrize("path", ["/", "/reviews/ballerina-2023-review/", "/search/?q=x"])
def test_readers_get_a_503_page_with_retry_after_and_the_site_recovers(
    sample_review, database_down, path
):
    stop, start = database_down
    client = Client(raise_request_exception=False)
    stop()
    response = client.get(path)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert "Back in a moment" in response.text
    assert "Traceback" not in response.text
    start()
    assert client.get(path).status_code == 200  # the same process, no restart


def test_api_clients_get_a_json_503(sample_review, database_down):
    stop, start = database_down
    client = Client(raise_request_exception=False)
    stop()
    response = client.get("/api/v2/pages/?type=reviews.ReviewPage")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "database is unavailable" in response.json()["message"]
    assert int(response["Retry-After"]) > 0
    start()
    assert client.get("/api/v2/pages/?type=reviews.ReviewPage").status_code == 200


def test_the_admin_gets_the_503_too(admin_user, database_down):
    stop, _ = database_down
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    stop()
    assert client.get("/admin/").status_code == 503


class Proxy:
    """A TCP relay to PostgreSQL that can be cut: every connection through it drops at once, and
    new ones are refused until it starts again (a database restart, a network partition)."""

    def __init__(self, target):
        self.target = target
        self.port = closed_port()
        self.sockets = []

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def stop(self):
        for sock in [self.listener, *self.sockets]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.sockets = []

    def accept(self, listener):
        with contextlib.suppress(OSError):
            while True:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target)
                self.sockets += [client, upstream]
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)


class Receiver(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 - the name http.server calls
        Receiver.received.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_the_worker_and_the_scheduler_survive_an_outage_and_deliver_after_it(tmp_path):
    db = connections["default"].settings_dict
    proxy = Proxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    WebhookEndpoint.objects.create(
        name="Front end",
        url=f"http://127.0.0.1:{receiver.server_port}/hook",
        secret="s3cret",
        events=["review.published"],
    )
    auth = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{auth}@127.0.0.1:{proxy.port}/{db['NAME']}",
    }
    commands = {
        "worker": ["db_worker", "--backend", "webhooks", "--no-reload", "--interval", "0.5"],
        "scheduler": ["run_scheduler", "--interval", "1"],
    }
    logs = {name: tmp_path / f"{name}.log" for name in commands}
    processes = {
        name: subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            stdout=logs[name].open("w"),
            stderr=subprocess.STDOUT,
        )
        for name, args in commands.items()
    }
    try:
        assert wait_for(lambda: "Starting worker" in logs["worker"].read_text(), 60)
        assert wait_for(lambda: "Scheduler: checking" in logs["scheduler"].read_text(), 60)
        proxy.stop()
        # Longer than the 8 seconds that used to stop the worker for good.
        assert wait_for(lambda: "unavailable" in logs["worker"].read_text(), 30)
        time.sleep(8)
        proxy.start()
        record_deliveries({"event": "review.published", "id": 1, "title": "Back"})
        assert wait_for(lambda: Receiver.received, 60), logs["worker"].read_text()
        assert json.loads(Receiver.received[0])["title"] == "Back"
        for name, process in processes.items():
            assert process.poll() is None, logs[name].read_text()
        assert "this run failed" in logs["scheduler"].read_text()
    finally:
        for process in processes.values():
            process.terminate()
            process.wait(10)
        proxy.stop()
        receiver.shutdown()


def searchable(page):
    return page in get_search_backend().search(page.title, ReviewPage)


def test_a_rerun_after_a_killed_import_leaves_every_review_searchable(tmp_path):
    """A real SIGKILL in the middle of `import_reviews` (the reviews it committed are whole but
    not yet indexed: indexing comes last), then the same import again."""
    count = 150
    generate(tmp_path / "reviews", count)
    db = connections["default"].settings_dict
    auth = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": f"postgres://{auth}@{host}/{db['NAME']}",
    }
    command = [sys.executable, "manage.py", "import_reviews", str(tmp_path / "reviews")]
    log = tmp_path / "import.log"
    # Drafts: a published review is indexed as it is published, a draft only at the end.
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        assert wait_for(lambda: ReviewPage.objects.count() >= 10, 300), log.read_text()
    finally:
        process.kill()
        process.wait(10)
    killed_at = ReviewPage.objects.count()
    assert killed_at < count, "the import finished before it was killed"
    assert not any(searchable(page) for page in ReviewPage.objects.all())

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert ReviewPage.objects.count() == count
    for page in ReviewPage.objects.all():
        assert searchable(page), page.title
