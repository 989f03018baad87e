import time
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Wait until the development server answers, then print the summary load_demo wrote and"
        " delete its file: `make run` ends its start-up output on where to go and as whom,"
        " after the server's own lines rather than above them."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="The address the server answers on.")
        parser.add_argument("summary_file", help="load_demo --summary-file's output.")
        parser.add_argument("--timeout", type=float, default=120, help="Seconds to wait.")

    def handle(self, *args, url, summary_file, timeout, **options):
        deadline = time.monotonic() + timeout
        while not self.answers(url):
            if time.monotonic() > deadline:
                raise CommandError(f"{url} did not answer within {timeout:g} s")
            time.sleep(0.5)
        path = Path(summary_file)
        try:
            summary = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            summary = f"\nThe site is up: {url}\n"
        path.unlink(missing_ok=True)
        self.stdout.write(summary)

    @staticmethod
    def answers(url):
        try:
            with urllib.request.urlopen(url, timeout=5):
                return True
        except urllib.error.HTTPError:
            return True  # it answered, if not with a page
        except OSError:
            return False
