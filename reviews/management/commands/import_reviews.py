import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from reviews.ingest.batch import import_file, refusal
from reviews.ingest.files import read_file, review_files
from reviews.ingest.importer import deferred_indexing
from reviews.ingest.inputs import ReadContext, ReviewFormatError
from reviews.ingest.report import REFUSED, FileReport, ImportReport
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
        "Import reviews from plain text (.txt), JSON (.json), saved web pages (.html) and "
        "WordPress exports (.xml), files or directories, as draft revisions. Each file is "
        "all-or-nothing; re-importing an unchanged file changes nothing. Ends with a report per "
        "file (--format json for scripts)."
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
            help="WordPress exports: a copy of the site's uploads folder (wp-content/uploads)",
        )
        parser.add_argument(
            "--category",
            action="append",
            default=[],
            help="WordPress exports: only posts in this category (name or slug; repeatable)",
        )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            help="WordPress exports: only posts with this tag (name or slug; repeatable)",
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="the report: lines for people (default) or one JSON document for scripts",
        )

    def handle(self, *args, paths, publish, submit, user, dry_run, parent, **options):
        media = options["media"]
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: no such directory")
        reading = {"categories": options["category"], "tags": options["tag"], "media_dir": media}
        user = self.find_user(user, required=submit)
        index = self.find_index(parent)
        self.as_json = options["format"] == "json"
        self.show_bar = False
        report = ImportReport(dry_run=dry_run)
        files = []
        for path in paths:
            try:
                files.extend(review_files(path))
            except ReviewFormatError as error:
                self.add(report, FileReport(str(path), refusal=refusal(error)))

        self.show_bar = len(files) >= PROGRESS_BAR_FROM and sys.stderr.isatty()
        self.show_bar = self.show_bar and not self.as_json
        self.detail = options["verbosity"] >= 2 or not self.show_bar
        with quiet_wagtail_log(options["verbosity"] < 2), deferred_indexing() as self.touched:
            for path in tqdm(files, unit="file", disable=not self.show_bar, file=sys.stderr):
                self.add(
                    report, self.import_file(path, index, publish, submit, user, dry_run, reading)
                )

        if self.as_json:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(report.summary())
        if report.counts()[REFUSED]:
            raise CommandError("some files were refused: see the report", returncode=1)

    def add(self, report, file_report):
        report.files.append(file_report)
        if self.as_json:
            return
        if file_report.refusal:
            self.write(self.style.ERROR(file_report.lines()[0]), self.stderr)
        elif self.detail:
            for line in file_report.lines():
                self.write(line)

    def import_file(self, path, index, publish, submit, user, dry_run, reading):
        try:
            data = read_file(path)
        except ReviewFormatError as error:
            return FileReport(str(path), refusal=refusal(error))
        return import_file(
            data,
            ReadContext(path=path, **reading),
            index,
            publish=publish,
            submit=submit,
            user=user,
            dry_run=dry_run,
            touched=self.touched,
        )

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
        if not self.show_bar:
            (stream or self.stdout).write(line)
            return
        # Clears the progress bar for the line and redraws it after.
        with tqdm.external_write_mode(file=sys.stderr):
            (stream or self.stdout).write(line)
