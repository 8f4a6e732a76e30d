"""manage.py import_articles FILE.jsonl[.gz]: bulk import of articles (see
khabar/importers/articles.py for the format)."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from khabar.importers.articles import BATCH_SIZE, import_articles


class Command(BaseCommand):
    help = "Import articles from a JSON Lines file (.jsonl or .jsonl.gz), one per line."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .jsonl or .jsonl.gz file.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )
        parser.add_argument(
            "--no-admin-search",
            action="store_true",
            help="Skip Wagtail's admin search index (faster; run update_index later).",
        )

    def handle(self, *args, path, batch_size, no_progress, no_admin_search, **options):
        bar = tqdm(
            unit=" articles",
            disable=no_progress or options["verbosity"] == 0,
            file=self.stderr._out,
            mininterval=0.5,
        )

        def on_error(line: int, message: str) -> None:
            bar.write(f"line {line}: {message} (skipped)", file=self.stderr._out)

        try:
            report = import_articles(
                path=path,
                batch_size=max(1, batch_size),
                progress=bar.update,
                on_error=on_error,
                admin_search=not no_admin_search,
            )
        except FileNotFoundError:
            raise CommandError(f"The file {path} does not exist.") from None
        except (OSError, EOFError) as exc:
            raise CommandError(f"The file {path} could not be read: {exc}.") from None
        finally:
            bar.close()
        self.stdout.write(
            f"Imported {report.created} articles; skipped {report.skipped_existing} "
            f"already imported and {report.failed} broken lines."
        )
        if report.sections_created:
            self.stdout.write("Created sections: " + ", ".join(report.sections_created))
