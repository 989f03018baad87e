"""Makes go-live and expiry times take effect: Wagtail's `publish_scheduled` every N seconds."""

import logging

from django.core.management import call_command
from django.db import close_old_connections
from django.db.models import Max
from wagtail.models import ModelLogEntry, PageLogEntry

from cms.webhooks.tasks import requeue_stalled
from reviews.archive import purge_expired

logger = logging.getLogger(__name__)

# The audit-log actions Wagtail's command records: the log says what one run changed.
SCHEDULED_ACTIONS = {
    "wagtail.publish.scheduled": "published",
    "wagtail.unpublish.scheduled": "unpublished (expired)",
}


def tick():
    """Publish what is due and unpublish what has expired, once; return the log entries made.

    Also the periodic check for webhook deliveries whose worker died mid-attempt, and the end
    of deleted reviews' retention period.
    """
    log_models = (PageLogEntry, ModelLogEntry)
    last_ids = [
        log_model.objects.aggregate(last=Max("pk"))["last"] or 0 for log_model in log_models
    ]
    call_command("publish_scheduled")
    entries = [
        entry
        for log_model, last_id in zip(log_models, last_ids, strict=True)
        for entry in log_model.objects.filter(
            action__in=SCHEDULED_ACTIONS, pk__gt=last_id
        ).select_related("content_type")
    ]
    for entry in entries:
        logger.info(
            "Scheduler: %s %s %s (%s)",
            SCHEDULED_ACTIONS[entry.action],
            entry.content_type.model_class().__name__ if entry.content_type else "object",
            entry.object_id,
            entry.label,
        )
    requeue_stalled()
    purge_expired()
    return entries


def run(interval, stop):
    """Tick every `interval` seconds until `stop` is set; a failed tick is logged and retried."""
    logger.info("Scheduler: checking go-live and expiry times every %s s", interval)
    while not stop.is_set():
        # A long-lived process must not keep a connection the database has dropped.
        close_old_connections()
        try:
            tick()
        except Exception:
            logger.exception("Scheduler: this run failed; trying again in %s s", interval)
        close_old_connections()
        stop.wait(interval)
