"""Re-index the stories of renamed sections queued for the worker."""

from django.core.management.base import BaseCommand

from khabar.search.services import search_reindex_pending


class Command(BaseCommand):
    help = "Re-index the stories of renamed sections (run by khabar_worker)."

    def handle(self, *args, **options):
        count = search_reindex_pending()
        if count or options["verbosity"] > 1:
            self.stdout.write(f"Re-indexed {count} stories of renamed sections.")
