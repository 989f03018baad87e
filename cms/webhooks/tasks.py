import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .delivery import post
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

STALLED_AFTER = timedelta(minutes=10)


@task(backend="webhooks")
def deliver(delivery_id):
    """One attempt at a delivery; a failed one queues the next after its backoff delay."""
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .first()
    )
    if delivery is None:  # delivered, given up on, or its endpoint deleted meanwhile
        return "nothing to do"
    if not delivery.endpoint.active:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "next_attempt_at"])
        return "endpoint inactive: not sent"

    number = delivery.attempt_count + 1
    started_at = timezone.now()
    clock = time.monotonic()
    # Outside any transaction: SQLite's write lock must not wait on a slow receiver.
    status_code, excerpt, error = post(delivery, number)
    duration_ms = round((time.monotonic() - clock) * 1000)
    succeeded = status_code is not None and 200 <= status_code < 300
    delays = settings.WEBHOOK_RETRY_DELAYS
    retry_at = None
    if not succeeded and number <= len(delays):
        retry_at = timezone.now() + timedelta(seconds=delays[number - 1])

    with transaction.atomic():
        WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started_at,
            duration_ms=duration_ms,
            status_code=status_code,
            response_excerpt=excerpt,
            error=error,
            succeeded=succeeded,
            retry_at=retry_at,
        )
        delivery.attempt_count = number
        delivery.next_attempt_at = retry_at
        if succeeded:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
        elif retry_at is None:
            delivery.status = WebhookDelivery.Status.FAILED
        delivery.save(update_fields=["attempt_count", "next_attempt_at", "status"])
        if retry_at:
            deliver.using(run_after=retry_at).enqueue(delivery.pk)

    logger.info(
        "Webhook %s to %s: attempt %d %s in %d ms%s",
        delivery.event,
        delivery.endpoint.url,
        number,
        f"answered {status_code}" if status_code else f"failed ({error})",
        duration_ms,
        f"; next attempt at {retry_at.isoformat(timespec='seconds')}" if retry_at else "",
    )
    return delivery.status


class WorkerLost(Exception):
    pass


def requeue_stalled():
    """Put back in the queue the deliveries whose worker died mid-attempt (killed, machine lost).

    An attempt lasts about WEBHOOK_TIMEOUT seconds, and a worker that is stopped properly finishes
    it first: a delivery task still running long after that has no worker left.
    """
    cutoff = timezone.now() - max(STALLED_AFTER, timedelta(seconds=10 * settings.WEBHOOK_TIMEOUT))
    stalled = DBTaskResult.objects.filter(
        backend_name=deliver.backend,
        task_path=deliver.module_path,
        status=TaskResultStatus.RUNNING,
        started_at__lt=cutoff,
    )
    requeued = []
    for result in stalled:
        with transaction.atomic():
            result.set_failed(
                WorkerLost("The worker stopped during this task; it was queued again.")
            )
            deliver.enqueue(*result.args_kwargs["args"])
        requeued.append(result.args_kwargs["args"][0])
    if requeued:
        logger.warning(
            "Webhook deliveries %s lost their worker mid-attempt: queued again", requeued
        )
    return requeued


def redeliver(delivery):
    """The same event and body to the same endpoint again, as a new delivery (a new
    Idempotency-Key: the receiver asked for it, so it must not drop it as a repeat)."""
    with transaction.atomic():
        copy = WebhookDelivery.objects.create(
            endpoint=delivery.endpoint,
            event=delivery.event,
            object_id=delivery.object_id,
            body=delivery.body,
        )
        deliver.enqueue(copy.pk)
    return copy


def record_deliveries(payload):
    """A delivery for every active endpoint subscribed to the event, each queued for the worker."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    with transaction.atomic():
        deliveries = [
            WebhookDelivery.objects.create(
                endpoint=endpoint, event=payload["event"], object_id=str(payload["id"]), body=body
            )
            for endpoint in WebhookEndpoint.objects.filter(active=True)
            if payload["event"] in endpoint.events
        ]
        for delivery in deliveries:
            deliver.enqueue(delivery.pk)
    return deliveries
