"""One uploaded file in, report rows out: what the command and the admin import share."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from reviews.models import Film, ReviewPage

from . import json_format, web_page, wordpress
from .importer import UNCHANGED, ImportRefused, from_parsed, import_review
from .parser import ReviewFormatError, parse_review_bytes

REFUSED = "refused"
SUFFIXES = (".txt", ".json", ".html", ".htm", ".xml")


class DryRunRollback(Exception):
    pass


def read_upload(name, data, *, category="", tag="", media_dir: Path | None = None):
    """The ReviewInputs in one file, by its suffix; ReviewFormatError says why not."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return json_format.read_document(data)
    if suffix in (".html", ".htm"):
        return [web_page.from_page(data)]
    if suffix == ".xml":
        return wordpress.from_export(data, category=category, tag=tag, media_dir=media_dir)
    return [from_parsed(parse_review_bytes(data))]


def import_upload(name, data, index, *, publish, submit, user, dry_run, touched, **reading):
    """Import one file, all or nothing; a row per review, or one "refused" row for the file."""
    try:
        reviews = read_upload(name, data, **reading)
        rows = []
        try:
            with transaction.atomic():
                for review in reviews:
                    outcome, page = import_review(
                        review,
                        index,
                        publish=publish and not review.draft,
                        submit=submit and not review.draft,
                        user=user,
                    )
                    rows.append(row(name, outcome, review, page))
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            for row_ in rows:
                row_["page"] = None  # rolled back: there is no page to link to
            return rows
    except (ReviewFormatError, ImportRefused, ValidationError, DatabaseError) as error:
        if isinstance(error, ValidationError):
            error = " ".join(error.messages)
        return [{"file": name, "outcome": REFUSED, "title": "", "message": str(error), "notes": []}]
    changed = [r for r in rows if r["outcome"] != UNCHANGED]
    touched[ReviewPage].update(r["page"] for r in changed)
    touched[Film].update(r["film"] for r in changed)
    return rows


def row(name, outcome, review, page):
    return {
        "file": name,
        "outcome": outcome,
        "title": review.title,
        "page": page.pk,
        "film": page.film_id,
        "live": page.live,
        "message": "",
        "notes": review.notes,
    }
