"""Runs an admin import, or its dry run, file by file, recording progress and the report."""

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reviews.ingest.batch import import_upload
from reviews.ingest.importer import deferred_indexing
from reviews.models import ReviewIndexPage

from .models import ReviewImport

logger = logging.getLogger(__name__)


def run(import_id, *, dry_run):
    review_import = ReviewImport.objects.select_related("user").get(pk=import_id)
    index = ReviewIndexPage.objects.order_by("path").first()
    Action = ReviewImport.Action
    rows = []
    try:
        with deferred_indexing() as touched:
            for file_id in review_import.files.values_list("pk", flat=True):
                file = review_import.files.get(pk=file_id)
                rows.extend(
                    import_upload(
                        file.name,
                        bytes(file.data),
                        index,
                        publish=review_import.action == Action.PUBLISH,
                        submit=review_import.action == Action.SUBMIT,
                        user=review_import.user,
                        dry_run=dry_run,
                        category=review_import.category,
                        tag=review_import.tag,
                        touched=touched,
                    )
                )
                ReviewImport.objects.filter(pk=import_id).update(files_done=F("files_done") + 1)
    except Exception as error:
        # Files already imported stay imported (each in its own transaction): say where it stopped.
        logger.exception("Review import %s stopped", import_id)
        ReviewImport.objects.filter(pk=import_id).update(
            status=ReviewImport.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
            report=rows,
            finished_at=timezone.now(),
        )
        raise
    with transaction.atomic():
        if dry_run:
            ReviewImport.objects.filter(pk=import_id).update(
                status=ReviewImport.Status.CHECKED, plan=rows
            )
        else:
            ReviewImport.objects.filter(pk=import_id).update(
                status=ReviewImport.Status.DONE, report=rows, finished_at=timezone.now()
            )
            # The report is the record; the uploaded files were only needed to make it.
            review_import.files.all().delete()
    return "checked" if dry_run else "done"
