"""Name-variant queries through the real search selector (issue 9).

Needs a database with the corpus imported and the variant groups rebuilt::

    export DATABASE_URL=sqlite:////tmp/spellvar/khabar.sqlite3
    .venv/bin/python manage.py import_articles ant.jsonl.gz   # external_id = corpus-id
    .venv/bin/python manage.py rebuild_spelling_variants
    .venv/bin/python bench/spelling_search_bench.py [--per-direction 20]

The query set is the one of ``bench/spelling_bench.py`` (titles using one
spelling of an issue pair; the other spelling plus the title's rarest word).
Each query runs through :func:`khabar.search.selectors.article_search` with
the spelling expander and without it (``KHABAR_SEARCH_TERM_EXPANDERS``
emptied), interleaved, and prints recall@10 and the p50/p95 latency (wall
time and the searching thread's CPU time, which includes SQLite's work).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.dev")


def main() -> int:
    import django

    django.setup()
    import spelling_bench as sb
    from django.conf import settings
    from django.test.utils import override_settings

    from khabar.news.models import ArticlePage
    from khabar.search.selectors import article_search

    parser = argparse.ArgumentParser()
    parser.add_argument("--per-direction", type=int, default=20)
    args = parser.parse_args()
    if not ArticlePage.objects.filter(external_id__startswith="ant-").exists():
        print("no imported corpus in this database; skipping")
        return 0

    import gzip
    import json

    docs, ids = [], []
    for name in sb.FILES:
        with gzip.open(sb.CORPUS_DIR / name, "rt", encoding="utf-8") as f:
            for line in f:
                art = json.loads(line)
                body = "\n".join(filter(None, [art.get("abstract"), art.get("body")]))
                docs.append((art.get("title") or "", body, art.get("date") or ""))
                ids.append(f"{art['corpus']}-{art['id']}")
    engine_df = {}
    for title, _, _ in docs:
        for term in set(sb.analyze(title)):
            engine_df[term] = engine_df.get(term, 0) + 1
    queries = sb.query_set(docs, engine_df, args.per_direction, "rarest")
    pages = dict(
        ArticlePage.objects.filter(
            external_id__in=[ids[d] for _, d, _, _ in queries]
        ).values_list("external_id", "pk")
    )
    queries = [q for q in queries if ids[q[1]] in pages]
    print(f"{len(queries)} queries per kind, real article_search")

    expanders = settings.KHABAR_SEARCH_TERM_EXPANDERS
    modes = (("plain", []), ("expanded", expanders))
    hits = {m: [0, 0] for m, _ in modes}
    wall = {m: [] for m, _ in modes}
    cpu = {m: [] for m, _ in modes}
    article_search(query="ترامب")  # warm the caches and the variant table
    for _name, doc, variant_q, same_q in queries:
        target = pages[ids[doc]]
        for slot, q in enumerate((variant_q, same_q)):
            for label, paths in modes:
                with override_settings(
                    KHABAR_SEARCH_TERM_EXPANDERS=paths, KHABAR_SEARCH_SUGGESTER=""
                ):
                    t0, c0 = time.perf_counter(), time.thread_time()
                    result = article_search(query=q)
                    cpu[label].append(time.thread_time() - c0)
                    wall[label].append(time.perf_counter() - t0)
                hits[label][slot] += target in [h.article.pk for h in result.hits]
    n = max(1, len(queries))
    for label, _ in modes:
        print(
            f"  {label:9s} recall@10 other spelling {hits[label][0] / n:.3f}, own "
            f"spelling {hits[label][1] / n:.3f}; wall p50 "
            f"{1000 * sb.pct(wall[label], 0.5):.0f} ms p95 "
            f"{1000 * sb.pct(wall[label], 0.95):.0f} ms; CPU p50 "
            f"{1000 * sb.pct(cpu[label], 0.5):.0f} ms p95 "
            f"{1000 * sb.pct(cpu[label], 0.95):.0f} ms"
        )
    for kind in (wall, cpu):
        ratio = sb.pct(kind["expanded"], 0.95) / max(sb.pct(kind["plain"], 0.95), 1e-9)
        print(
            f"  p95 expanded / plain ({'wall' if kind is wall else 'CPU'}) = {ratio:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
