"""Makes go-live and expiry times take effect: Wagtail's `publish_scheduled` every N seconds.

Several schedulers may run against one PostgreSQL database (one per app node): each run takes a
PostgreSQL advisory lock first, and a scheduler that finds it taken skips that run, so each go-live
is published, logged and sent to webhooks exactly once. On SQLite (one machine) there is no lock:
run one scheduler there.
"""

import logging
from contextlib import contextmanager

from django.core.management import call_command
from django.db import DatabaseError, close_old_connections, connection
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


# The advisory lock's key: any number, the same in every scheduler of one database.
SCHEDULER_LOCK = 0x5CED_0001


@contextmanager
def scheduler_lock():
    """True for the one process that holds the scheduler's lock until the block ends, False for
    the others (they don't wait: the holder does the work they would have done)."""
    if connection.vendor != "postgresql":
        yield True
        return
    # A session-level lock, not a transaction's: each publish keeps its own transaction and is
    # committed (and purged, and announced) as soon as it is done, as with one scheduler.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SCHEDULER_LOCK])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [SCHEDULER_LOCK])
            except DatabaseError:
                # The connection broke during the run: closing it ends the session, and the
                # server drops the session's locks with it.
                connection.close()


def tick():
    """Publish what is due and unpublish what has expired, once; return the log entries made,
    or None when another scheduler holds the lock (it makes these changes itself).

    Also the periodic check for webhook deliveries whose worker died mid-attempt, and the end
    of deleted reviews' retention period.
    """
    with scheduler_lock() as acquired:
        if not acquired:
            return None
        return make_scheduled_changes()


def make_scheduled_changes():
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
            if tick() is None:
                # Rare with a long interval: the other scheduler's run overlapped this one.
                logger.info("Scheduler: another scheduler was running; skipped this run")
        except Exception:
            logger.exception("Scheduler: this run failed; trying again in %s s", interval)
        close_old_connections()
        stop.wait(interval)
