"""Scheduled publishing and expiry: one scheduler tick (the code `run_scheduler` loops over)."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from cms.scheduler import scheduler
from cms.scheduler.scheduler import run, tick
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint
from reviews.models import ReviewPage

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def scheduled_review(make_review, **times):
    """A live review whose next revision carries the given go_live_at / expire_at."""
    page = make_review()
    page = ReviewPage.objects.get(pk=page.pk)
    page.headline = "The Scheduled Version"
    for name, value in times.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return ReviewPage.objects.get(pk=page.pk)


def test_a_scheduled_revision_goes_live_when_its_time_comes(clock, make_review, client):
    page = scheduled_review(make_review, go_live_at=NOW + timedelta(hours=1))
    assert page.headline != "The Scheduled Version"

    clock.move_to(NOW + timedelta(minutes=59))
    assert tick() == []
    assert ReviewPage.objects.get(pk=page.pk).headline != "The Scheduled Version"

    clock.move_to(NOW + timedelta(hours=1, seconds=1))
    [entry] = tick()
    assert entry.action == "wagtail.publish.scheduled"
    page.refresh_from_db()
    assert page.live and page.headline == "The Scheduled Version"
    assert "The Scheduled Version" in client.get(page.url).content.decode()
    assert tick() == []  # nothing is published twice


def test_a_new_review_scheduled_for_later_is_hidden_until_then(clock, make_review, index, client):
    film = make_review().film
    page = ReviewPage(title="Tomorrow's Review", headline="Soon", film=film, live=False)
    page.go_live_at = NOW + timedelta(days=1)
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    assert client.get(page.url).status_code == 404

    clock.move_to(NOW + timedelta(days=1, minutes=1))
    tick()
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_an_expired_review_is_unpublished(clock, make_review, client):
    page = scheduled_review(make_review, expire_at=NOW + timedelta(hours=2))
    assert page.live

    clock.move_to(NOW + timedelta(hours=2, seconds=1))
    [entry] = tick()
    assert entry.action == "wagtail.unpublish.scheduled"
    page.refresh_from_db()
    assert not page.live and page.expired
    assert client.get(page.url).status_code == 404


def test_scheduled_changes_reach_webhooks(clock, make_review, django_capture_on_commit_callbacks):
    WebhookEndpoint.objects.create(
        name="Front end",
        url="http://127.0.0.1:9/",
        secret="a-secret-of-some-length",
        events=["review.published", "review.unpublished"],
    )
    page = scheduled_review(
        make_review, go_live_at=NOW + timedelta(hours=1), expire_at=NOW + timedelta(hours=3)
    )

    clock.move_to(NOW + timedelta(hours=1, seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        tick()
    clock.move_to(NOW + timedelta(hours=3, seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        tick()

    events = list(WebhookDelivery.objects.order_by("pk").values_list("event", "object_id"))
    assert events == [("review.published", str(page.pk)), ("review.unpublished", str(page.pk))]


def test_the_command_runs_once_and_reports(clock, make_review):
    scheduled_review(make_review, go_live_at=NOW + timedelta(minutes=5))
    clock.move_to(NOW + timedelta(minutes=6))
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert out.getvalue().strip() == "1 scheduled change(s) made."


def test_the_command_refuses_a_zero_interval(db):
    with pytest.raises(CommandError, match="at least 1 second"):
        call_command("run_scheduler", "--interval", "0")


class StopAfterOneRun(threading.Event):
    def wait(self, timeout=None):
        self.set()
        return True


def test_the_process_loop_runs_the_tick(clock, make_review, monkeypatch, caplog):
    # The loop drops connections between runs; the test's transaction must outlive it.
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    page = scheduled_review(make_review, go_live_at=NOW + timedelta(minutes=1))
    clock.move_to(NOW + timedelta(minutes=2))
    with caplog.at_level("INFO", logger="cms.scheduler"):
        run(60, StopAfterOneRun())
    page.refresh_from_db()
    assert page.headline == "The Scheduled Version"
    assert f"Scheduler: published ReviewPage {page.pk}" in caplog.text
