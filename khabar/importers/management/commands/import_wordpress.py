"""manage.py import_wordpress EXPORT.xml: move a WordPress site into Khabar.

Parsing arguments, the progress bar and printing the report only; the work is
in ``khabar.importers.wordpress.loader``.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_date, parse_datetime

from khabar.importers.wordpress.loader import (
    ImportOptions,
    WordPressImportError,
    wordpress_import,
)


def _since(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise CommandError(
                f"--since {value!r} is not a date; use YYYY-MM-DD or an ISO date-time."
            )
        parsed = datetime(day.year, day.month, day.day)  # noqa: DTZ001 - made UTC below
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1/1.2): posts, sections, tags, authors, "
        "comments, images and redirects from every old URL. Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export", help="The WXR file from Tools → Export.")
        parser.add_argument(
            "--uploads",
            metavar="DIR",
            help="The site's wp-content/uploads folder: images are copied from it. "
            "Without it, images stay on the old site and are listed in the report.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would happen and write nothing.",
        )
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="Only posts created or modified on or after DATE (YYYY-MM-DD).",
        )
        parser.add_argument(
            "--create-users",
            action="store_true",
            help="Also create an editor account (writers group, no password) per "
            "WordPress author.",
        )
        parser.add_argument("--category-base", default="category")
        parser.add_argument("--tag-base", default="tag")
        parser.add_argument(
            "--report-json",
            metavar="FILE",
            help="Also write the full report, with every id, as JSON.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        export = Path(options["export"])
        if not export.is_file():
            raise CommandError(f"The export file {export} does not exist.")
        import_options = ImportOptions(
            uploads=Path(options["uploads"]) if options["uploads"] else None,
            dry_run=options["dry_run"],
            since=_since(options["since"]) if options["since"] else None,
            create_users=options["create_users"],
            category_base=options["category_base"],
            tag_base=options["tag_base"],
        )
        if options["verbosity"] < 2:
            # Wagtail logs a line per page created; the report says it better.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
        try:
            report = wordpress_import(
                path=export, options=import_options, progress=self._progress(options)
            )
        except WordPressImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.render())
        if options["report_json"]:
            Path(options["report_json"]).write_text(
                json.dumps(report.as_dict(), ensure_ascii=False, indent=2),
                encoding="utf-8",
            )
        if report.fatal:
            raise CommandError(
                "The export could not be read to the end; everything before the "
                "problem was imported. Fix or re-export the file and run again."
            )

    def _progress(self, options: dict[str, Any]):
        if options["verbosity"] < 1:
            return None

        def bar(total: int):
            from tqdm import tqdm

            # On stderr, so the report on stdout stays clean; silent when stderr
            # is not a terminal (cron, CI).
            return tqdm(total=total, unit="item", desc="WordPress", disable=None)

        return bar
