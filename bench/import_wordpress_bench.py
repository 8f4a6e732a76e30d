"""Benchmark: importing generated WordPress exports of growing size.

    .venv/bin/python bench/import_wordpress_bench.py            # 2000 5000 20000
    .venv/bin/python bench/import_wordpress_bench.py 500 1000   # quick look
    .venv/bin/python bench/import_wordpress_bench.py --debug 2000   # DEBUG on

For each size it writes a WXR 1.2 export into a temporary folder (Arabic
titles and paragraphs from ../shared/corpus when it is there, synthetic Arabic
otherwise; a third of the posts with a featured image, 0-3 threaded comments
each, an unknown shortcode in one post in seven), migrates a fresh SQLite
database, then runs ``manage.py import_wordpress`` in a child process and
prints wall time, posts per second, the loader's CPU time, the CPU time of
the parsing process it starts (``importers/wordpress/pipeline.py``: exports
of 2 MB and more are parsed and converted there, beside the database writes)
and the peak RSS of both.  A second, identical run measures the "nothing
changed" path.  Django runs with DEBUG off, as ``manage.py import_wordpress``
does in production; ``--debug`` turns it on (Django then records every
statement and, on SQLite, quotes the parameters of each with an extra query,
which costs a large share of the import's CPU time).

Goal (issue 5): at least 200 posts/s on SQLite with peak RSS under 400 MB
(posts per second of wall time, what an editor waits; RSS of both processes
added).  Wall time depends on what else the machine runs, and this machine's
own speed moves by up to 30 % within an hour: compare runs made together.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.importers.wordpress.generate import (  # noqa: E402
    corpus_texts,
    synthetic_texts,
    write_export,
)

CHILD = r"""
import json, os, resource, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.dev")
django.setup()
from django.core.management import call_command
wall, cpu = time.perf_counter(), time.process_time()
call_command("import_wordpress", sys.argv[1], verbosity=0, stdout=open(os.devnull, "w"))
child = resource.getrusage(resource.RUSAGE_CHILDREN)  # the parsing process
print(json.dumps({
    "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "parser_cpu": child.ru_utime + child.ru_stime,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "parser_rss_mb": child.ru_maxrss / 1024,
}))
"""


def _texts():
    texts = corpus_texts()
    first = next(texts, None)
    if first is None:
        return "synthetic", synthetic_texts()

    def chained():
        yield first
        yield from texts
        yield from synthetic_texts()  # the corpus has ~31k stories

    return "ANT corpus v2.1", chained()


def run(size: int, work: Path, *, debug: bool = False) -> dict:
    source, texts = _texts()
    export = work / f"export-{size}.xml"
    with export.open("w", encoding="utf-8") as handle:
        write_export(handle, posts=size, texts=texts)
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{work / f'site-{size}.sqlite3'}",
        KHABAR_VAR_DIR=str(work / "var"),
        KHABAR_MEDIA_ROOT=str(work / "media"),
        KHABAR_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="khabar.settings.dev",
        DJANGO_DEBUG="1" if debug else "0",
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    results = {"posts": size, "text": source, "mb": export.stat().st_size / 2**20}
    for label in ("first", "again"):
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(export)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        measured = json.loads(out.stdout.strip().splitlines()[-1])
        measured["process"] = time.perf_counter() - started
        results[label] = measured
    return results


def main(sizes: list[int], *, debug: bool = False) -> None:
    print(f"DEBUG {'on' if debug else 'off'}.\n")
    print(
        "| posts | export MB | run | wall s | posts/s (wall) | loader CPU s | "
        "parser CPU s | peak RSS MB (loader + parser) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    firsts = []
    with tempfile.TemporaryDirectory(prefix="khabar-wp-bench-") as tmp:
        for size in sizes:
            r = run(size, Path(tmp), debug=debug)
            firsts.append((size, r["first"]))
            for label in ("first", "again"):
                m = r[label]
                print(
                    f"| {size} | {r['mb']:.0f} | {label} | {m['wall']:.1f} | "
                    f"{size / m['wall']:.0f} | {m['cpu']:.1f} | "
                    f"{m['parser_cpu']:.1f} | {m['rss_mb']:.0f} + "
                    f"{m['parser_rss_mb']:.0f} = "
                    f"{m['rss_mb'] + m['parser_rss_mb']:.0f} |",
                    flush=True,
                )
        print(f"\nText: {r['text']}. Load average: {os.getloadavg()[0]:.1f}.")
    if len(firsts) > 1:
        (small, a), (large, b) = firsts[0], firsts[-1]
        print(
            f"Growth {small} → {large} posts (×{large / small:.0f}): wall time "
            f"×{b['wall'] / a['wall']:.1f} (posts/s ×"
            f"{(large / b['wall']) / (small / a['wall']):.2f}), loader CPU ×"
            f"{b['cpu'] / a['cpu']:.1f}, peak RSS (both processes) "
            f"{a['rss_mb'] + a['parser_rss_mb']:.0f} → "
            f"{b['rss_mb'] + b['parser_rss_mb']:.0f} MB."
        )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--debug"]
    main([int(a) for a in args] or [2000, 5000, 20000], debug="--debug" in sys.argv)
