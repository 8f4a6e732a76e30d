"""Import speed: manage.py import_articles on SQLite or PostgreSQL.

    .venv/bin/python bench/import_articles_bench.py --engine sqlite --articles 100000

Writes the corpus as import lines (repeated with new external_ids and dates
400 days older per round to pass its ~41.7k articles) to /tmp, imports them
into a fresh database (``/tmp/khabar_search_bench_<n>.sqlite3`` or PostgreSQL
``khabar_search_bench_<n>``) and reports articles/s. ``--keep`` leaves the
database for bench/search_*.py; otherwise it is dropped.
"""

from __future__ import annotations

import argparse
import time

from search_common import TMP, create_database, drop_database, setup_django, write_jsonl


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--no-admin-search", action="store_true", help="Skip Wagtail's admin index."
    )
    args = parser.parse_args()
    name = f"khabar_search_bench_{args.articles}"
    jsonl = TMP / f"khabar_search_bench_{args.articles}.jsonl.gz"
    if not jsonl.exists():
        t = time.perf_counter()
        n = write_jsonl(jsonl, args.articles)
        print(f"wrote {n} import lines in {time.perf_counter() - t:.1f} s")
    url = create_database(args.engine, name)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from khabar.importers.articles import import_articles

    start = time.perf_counter()
    report = import_articles(path=jsonl, admin_search=not args.no_admin_search)
    elapsed = time.perf_counter() - start
    print(
        f"{args.engine}: imported {report.created} articles in {elapsed:.1f} s "
        f"= {report.created / elapsed:.0f} articles/s "
        f"({report.failed} broken lines, {report.skipped_existing} skipped; "
        f"admin search index {'skipped' if args.no_admin_search else 'filled'})"
    )
    start = time.perf_counter()
    again = import_articles(path=jsonl)
    print(
        f"re-run (idempotent): created {again.created}, skipped "
        f"{again.skipped_existing} in {time.perf_counter() - start:.1f} s"
    )
    from django.db import connections

    connections.close_all()
    if not args.keep:
        drop_database(args.engine, name)


if __name__ == "__main__":
    main()
