import logging
import sys
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reviews.ingest.batch import REFUSED, import_upload
from reviews.ingest.files import read_file, review_files
from reviews.ingest.importer import CREATED, UNCHANGED, UPDATED, deferred_indexing
from reviews.ingest.parser import ReviewFormatError
from reviews.models import ReviewIndexPage

# Fewer files than this report line by line; more get a progress bar on a terminal.
PROGRESS_BAR_FROM = 6


@contextmanager
def quiet_wagtail_log(quiet):
    """Wagtail logs every page created and edited; the command's own lines say it briefly."""
    logger = logging.getLogger("wagtail")
    level = logger.level
    if quiet:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Import reviews from plain-text (.txt), JSON (.json), saved web pages (.html) and "
        "WordPress exports (.xml), files or directories, as draft revisions. Each file is "
        "all-or-nothing; re-importing an unchanged file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--publish", action="store_true", help="publish each review")
        action.add_argument(
            "--submit", action="store_true", help="submit each draft for moderation (with --user)"
        )
        parser.add_argument("--user", help="username the revisions and submissions are made as")
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and validate, report, write nothing"
        )
        parser.add_argument(
            "--parent", metavar="SLUG", help="slug of the review index to import into"
        )
        parser.add_argument(
            "--media",
            type=Path,
            metavar="DIR",
            help="WordPress exports: a copy of the site's wp-content/uploads folder",
        )
        parser.add_argument(
            "--category", default="", help="WordPress exports: only posts in this category"
        )
        parser.add_argument("--tag", default="", help="WordPress exports: only posts with this tag")

    def handle(self, *args, paths, publish, submit, user, dry_run, parent, **options):
        media = options["media"]
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: no such directory")
        reading = {"category": options["category"], "tag": options["tag"], "media_dir": media}
        user = self.find_user(user, required=submit)
        index = self.find_index(parent)
        counts = Counter()
        files = []
        for path in paths:
            try:
                files.extend(review_files(path))
            except ReviewFormatError as error:
                self.fail(path, error)
                counts["failed"] += 1

        show_bar = len(files) >= PROGRESS_BAR_FROM and sys.stderr.isatty()
        self.verbose_files = options["verbosity"] >= 2 or not show_bar
        with quiet_wagtail_log(options["verbosity"] < 2), deferred_indexing() as self.touched:
            for path in tqdm(files, unit="file", disable=not show_bar, file=sys.stderr):
                try:
                    outcomes = self.import_file(
                        path, index, publish, submit, user, dry_run, reading
                    )
                except ReviewFormatError as error:
                    self.fail(path, error)
                    counts["failed"] += 1
                else:
                    counts.update("failed" if o == REFUSED else o for o in outcomes)

        summary = ", ".join(f"{counts[key]} {key}" for key in (CREATED, UPDATED, UNCHANGED))
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(f"{prefix}{summary}, {counts['failed']} failed")
        if counts["failed"]:
            raise CommandError("some files failed: see the lines above", returncode=1)

    def import_file(self, path, index, publish, submit, user, dry_run, reading):
        rows = import_upload(
            str(path),
            read_file(path),
            index,
            publish=publish,
            submit=submit,
            user=user,
            dry_run=dry_run,
            touched=self.touched,
            **reading,
        )
        for row in rows:
            if row["outcome"] == REFUSED:
                self.fail(path, row["message"])
            elif self.verbose_files:
                self.write(f"{path}: {row['outcome']}: {row['title']}")
        return [row["outcome"] for row in rows]

    def find_user(self, username, required):
        if required and not username:
            raise CommandError("--submit needs --user NAME: the person submitting for moderation")
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None

    def find_index(self, slug):
        indexes = ReviewIndexPage.objects.order_by("path")
        index = indexes.filter(slug=slug).first() if slug else indexes.first()
        if index is None:
            raise CommandError(
                f"no review index with the slug {slug!r}" if slug else "no review index page"
            )
        return index

    def write(self, line, stream=None):
        # Clears the progress bar for the line and redraws it after.
        with tqdm.external_write_mode(file=sys.stderr):
            (stream or self.stdout).write(line)

    def fail(self, path, error):
        if isinstance(error, ValidationError):
            error = " ".join(error.messages)
        self.write(self.style.ERROR(f"{path}: {error}"), self.stderr)
