from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from khabar.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into the configured database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source")

    def handle(self, *args: object, **options: object) -> None:
        source = Path(str(options["source"]))
        if not source.exists():
            raise CommandError(f"No backup at {source}.")
        try:
            manifest = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the {manifest['engine']} backup of {manifest['created_at']}."
        )
