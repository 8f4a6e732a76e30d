"""Search quality on the real corpus: Khabar vs a WordPress-style LIKE search vs
Wagtail's default database search backend, in the same run.

    .venv/bin/python bench/search_quality.py --engine sqlite --articles 41657

Needs a database filled by ``bench/import_articles_bench.py --keep`` with the
same ``--articles`` (the corpus without repeats, admin search index filled, so
Wagtail's backend can answer).

Query set (known-item): for sampled articles, the two rarest words of the
title (≥ 4 letters, not stopwords), then the same query re-spelled one way a
reader might type it: hamza forms (ا/أ/إ), taa marbuta (ة/ه), alef maqsura
(ى/ي), an added clitic (و, بال), harakat. The article the words came from is
the one relevant result; recall@10 = share of queries with it in the top 10,
nDCG@10 = mean 1/log2(rank + 1). The unchanged ("exact") queries are
reported as a baseline. No corpus text is printed or written.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import time
from collections import defaultdict

from search_common import (
    VARIANT_KINDS,
    corpus_or_exit,
    database_url,
    setup_django,
    summary_ms,
    variant,
)

ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{4,}$")


def build_queries(sample: int, seed: int) -> list[tuple[int, str, str]]:
    """(target page id, kind, query) triples."""
    from wagtail.models import Page

    from khabar.search.arabic import STOPWORDS, normalize
    from khabar.search.models import SearchDocument
    from khabar.search.query import index_terms
    from khabar.search.services import df_for

    ids = list(SearchDocument.objects.values_list("pk", flat=True))
    rng = random.Random(seed)
    rng.shuffle(ids)
    titles = dict(
        Page.objects.filter(pk__in=ids[: sample * 2]).values_list("pk", "title")
    )
    queries = []
    for pk in ids[: sample * 2]:
        words = [w.strip(".,:;!?«»\"'()[]،؛؟") for w in titles[pk].split()]
        words = [w for w in dict.fromkeys(words) if ARABIC_WORD.match(w)]
        words = [w for w in words if normalize(w) not in STOPWORDS and index_terms(w)]
        if len(words) < 2:
            continue
        df = df_for(index_terms(w)[0] for w in words)
        words.sort(key=lambda w: df.get(index_terms(w)[0], 10**9))
        picked = words[:2]
        queries.append((pk, "exact", " ".join(picked)))
        for kind in VARIANT_KINDS:
            varied = [variant(w, kind) for w in picked]
            if varied != picked:
                queries.append((pk, kind, " ".join(varied)))
        if sum(1 for q in queries if q[1] == "exact") >= sample:
            break
    return queries


def like_search(query: str) -> list[int]:
    """WordPress's search: every word LIKE %w% in title, excerpt or content,
    ordered by title matches, then newest first (wp-includes/class-wp-query.php)."""
    from django.db.models import Case, IntegerField, Q, Value, When

    from khabar.search.models import SearchDocument

    words = [w for w in query.split() if w]
    qs = SearchDocument.objects.all()
    in_title_all = Q()
    for w in words:
        qs = qs.filter(Q(page__title__contains=w) | Q(text__contains=w))
        in_title_all &= Q(page__title__contains=w)
    qs = qs.annotate(
        rank=Case(
            When(page__title__contains=query, then=Value(1)),
            When(in_title_all, then=Value(2)),
            When(text__contains=query, then=Value(4)),
            default=Value(5),
            output_field=IntegerField(),
        )
    )
    return list(qs.order_by("rank", "-published_at").values_list("pk", flat=True)[:10])


def wagtail_search(query: str) -> list[int]:
    # Wagtail's own backend by path: the site's default (WAGTAILSEARCH_BACKENDS)
    # is khabar.search.backends.admin, which adds Khabar's search to it.
    from wagtail.search.backends import get_search_backend

    from khabar.news.models import ArticlePage

    backend = get_search_backend("wagtail.search.backends.database")
    return [p.pk for p in backend.search(query, ArticlePage.objects.live())[:10]]


def khabar_search(query: str) -> list[int]:
    from khabar.search.selectors import article_search

    return [h.article.pk for h in article_search(query=query).hits]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=41657)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument(
        "--systems",
        default="khabar,like,wagtail",
        help="comma-separated subset of khabar, like, wagtail (Wagtail's database "
        "backend takes 4–50 s a query on SQLite at 41.7k articles: use a smaller "
        "--sample for it)",
    )
    args = parser.parse_args()
    corpus_or_exit()
    setup_django(database_url(args.engine, f"khabar_search_bench_{args.articles}"))
    queries = build_queries(args.sample, args.seed)
    every = {
        "khabar": ("khabar", khabar_search),
        "like": ("LIKE (WordPress)", like_search),
        "wagtail": ("Wagtail database backend", wagtail_search),
    }
    systems = dict(every[key.strip()] for key in args.systems.split(","))
    print(
        f"{args.engine}, {args.articles} articles, {len(queries)} queries "
        f"({sum(q[1] == 'exact' for q in queries)} exact + variants)"
    )
    for name, search in systems.items():
        recall: dict[str, list[float]] = defaultdict(list)
        ndcg: dict[str, list[float]] = defaultdict(list)
        times = []
        for target, kind, query in queries:
            t = time.perf_counter()
            found = search(query)
            times.append(time.perf_counter() - t)
            rank = found.index(target) + 1 if target in found else 0
            for bucket in {kind, "variants" if kind != "exact" else "exact"}:
                recall[bucket].append(1.0 if rank else 0.0)
                ndcg[bucket].append(1 / math.log2(rank + 1) if rank else 0.0)
        print(f"\n{name}: latency {summary_ms(times)}")
        for bucket in ("exact", "variants", *VARIANT_KINDS):
            r, n = recall[bucket], ndcg[bucket]
            if r:
                print(
                    f"  {bucket:9s} n={len(r):4d}  recall@10 {sum(r) / len(r):.3f}"
                    f"  nDCG@10 {sum(n) / len(n):.3f}"
                )


if __name__ == "__main__":
    main()
