"""One file in, its report out: what `import_reviews` and the admin's import share."""

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from reviews.models import Film, ReviewPage

from .files import read_data
from .importer import ImportRefused, import_review
from .inputs import ReadContext, ReviewFormatError
from .report import CREATED, FileReport, Refusal


class DryRunRollback(Exception):
    pass


def import_file(data, context: ReadContext, index, *, publish, submit, user, dry_run, touched):
    """Import one file's reviews in one transaction: all of them, or none and a refusal.

    `touched` collects the ids of pages and films to index once the run ends
    (`importer.deferred_indexing`).
    """
    report = FileReport(str(context.path))
    results = []
    try:
        reviews = read_data(data, context)
        report.skipped = context.skipped
        with transaction.atomic():
            for review in reviews:
                results.append(import_one(review, index, len(reviews) > 1, publish, submit, user))
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        for result, _ in results:
            if result.outcome == CREATED:
                result.page_id = None  # rolled back
        report.reviews = [result for result, _ in results]
        return report
    except (ReviewFormatError, ImportRefused, ValidationError, DatabaseError) as error:
        report.refusal = refusal(error)
        return report
    report.reviews = [result for result, _ in results]
    # Unchanged reviews are indexed again too: a run killed before its indexing step (at the
    # end) committed them without index entries, and its rerun finds them unchanged.
    pages = [page for _, page in results]
    touched[ReviewPage].update(page.pk for page in pages)
    touched[Film].update(page.film_id for page in pages)
    return report


def import_one(review, index, name_it, publish, submit, user):
    try:
        return import_review(review, index, publish=publish, submit=submit, user=user)
    except ImportRefused as error:
        if not name_it:
            raise
        # In a file of many reviews, which one: "Salt Roads (2022) Review: cannot publish: …".
        raise ImportRefused(f"{review.title}: {error}") from None


def refusal(error):
    if isinstance(error, ValidationError):
        return Refusal(" ".join(error.messages))
    return Refusal(str(error), getattr(error, "line", None))
