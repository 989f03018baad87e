"""Runs an admin import, or its dry run, file by file, recording progress and the report."""

import logging
from pathlib import Path

from django.db.models import F
from django.utils import timezone

from reviews.ingest.batch import import_file
from reviews.ingest.importer import deferred_indexing
from reviews.ingest.inputs import ReadContext
from reviews.ingest.report import ImportReport

from .models import ReviewImport, review_index

logger = logging.getLogger(__name__)


def run(import_id, *, dry_run):
    """The same rules as `import_reviews`: each file all-or-nothing, a report per file."""
    review_import = ReviewImport.objects.select_related("user").get(pk=import_id)
    Action = ReviewImport.Action
    report = ImportReport(dry_run=dry_run)
    index = review_index()
    # Read from the database one at a time: an upload may hold thousands of files.
    file_ids = list(review_import.files.values_list("pk", flat=True))
    ReviewImport.objects.filter(pk=import_id).update(files_done=0)
    try:
        with deferred_indexing() as touched:
            for file_id in file_ids:
                file = review_import.files.get(pk=file_id)
                context = ReadContext(
                    path=Path(file.name),
                    categories=review_import.categories,
                    tags=review_import.tags,
                )
                report.files.append(
                    import_file(
                        bytes(file.data),
                        context,
                        index,
                        publish=review_import.action == Action.PUBLISH,
                        submit=review_import.action == Action.SUBMIT,
                        user=review_import.user,
                        dry_run=dry_run,
                        touched=touched,
                    )
                )
                ReviewImport.objects.filter(pk=import_id).update(files_done=F("files_done") + 1)
    except Exception as error:
        # Files imported so far stay imported (each in its own transaction): say where it stopped.
        logger.exception("Review import %s stopped", import_id)
        ReviewImport.objects.filter(pk=import_id).update(
            status=ReviewImport.Status.FAILED,
            error=f"Stopped by an unexpected error ({type(error).__name__}); see the server log.",
            report=report.as_dict(),
            finished_at=timezone.now(),
        )
        raise
    if dry_run:
        ReviewImport.objects.filter(pk=import_id).update(
            status=ReviewImport.Status.CHECKED, plan=report.as_dict()
        )
    else:
        ReviewImport.objects.filter(pk=import_id).update(
            status=ReviewImport.Status.DONE, report=report.as_dict(), finished_at=timezone.now()
        )
        # The report is the record; the uploaded files were only needed to make it.
        review_import.files.all().delete()
    return report.summary()
