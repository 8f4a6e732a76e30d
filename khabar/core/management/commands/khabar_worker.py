"""The background worker: periodic jobs every minute (scheduled publishing, ...).

``make run`` starts it next to the development server. In production run it as a
service (one per deployment), or use cron instead::

    * * * * *  cd /srv/khabar && .venv/bin/python manage.py khabar_worker --once

The jobs are management commands named in settings.KHABAR_PERIODIC_COMMANDS, so
each app adds its own (e.g. the comments app's retention purge) without the
worker knowing about it.
"""

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger("khabar.worker")


class Command(BaseCommand):
    help = "Run periodic jobs (scheduled publishing and others) every minute."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run the jobs once.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds.")

    def handle(self, *args: object, **options: object) -> None:
        while True:
            started = time.monotonic()
            for name in settings.KHABAR_PERIODIC_COMMANDS:
                try:
                    call_command(name)
                except Exception:  # one failing job must not stop the others
                    logger.exception("Periodic job %s failed.", name)
            if options["once"]:
                return
            elapsed = time.monotonic() - started
            time.sleep(max(1.0, int(options["interval"]) - elapsed))
