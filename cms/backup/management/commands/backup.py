from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup.archive import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database and MEDIA_ROOT into a new directory under --into (default: "
        "backups/), with a manifest of checksums. `restore` puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--into", type=Path, default=Path("backups"), metavar="DIR")

    def handle(self, *args, into, **options):
        try:
            backup = make_backup(into)
        except (BackupError, OSError) as error:
            raise CommandError(f"backup failed: {error}") from None
        self.stdout.write(f"Backed up to {backup}")
