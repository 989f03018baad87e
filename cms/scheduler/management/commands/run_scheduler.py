import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.scheduler.scheduler import run, tick


class Command(BaseCommand):
    help = (
        "Publish pages whose go-live time has come and unpublish expired ones, every --interval "
        "seconds (default: SCHEDULER_INTERVAL, 60). On PostgreSQL several may run (one per app "
        "node): a lock lets one act at a time. On SQLite run exactly one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=settings.SCHEDULER_INTERVAL)
        parser.add_argument("--once", action="store_true", help="Run once and exit.")

    def handle(self, *args, interval, once, **options):
        if interval < 1:
            raise CommandError("--interval must be at least 1 second.")
        if once:
            entries = tick()
            if entries is None:
                self.stdout.write("Another scheduler is running: nothing done.")
                return
            self.stdout.write(f"{len(entries)} scheduled change(s) made.")
            return
        stop = threading.Event()
        # Ctrl-C and a process manager's TERM end the wait at once, never a run half-way.
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        run(interval, stop)
        self.stdout.write("Scheduler stopped.")
