"""Several app nodes on one database (issue 15, point 5): two schedulers publish each go-live
once, and webhook workers on two nodes deliver each event once. `make cluster-test` shows the same
with real processes behind a load balancer; these run in the suite without it.

Both need PostgreSQL: the scheduler's lock is a PostgreSQL advisory lock, and on SQLite (one
machine) there is one scheduler and SQLite's single writer serialises the workers anyway."""

import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageLogEntry

from cms.scheduler.scheduler import SCHEDULER_LOCK, tick
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from cms.webhooks.tasks import record_deliveries
from reviews.models import ReviewPage

GO_LIVE = timezone.now().replace(microsecond=0) + timedelta(days=1)
POSTGRES = connections["default"].vendor == "postgresql"

ONE_NODE = "the scheduler's lock and concurrent workers are PostgreSQL's (SQLite: one node)"
pytestmark = pytest.mark.skipif(not POSTGRES, reason=ONE_NODE)


def schedule(make_review, count):
    """`count` live reviews, each with a newer revision scheduled to go live at GO_LIVE."""
    pages = []
    for _ in range(count):
        page = ReviewPage.objects.get(pk=make_review().pk)
        page.headline = "The Scheduled Version"
        page.go_live_at = GO_LIVE
        page.save_revision().publish()
        pages.append(page)
    return pages


def after_go_live():
    """The clock, in every thread, from just after the scheduled time."""
    return time_machine.travel(GO_LIVE + timedelta(seconds=1), tick=True)


def hold_lock_elsewhere():
    """Another database session (another node's scheduler) holding the scheduler's lock."""
    settings = connection.settings_dict
    other = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )
    other.execute("SELECT pg_advisory_lock(%s)", [SCHEDULER_LOCK])
    return other


@pytest.mark.django_db
def test_a_scheduler_does_nothing_while_another_holds_the_lock(make_review):
    [page] = schedule(make_review, 1)
    with after_go_live():
        other = hold_lock_elsewhere()
        try:
            assert tick() is None
            assert ReviewPage.objects.get(pk=page.pk).headline != "The Scheduled Version"
        finally:
            # That scheduler lets go (closing its session alone frees the lock a moment later,
            # which a run straight after may not see).
            other.execute("SELECT pg_advisory_unlock(%s)", [SCHEDULER_LOCK])
            other.close()
        [entry] = tick()
    assert entry.action == "wagtail.publish.scheduled"
    assert ReviewPage.objects.get(pk=page.pk).headline == "The Scheduled Version"


@pytest.mark.django_db
def test_the_lock_is_released_after_each_run(make_review):
    schedule(make_review, 1)
    with after_go_live():
        assert len(tick()) == 1
    other = hold_lock_elsewhere()  # would block for ever if the run had kept it
    other.close()


def run_in_threads(target, count):
    """`target` in `count` threads at once, each with its own database connection."""
    start = threading.Barrier(count)
    results, errors = [], []

    def work(number):
        try:
            start.wait()
            results.append(target(number))
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_schedulers_at_once_publish_each_go_live_once(make_review):
    WebhookEndpoint.objects.create(
        name="Front end", url="http://127.0.0.1:9/", secret="s3cret", events=["review.published"]
    )
    pages = schedule(make_review, 4)
    WebhookDelivery.objects.all().delete()

    with after_go_live():
        results = run_in_threads(lambda _: tick(), 2)

    # One run did the work; the other found the lock taken (or, started after, nothing due).
    assert sorted(len(entries or []) for entries in results) == [0, 4]
    published = PageLogEntry.objects.filter(action="wagtail.publish.scheduled")
    assert Counter(published.values_list("page_id", flat=True)) == {page.pk: 1 for page in pages}
    deliveries = WebhookDelivery.objects.filter(event="review.published")
    assert Counter(deliveries.values_list("object_id", flat=True)) == {
        str(page.pk): 1 for page in pages
    }


class CountingReceiver(BaseHTTPRequestHandler):
    keys = Counter()
    lock = threading.Lock()

    def do_POST(self):  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers["Content-Length"]))
        time.sleep(0.02)  # a receiver that takes a moment, so both workers find work
        with CountingReceiver.lock:
            CountingReceiver.keys[self.headers["Idempotency-Key"]] += 1
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    CountingReceiver.keys.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), CountingReceiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_workers_on_two_nodes_deliver_each_event_once(receiver):
    WebhookEndpoint.objects.create(
        name="Front end",
        url=f"http://127.0.0.1:{receiver.server_port}/hook",
        secret="s3cret",
        events=["review.published"],
    )
    for number in range(30):
        record_deliveries({"event": "review.published", "id": number, "title": f"Review {number}"})

    def work(number):
        # What `manage.py db_worker --backend webhooks` runs, until the queue is empty.
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="webhooks",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"node-{number}",
            excluded_queue_names=[],
        ).run()

    run_in_threads(work, 2)

    deliveries = WebhookDelivery.objects.all()
    assert CountingReceiver.keys == {
        str(key): 1 for key in deliveries.values_list("idempotency_key", flat=True)
    }
    assert set(deliveries.values_list("status", "attempt_count")) == {("succeeded", 1)}
    # Each task was claimed by exactly one worker, and both workers took part.
    claims = [result.worker_ids for result in DBTaskResult.objects.all()]
    assert len(claims) == 30 and all(len(ids) == 1 for ids in claims)
    assert {ids[0] for ids in claims} == {"node-0", "node-1"}
