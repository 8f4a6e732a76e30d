"""Search speed: query latency, cached "see also" lookup, analyser throughput.

    .venv/bin/python bench/search_speed.py --engine sqlite --articles 100000

On a database filled by ``bench/import_articles_bench.py --keep`` (beyond the
corpus's ~41.7k articles the corpus is repeated with new external_ids and
dates 400 days older per round). Queries: the quality benchmark's kind (two
rare title words, also re-spelled) plus single common title words, through
the full selector (ranking, page of articles, snippets). Timings are in this
process, after one warm-up pass; the cache is local memory unless REDIS_URL
is set.
"""

from __future__ import annotations

import argparse
import random
import time

from search_common import (
    VARIANT_KINDS,
    corpus_articles,
    corpus_or_exit,
    database_url,
    setup_django,
    summary_ms,
    variant,
)


def analyser_throughput(words_wanted: int = 1_000_000) -> str:
    from khabar.search.arabic import analyze

    texts, words = [], 0
    for art in corpus_articles():
        texts.append(art["body"])
        words += len(art["body"].split())
        if words >= words_wanted:
            break
    t = time.perf_counter()
    for text in texts:
        analyze(text)
    elapsed = time.perf_counter() - t
    return f"analyser: {words / elapsed:,.0f} words/s ({words:,} words)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    corpus_or_exit()
    setup_django(database_url(args.engine, f"khabar_search_bench_{args.articles}"))
    from django.conf import settings
    from django.core.cache import cache

    # Without REDIS_URL: a local-memory cache large enough for the lists and
    # cards of 200 stories (its default 300 entries would evict them).
    settings.CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 10**6
    from wagtail.models import Page

    from khabar.search.models import SearchDocument
    from khabar.search.selectors import article_related_hits, article_search

    rng = random.Random(args.seed)
    # In id order: PostgreSQL returns unordered rows in their physical order,
    # which moves as rows are updated, and the query set would move with it.
    ids = list(SearchDocument.objects.order_by("pk").values_list("pk", flat=True))
    rng.shuffle(ids)
    titles = list(
        Page.objects.filter(pk__in=ids[: args.queries])
        .order_by("pk")
        .values_list("title", flat=True)
    )
    queries = []
    for title in titles:
        words = [w for w in title.split() if len(w) >= 4]
        if len(words) >= 2:
            pair = rng.sample(words, 2)
            kind = rng.choice(VARIANT_KINDS)
            queries.append(" ".join(variant(w, kind) for w in pair))
        if words:
            queries.append(rng.choice(words))
    queries = queries[: args.queries]
    for q in queries[:20]:
        article_search(query=q)  # warm-up
    times, counts = [], []
    for q in queries:
        t = time.perf_counter()
        results = article_search(query=q)
        times.append(time.perf_counter() - t)
        counts.append(results.count)
    counts.sort()
    print(f"{args.engine}, {SearchDocument.objects.count()} indexed articles")
    print(
        f"search: {summary_ms(times)}; matches median {counts[len(counts) // 2]}, max {counts[-1]}"
    )

    pages = [Page.objects.get(pk=pk) for pk in ids[:200]]
    fill = []
    for page in pages:
        t = time.perf_counter()
        article_related_hits(article=page)
        fill.append(time.perf_counter() - t)
    cached, cached_cpu = [], []
    for _ in range(3):
        for page in pages:
            t, c = time.perf_counter(), time.process_time()
            article_related_hits(article=page)
            cached.append(time.perf_counter() - t)
            cached_cpu.append(time.process_time() - c)
    print(f"see also, first (computed): {summary_ms(fill)}")
    print(f"see also, from cache (ready cards), wall: {summary_ms(cached)}")
    print(f"  CPU of this process: {summary_ms(cached_cpu)}")
    cache.clear()
    print(analyser_throughput())


if __name__ == "__main__":
    main()
