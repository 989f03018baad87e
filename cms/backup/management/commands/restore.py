from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup.archive import BackupError, restore_backup, verify


class Command(BaseCommand):
    help = (
        "Replace the database and MEDIA_ROOT with a backup made by `backup`, after checking "
        "every file against its manifest. Stop the web, worker and scheduler processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, metavar="BACKUP_DIR")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, backup, interactive, **options):
        try:
            manifest = verify(backup)
            if interactive:
                answer = input(
                    f"Replace this site's database and uploaded files with the backup of "
                    f"{manifest['created']}? [y/N] "
                )
                if answer.strip().lower() != "y":
                    raise CommandError("restore cancelled: nothing changed")
            restore_backup(backup)
        except (BackupError, OSError) as error:
            raise CommandError(f"restore failed: {error}") from None
        self.stdout.write(f"Restored {backup} ({len(manifest['files'])} files checked)")
