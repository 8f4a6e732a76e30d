"""Rebuild Khabar's search index and "see also" data from the live articles."""

from django.core.management.base import BaseCommand

from khabar.search.services import search_keywords_recompute, search_rebuild_index


class Command(BaseCommand):
    help = "Re-index every live article for search and recompute 'see also' data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keywords-only",
            action="store_true",
            help="Only choose the 'see also' keywords again (after tuning them).",
        )

    def handle(self, *args, **options):
        if options["keywords_only"]:
            count = search_keywords_recompute()
            self.stdout.write(f"Chose the keywords of {count} articles again.")
            return

        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{done}/{total}")

        count = search_rebuild_index(progress=progress)
        self.stdout.write(f"Indexed {count} live articles.")
