"""Delete expired spam and trash, erase IP addresses past the retention window.

Runs every minute from ``khabar_worker`` (``KHABAR_PERIODIC_COMMANDS``).
"""

from django.core.management.base import BaseCommand

from khabar.comments.services import comment_purge_expired


class Command(BaseCommand):
    help = (
        "Purge spam and trash comments and old IP addresses after the retention window."
    )

    def handle(self, *args: object, **options: object) -> None:
        result = comment_purge_expired()
        if int(options.get("verbosity", 1)) > 1:
            self.stdout.write(
                f"{result.deleted} comment(s) deleted, {result.ips_erased} IP address(es) erased."
            )
