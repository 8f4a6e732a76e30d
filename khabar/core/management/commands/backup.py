from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khabar.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) and media files."

    def add_arguments(self, parser: CommandParser) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        parser.add_argument(
            "target", nargs="?", default=f"var/backups/khabar-{stamp}.tar.gz"
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            path = backup_create(target=Path(str(options["target"])))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {path}")
