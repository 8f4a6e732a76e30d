"""Rebuild Khabar's search index and "see also" data from the live articles."""

from django.core.management.base import BaseCommand

from khabar.search.services import search_rebuild_index


class Command(BaseCommand):
    help = "Re-index every live article for search and recompute 'see also' data."

    def handle(self, *args, **options):
        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"{done}/{total}")

        count = search_rebuild_index(progress=progress)
        self.stdout.write(f"Indexed {count} live articles.")
