"""Webhooks: signed review events POSTed by the database worker to a real local HTTP receiver."""

import hashlib
import hmac
import json
import re
import socket
import time
from datetime import datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from cms.scheduler.scheduler import tick
from cms.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from reviews.models import ReviewPage

from .webhook_receiver import ALL_EVENTS, SECRET

PAYLOAD_KEYS = {
    "event",
    "id",
    "type",
    "title",
    "url",
    "api_url",
    "revision_id",
    "occurred_at",
    # What a front end purges besides the review's page: its film's and genre and tag listings.
    "film_id",
    "genres",
    "tags",
}


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_RETRY_DELAYS = [0, 0, 0]
    settings.WEBHOOK_TIMEOUT = 0.5


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("chief", "chief@example.com", "pw")


@pytest.fixture
def admin(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def writer(db):
    """A plain admin user, as a writer is: into the admin, nothing about webhooks."""
    user = User.objects.create_user("writer", "writer@example.com", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def publish(client, page, capture):
    """Publish the page's latest revision through the admin, as an editor's click does."""
    with capture(execute=True):
        response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}")
    assert response.status_code == 302
    return response


def draft_edit(page, **fields):
    page = ReviewPage.objects.get(pk=page.pk)
    for name, value in fields.items():
        setattr(page, name, value)
    return page.save_revision()


def signature_ok(request):
    expected = "sha256=" + hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request["headers"]["X-Webhook-Signature"])


def test_publish_posts_a_signed_event_in_the_background(
    run_worker, admin, endpoint, receiver, make_review, django_capture_on_commit_callbacks
):
    page = make_review()
    draft_edit(page, headline="Now Even Better")

    publish(admin, page, django_capture_on_commit_callbacks)

    page.refresh_from_db()
    assert page.live and not page.has_unpublished_changes
    assert receiver.requests == []  # nothing is sent while the editor waits
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "pending"

    run_worker()

    [request] = receiver.requests
    headers, payload = request["headers"], json.loads(request["body"])
    assert signature_ok(request)
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["X-Webhook-Event"] == "review.published"
    assert headers["Idempotency-Key"] == str(delivery.idempotency_key)
    assert abs(int(headers["X-Webhook-Timestamp"]) - time.time()) < 300
    assert set(payload) == PAYLOAD_KEYS
    assert payload["event"] == "review.published"
    assert payload["id"] == page.pk
    assert payload["type"] == "reviews.ReviewPage"
    assert payload["title"] == page.title
    assert payload["url"] == f"http://testserver/reviews/{page.slug}/"
    assert payload["api_url"] == f"http://testserver/api/v2/pages/{page.pk}/"
    assert payload["revision_id"] == page.live_revision_id
    assert datetime.fromisoformat(payload["occurred_at"]).tzinfo is not None

    attempt = WebhookAttempt.objects.get()
    assert (attempt.number, attempt.status_code, attempt.succeeded) == (1, 200, True)
    assert attempt.response_excerpt == "receiver says 200"
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"


def test_a_wrong_secret_does_not_verify(
    run_worker, admin, endpoint, receiver, make_review, django_capture_on_commit_callbacks
):
    page = make_review()
    endpoint.secret = "another-secret-entirely"
    endpoint.save()
    publish(admin, page, django_capture_on_commit_callbacks)
    run_worker()
    [request] = receiver.requests
    assert not signature_ok(request)


def test_failures_are_retried_with_the_same_body_and_key_until_one_succeeds(
    run_worker,
    admin,
    endpoint,
    receiver,
    make_review,
    fast_retries,
    django_capture_on_commit_callbacks,
):
    receiver.statuses = [500, "nonsense", 307]
    page = make_review()
    publish(admin, page, django_capture_on_commit_callbacks)

    run_worker()

    assert len(receiver.requests) == 4  # a redirect is a failure, not followed
    assert {request["path"] for request in receiver.requests} == {"/hooks/reviews"}
    assert len({request["body"] for request in receiver.requests}) == 1
    assert len({request["headers"]["Idempotency-Key"] for request in receiver.requests}) == 1
    assert [r["headers"]["X-Webhook-Attempt"] for r in receiver.requests] == ["1", "2", "3", "4"]
    assert all(signature_ok(request) for request in receiver.requests)
    attempts = list(WebhookAttempt.objects.order_by("number"))
    assert [(a.status_code, a.succeeded) for a in attempts] == [
        (500, False),
        (None, False),
        (307, False),
        (200, True),
    ]
    assert attempts[1].error.startswith("BadStatusLine")
    assert attempts[0].response_excerpt == "receiver says 500"
    assert attempts[0].error.startswith("HTTP 500")
    assert attempts[0].retry_at is not None and attempts[3].retry_at is None
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempt_count) == ("succeeded", 4)


def test_gives_up_after_the_last_retry(
    run_worker,
    admin,
    endpoint,
    receiver,
    make_review,
    fast_retries,
    django_capture_on_commit_callbacks,
):
    receiver.statuses = [500] * 10
    publish(admin, make_review(), django_capture_on_commit_callbacks)

    run_worker()

    assert len(receiver.requests) == 4  # the first attempt and three retries
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempt_count, delivery.next_attempt_at) == (
        "failed",
        4,
        None,
    )
    assert not DBTaskResult.objects.ready().exists()


def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone"


def test_a_dead_endpoint_leaves_publishing_alone_and_backs_off(
    run_worker, admin, make_review, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_DELAYS = [10, 60, 300]
    WebhookEndpoint.objects.create(
        name="Gone", url=closed_port_url(), secret=SECRET, events=ALL_EVENTS
    )
    page = make_review()
    draft_edit(page, headline="Second Thoughts")

    publish(admin, page, django_capture_on_commit_callbacks)

    page.refresh_from_db()
    assert page.live and page.headline == "Second Thoughts"
    assert admin.get(page.url).status_code == 200

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run_worker()
    first = WebhookAttempt.objects.get()
    assert first.status_code is None and "ConnectionRefused" in first.error
    assert first.retry_at == start + timedelta(seconds=10)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.next_attempt_at) == ("pending", first.retry_at)
    [queued] = DBTaskResult.objects.filter(status="READY")
    assert queued.run_after == first.retry_at

    with time_machine.travel(start + timedelta(seconds=5), tick=False):
        run_worker()  # not due yet
    assert WebhookAttempt.objects.count() == 1

    with time_machine.travel(start + timedelta(seconds=11), tick=False):
        run_worker()
    second = WebhookAttempt.objects.get(number=2)
    assert second.retry_at == start + timedelta(seconds=11 + 60)


def test_a_slow_endpoint_times_out_without_holding_up_publishing(
    run_worker, admin, endpoint, receiver, make_review, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT = 0.5
    receiver.delay = 3
    page = make_review()
    draft_edit(page, headline="Slowly Does It")

    publish(admin, page, django_capture_on_commit_callbacks)

    page.refresh_from_db()
    assert page.live and page.headline == "Slowly Does It"
    assert receiver.requests == []

    run_worker()

    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None and not attempt.succeeded
    assert "timed out" in attempt.error
    assert attempt.retry_at is not None


def test_inactive_endpoints_and_unsubscribed_events_get_nothing(
    run_worker, admin, receiver, make_review, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(
        name="Off", url=receiver.url, secret=SECRET, events=ALL_EVENTS, active=False
    )
    WebhookEndpoint.objects.create(
        name="Unpublish only", url=receiver.url, secret=SECRET, events=["review.unpublished"]
    )
    page = make_review()

    publish(admin, page, django_capture_on_commit_callbacks)
    run_worker()
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/admin/pages/{page.pk}/unpublish/").status_code == 302
    run_worker()
    assert receiver.events() == ["review.unpublished"]


def test_an_endpoint_switched_off_before_delivery_is_not_called(
    run_worker, admin, endpoint, receiver, make_review, django_capture_on_commit_callbacks
):
    publish(admin, make_review(), django_capture_on_commit_callbacks)
    endpoint.active = False
    endpoint.save()
    run_worker()
    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == "failed"


def test_schedule_unpublish_and_delete_are_events_too(
    run_worker, admin, endpoint, receiver, make_review, django_capture_on_commit_callbacks
):
    page = make_review()
    go_live_at = timezone.now() + timedelta(days=1)
    revision = draft_edit(page, headline="Coming Tomorrow", go_live_at=go_live_at)

    publish(admin, page, django_capture_on_commit_callbacks)
    page.refresh_from_db()
    assert page.live and page.headline != "Coming Tomorrow"  # the live version stays until then

    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/admin/pages/{page.pk}/unpublish/").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/admin/pages/{page.pk}/delete/").status_code == 302
    run_worker()

    assert receiver.events() == ["review.scheduled", "review.unpublished", "review.deleted"]
    scheduled, unpublished, deleted = (json.loads(r["body"]) for r in receiver.requests)
    assert scheduled["revision_id"] == revision.pk
    # Revisions keep times to the millisecond.
    assert abs(datetime.fromisoformat(scheduled["go_live_at"]) - go_live_at) < timedelta(
        milliseconds=1
    )
    assert unpublished["id"] == deleted["id"] == page.pk
    assert set(unpublished) == set(deleted) == PAYLOAD_KEYS
    assert deleted["url"] == f"http://testserver/reviews/{page.slug}/"
    assert all(signature_ok(request) for request in receiver.requests)


def test_scheduling_a_new_review_is_not_a_publish(
    run_worker, admin, endpoint, receiver, index, make_review, django_capture_on_commit_callbacks
):
    film = make_review().film
    page = ReviewPage(
        title="A Future Review",
        headline="Later",
        film=film,
        live=False,
        go_live_at=timezone.now() + timedelta(hours=2),
    )
    index.add_child(instance=page)
    page.save_revision()

    publish(admin, page, django_capture_on_commit_callbacks)
    run_worker()

    page.refresh_from_db()
    assert not page.live
    assert receiver.events() == ["review.scheduled"]


def test_deleting_a_draft_that_was_never_live_sends_nothing(
    run_worker, admin, endpoint, receiver, index, make_review, django_capture_on_commit_callbacks
):
    page = ReviewPage(title="Never Shown", headline="Secret", film=make_review().film, live=False)
    index.add_child(instance=page)
    page.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/admin/pages/{page.pk}/delete/").status_code == 302
    run_worker()
    assert receiver.requests == []


def make_attempt(endpoint, status_code):
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="review.published", object_id="1", body="{}"
    )
    return WebhookAttempt.objects.create(
        delivery=delivery,
        number=1,
        started_at=timezone.now(),
        duration_ms=12,
        status_code=status_code,
        response_excerpt="bad gateway from the front end",
        error=f"HTTP {status_code} Bad Gateway",
    )


@pytest.mark.parametrize("view", ["endpoints", "attempts", "inspect"])
def test_admin_pages_for_superusers_only(client, superuser, writer, endpoint, view):
    attempt = make_attempt(endpoint, 502)
    other = WebhookEndpoint.objects.create(
        name="Other", url="https://other.example.com/", secret=SECRET, events=ALL_EVENTS
    )
    make_attempt(other, 504)
    url = {
        "endpoints": "/admin/webhook_endpoints/",
        "attempts": f"/admin/webhook_attempts/?delivery__endpoint={endpoint.pk}",
        "inspect": f"/admin/webhook_attempts/inspect/{attempt.pk}/",
    }[view]

    client.force_login(writer)
    denied = client.get(url)
    # Wagtail's answer to a user without permission: the dashboard, with a message.
    assert denied.status_code == 302 and denied.url == "/admin/"
    messages = [str(message).strip() for message in client.get("/admin/").context["messages"]]
    assert messages == ["Sorry, you do not have permission to access this area."]

    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET not in html
    if view == "endpoints":
        assert "Front end" in html and endpoint.url in html
        assert f"/admin/webhook_attempts/?delivery__endpoint={endpoint.pk}" in html
    elif view == "attempts":
        assert "502 failed" in html and "504 failed" not in html
        assert "/admin/webhook_attempts/new/" not in html
    else:
        assert "HTTP 502 Bad Gateway" in html and "bad gateway from the front end" in html
        assert str(attempt.delivery.idempotency_key) in html


def test_attempts_cannot_be_edited_even_by_a_superuser(admin, endpoint):
    assert admin.get("/admin/webhook_attempts/new/").status_code == 404
    assert admin.post("/admin/webhook_attempts/new/", {}).status_code == 404


def test_groups_offer_only_the_attempt_permission_that_means_something(admin):
    """Settings → Groups: attempts can only be viewed, so add/change/delete are not offered."""
    html = admin.get(reverse("wagtailusers_groups:add")).content.decode()
    offered = set(map(int, re.findall(r'name="permissions" value="(\d+)"', html)))
    attempt = {
        p.codename: p.pk
        for p in Permission.objects.filter(content_type__app_label="webhooks")
        if p.content_type.model == "webhookattempt"
    }
    assert attempt["view_webhookattempt"] in offered
    for action in ("add", "change", "delete"):
        assert attempt[f"{action}_webhookattempt"] not in offered


def test_endpoint_form_keeps_the_secret_out_of_the_page(admin, receiver):
    form = {"name": "Site", "url": receiver.url, "events": ["review.published"], "active": "on"}

    missing = admin.post("/admin/webhook_endpoints/new/", form)
    assert missing.status_code == 200
    assert "This field is required" in missing.content.decode()
    short = admin.post("/admin/webhook_endpoints/new/", {**form, "secret": "short"})
    assert "at least 16 characters" in short.content.decode()
    no_events = admin.post(
        "/admin/webhook_endpoints/new/", {**form, "secret": SECRET, "events": []}
    )
    assert no_events.status_code == 200 and not WebhookEndpoint.objects.exists()
    ftp = admin.post(
        "/admin/webhook_endpoints/new/", {**form, "secret": SECRET, "url": "ftp://example.com/"}
    )
    assert "Enter a valid URL." in ftp.content.decode()
    assert not WebhookEndpoint.objects.exists()

    assert (
        admin.post("/admin/webhook_endpoints/new/", {**form, "secret": SECRET}).status_code == 302
    )
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.secret, endpoint.events) == (SECRET, ["review.published"])

    edit_url = f"/admin/webhook_endpoints/edit/{endpoint.pk}/"
    assert SECRET not in admin.get(edit_url).content.decode()
    assert admin.post(edit_url, {**form, "name": "Site 2", "secret": ""}).status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.secret) == ("Site 2", SECRET)
    new_secret = "a-brand-new-secret-value"
    admin.post(edit_url, {**form, "secret": new_secret})
    endpoint.refresh_from_db()
    assert endpoint.secret == new_secret


def review_form(film, **fields):
    return nested_form_data(
        {
            "title": "Past Lives (2023) Review – Quietly Devastating",
            "slug": "past-lives-2023-review",
            "headline": "Quietly Devastating",
            "film": film.pk,
            "score": "9.0",
            "body": streamfield(
                [
                    ("summary", rich_text("<p>The opening.</p>")),
                    ("analysis", {"heading": "Story", "body": rich_text("<p>The middle.</p>")}),
                    ("verdict", {"body": rich_text("<p>The end.</p>")}),
                ]
            ),
            "tags": "",
            "comments": inline_formset([]),
            "critic_links": inline_formset([]),
            **fields,
        }
    )


def test_the_editors_publish_and_schedule_buttons_send_events(
    run_worker, admin, endpoint, receiver, index, make_review, django_capture_on_commit_callbacks
):
    film = make_review().film
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/pages/add/reviews/reviewpage/{index.pk}/",
            review_form(film, **{"action-publish": "1"}),
        )
    assert response.status_code == 302
    page = ReviewPage.objects.get(slug="past-lives-2023-review")
    assert page.live

    go_live_at = timezone.localtime() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/pages/{page.pk}/edit/",
            review_form(
                film,
                headline="Even Better Later",
                go_live_at=go_live_at.strftime("%Y-%m-%d %H:%M"),
                **{"action-publish": "1"},
            ),
        )
    assert response.status_code == 302
    run_worker()

    assert receiver.events() == ["review.published", "review.scheduled"]
    published, scheduled = (json.loads(r["body"]) for r in receiver.requests)
    assert published["id"] == scheduled["id"] == page.pk
    assert scheduled["revision_id"] == ReviewPage.objects.get(pk=page.pk).latest_revision_id
    assert scheduled["go_live_at"].startswith(go_live_at.strftime("%Y-%m-%dT%H:%M"))


def test_a_delivery_whose_worker_died_is_queued_again_by_the_scheduler(
    run_worker, admin, endpoint, receiver, make_review, django_capture_on_commit_callbacks
):
    publish(admin, make_review(), django_capture_on_commit_callbacks)
    # What a worker killed mid-attempt leaves behind: its task claimed, running, never finished.
    task = DBTaskResult.objects.get()
    task.claim("killed-worker")
    start = timezone.now()

    with time_machine.travel(start + timedelta(minutes=2)):
        tick()
        run_worker()
    assert receiver.requests == []  # it may still be at work

    with time_machine.travel(start + timedelta(minutes=11)):
        tick()
        run_worker()
    [request] = receiver.requests
    assert signature_ok(request)
    task.refresh_from_db()
    assert task.status == "FAILED" and "queued again" in task.traceback
    assert WebhookDelivery.objects.get().status == "succeeded"


def test_a_review_behind_a_password_sends_nothing(
    run_worker, admin, endpoint, receiver, make_review, django_capture_on_commit_callbacks
):
    page = make_review()
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="embargo"
    )
    draft_edit(page, headline="A Secret Screening")
    publish(admin, page, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert admin.post(f"/admin/pages/{page.pk}/unpublish/").status_code == 302
    run_worker()

    assert receiver.events() == []
    assert not WebhookDelivery.objects.exists()


def signatures(request):
    return [part.strip() for part in request["headers"]["X-Webhook-Signature"].split(",")]


def signed_with(secret, request):
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    return any(hmac.compare_digest(expected, given) for given in signatures(request))


def test_film_genre_and_critic_changes_name_the_live_reviews_they_alter(
    run_worker, endpoint, receiver, make_review, django_capture_on_commit_callbacks
):
    from reviews.models import Critic, Genre, ReviewPageCritic

    first, second = make_review(genres=("Thriller",)), make_review(genres=("Thriller", "Drama"))
    critic = Critic.objects.create(name="Ana Critic")
    ReviewPageCritic.objects.create(page=first, critic=critic)
    with django_capture_on_commit_callbacks(execute=True):
        first.film.runtime_minutes = 101
        first.film.save_revision().publish()  # films change for readers when published
    with django_capture_on_commit_callbacks(execute=True):
        thriller = Genre.objects.get(name="Thriller")
        thriller.name = "Suspense"
        thriller.save()
    with django_capture_on_commit_callbacks(execute=True):
        critic.bio = "Writes about thrillers."
        critic.save()
    run_worker()

    film, genre, critic_event = (json.loads(r["body"]) for r in receiver.requests)
    assert receiver.events() == ["film.changed", "genre.changed", "critic.changed"]
    assert (film["id"], film["type"], film["review_ids"]) == (
        first.film_id,
        "reviews.Film",
        [first.pk],
    )
    assert genre["review_ids"] == [first.pk, second.pk] and genre["action"] == "updated"
    assert critic_event["review_ids"] == [first.pk] and critic_event["title"] == "Ana Critic"
    assert all(signature_ok(request) for request in receiver.requests)


def test_changes_that_no_live_review_shows_send_nothing(
    run_worker, endpoint, receiver, index, make_review, django_capture_on_commit_callbacks
):
    from reviews.models import Film, Genre

    page = make_review()
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    receiver.requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.film.synopsis = "Nobody reads this now."
        page.film.save_revision().publish()
        Film.objects.create(title="Unreviewed", year=1999).save()
        Genre.objects.create(name="Western")
    run_worker()
    assert receiver.events() == ["review.unpublished"]


def test_a_rotated_secret_signs_beside_the_new_one_until_the_overlap_ends(
    run_worker, admin, endpoint, receiver, make_review, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_SECRET_OVERLAP = 3600
    new_secret = "the-next-secret-for-tests-only"
    form = {"name": endpoint.name, "url": endpoint.url, "events": ALL_EVENTS, "active": "on"}
    response = admin.post(
        f"/admin/webhook_endpoints/edit/{endpoint.pk}/", {**form, "secret": new_secret}
    )
    assert response.status_code == 302
    start = timezone.now()
    publish(admin, make_review(), django_capture_on_commit_callbacks)
    run_worker()
    [during] = receiver.requests
    assert len(signatures(during)) == 2
    assert signed_with(new_secret, during) and signed_with(SECRET, during)
    assert (
        signatures(during)[0]
        == "sha256=" + hmac.new(new_secret.encode(), during["body"], hashlib.sha256).hexdigest()
    )

    with time_machine.travel(start + timedelta(hours=1, minutes=1)):
        publish(admin, make_review(), django_capture_on_commit_callbacks)
        run_worker()
    after = receiver.requests[1]
    assert len(signatures(after)) == 1 and signed_with(new_secret, after)
    assert not signed_with(SECRET, after)


def test_redeliver_sends_the_same_body_again_under_a_new_key(
    run_worker,
    client,
    superuser,
    writer,
    endpoint,
    receiver,
    make_review,
    fast_retries,
    django_capture_on_commit_callbacks,
):
    client.force_login(superuser)
    receiver.statuses = [500] * 10
    with django_capture_on_commit_callbacks(execute=True):
        make_review()
    run_worker()
    first = WebhookDelivery.objects.get()
    assert first.status == "failed"
    url = reverse("webhook_attempts:redeliver", args=[first.pk])
    log = client.get(f"/admin/webhook_attempts/?delivery__endpoint={endpoint.pk}")
    assert url in log.content.decode()

    client.force_login(writer)
    assert client.post(url).status_code == 302
    assert WebhookDelivery.objects.count() == 1  # refused: a writer cannot redeliver

    client.force_login(superuser)
    assert "review.published" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    receiver.statuses = []
    run_worker()
    copy = WebhookDelivery.objects.exclude(pk=first.pk).get()
    assert copy.status == "succeeded" and copy.body == first.body
    assert copy.idempotency_key != first.idempotency_key
    assert receiver.requests[-1]["body"] == first.body.encode()
