"""`db_worker` that outlives a database outage.

django_tasks_db's worker exits on the first database error it meets, so a few seconds without
the database stopped webhook deliveries for good. This one (it takes the name: cms.webhooks is
listed before django_tasks_db) runs the same worker again after a pause, until the database is
back; SIGTERM and Ctrl-C still stop it at once.
"""

import logging
import time

from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5


class Command(db_worker.Command):
    help = f"{db_worker.Command.help}; waits out database outages (without --reload)"

    def handle(self, *args, **options):
        while True:
            try:
                return super().handle(*args, **options)
            except DatabaseError as error:
                reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
                logger.warning(
                    "Worker: the database is unavailable (%s); trying again in %s s",
                    reason,
                    RETRY_SECONDS,
                )
                connections.close_all()
                time.sleep(RETRY_SECONDS)
