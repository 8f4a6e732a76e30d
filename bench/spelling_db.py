"""Build the corpus-backed SQLite database the spelling benchmarks use (issue 9).

Run on demand, once; later runs reuse the database::

    .venv/bin/python bench/spelling_db.py [--dir /tmp/khabar-b] [--articles N]

It converts the ANT corpus (``/work/shared/corpus`` or ``$KHABAR_CORPUS``; skipped
cleanly without it) into an import file in ``--dir`` (never in the repository),
migrates ``DIR/spelling.sqlite3`` (or the database of ``--database-url``) and runs ``manage.py import_articles`` (external
ids ``<corpus>-<id>``, as ``bench/spelling_search_bench.py`` expects) and
``manage.py rebuild_spelling_variants``.  Then::

    export DATABASE_URL=sqlite:///DIR/spelling.sqlite3
    .venv/bin/python bench/spelling_search_bench.py
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_common import corpus_articles, import_record  # noqa: E402


def write_import(path: Path, limit: int | None) -> int:
    written = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for art in corpus_articles():
            record = import_record(art, 0)
            record["external_id"] = f"{art['corpus']}-{art['id']}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
            if limit and written >= limit:
                break
    return written


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", default="/tmp/khabar-b")  # noqa: S108 -- scratch
    parser.add_argument("--articles", type=int, default=0, help="0: all")
    parser.add_argument(
        "--database-url",
        default="",
        help="build in this (empty) database instead, e.g. a PostgreSQL one",
    )
    args = parser.parse_args()
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "spelling.sqlite3"
    source = folder / "ant.jsonl.gz"
    if not source.exists():
        print(f"{write_import(source, args.articles or None)} articles written")
    url = args.database_url or f"sqlite:///{db}"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="khabar.settings.dev",
    )
    python = sys.executable
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["import_articles", str(source), "--no-admin-search", "--no-progress"],
        ["rebuild_spelling_variants"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True)
    print(f"export DATABASE_URL={url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
