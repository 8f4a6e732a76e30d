"""Rediscover spelling-variant groups in the published archive.

Editors' decisions (accepted, rejected, own groups) are kept; unreviewed
suggestions are replaced.  Run it nightly, or after a large import::

    manage.py rebuild_spelling_variants
"""

import time

from django.core.management.base import BaseCommand

from khabar.spelling.services import variants_rebuild


class Command(BaseCommand):
    help = "Rediscover spelling variants of names (ترامب/ترمب) in the archive."

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        verbosity = int(options.get("verbosity", 1))

        def progress(n: int) -> None:
            if verbosity > 1:
                self.stdout.write(f"{n} articles read")

        report = variants_rebuild(progress=progress)
        self.stdout.write(
            f"{report.documents} articles, {report.found} groups found, "
            f"{report.created} suggestions stored, {report.kept_reviewed} reviewed "
            f"groups kept ({time.monotonic() - started:.1f} s)."
        )
