""" "See also" quality: share of related picks in the article's own category.

    .venv/bin/python bench/search_related.py --engine sqlite --articles 41657

On the categorised corpus (imported with the category as section), the
section signal is switched off (``section_weight=0``) so only content (and
tags, which the corpus has none of) decide. Goal: ≥ 0.85 of picks share the
article's category. Also reports how many articles get 0, 1–2 and 3–6 picks.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

from search_common import corpus_or_exit, database_url, setup_django, summary_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=41657)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    corpus_or_exit()
    setup_django(database_url(args.engine, f"khabar_search_bench_{args.articles}"))
    from django.test import override_settings
    from wagtail.models import Page

    from khabar.search.models import SearchDocument
    from khabar.search.services import related_compute

    sections = dict(SearchDocument.objects.values_list("pk", "section_id"))
    names = dict(
        Page.objects.filter(pk__in=set(sections.values())).values_list("pk", "title")
    )
    confusions: Counter[tuple[str, str]] = Counter()
    ids = sorted(sections)
    random.Random(args.seed).shuffle(ids)
    same = total = 0
    sizes: Counter[str] = Counter()
    times, cpu = [], []
    by_score = [[0, 0] for _ in range(4)]
    with override_settings(KHABAR_SEARCH_RELATED={"section_weight": 0.0}):
        for pk in ids[: args.sample]:
            document = SearchDocument.objects.get(pk=pk)
            t, c = time.perf_counter(), time.process_time()
            picks = related_compute(document=document)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
            sizes["0" if not picks else "1-2" if len(picks) < 3 else "3-6"] += 1
            for other, score in picks:
                total += 1
                same += sections.get(other) == sections[pk]
                bucket = min(int(score / 0.2), 3)
                by_score[bucket][0] += sections.get(other) == sections[pk]
                by_score[bucket][1] += 1
                if sections.get(other) != sections[pk]:
                    pair = (names.get(sections[pk]), names.get(sections.get(other)))
                    confusions[pair] += 1
    print(f"{args.engine}, {args.articles} articles, {args.sample} sampled")
    print(f"same-category share of picks: {same / max(total, 1):.3f} ({same}/{total})")
    print(f"picks per article: {dict(sizes)}")
    print("most frequent other categories:", confusions.most_common(6))
    # ANT v2.1 files Middle East stories under both labels, and v1.1 society
    # and local news overlap; the share when each pair counts as one category:
    overlap = {("internationalNews", "middleEast"), ("society", "localNews")}
    merged = sum(
        n for (a, b), n in confusions.items() if (a, b) in overlap or (b, a) in overlap
    )
    print(f"share with those two pairs merged: {(same + merged) / max(total, 1):.3f}")
    # How far labels allow: even the most similar picks (near-duplicates,
    # often the same story from two outlets) share their category only so often.
    print(
        "same-category share by pick score:",
        ", ".join(
            f"{['<0.2', '0.2-0.4', '0.4-0.6', '>=0.6'][i]}: {s / n:.2f} (n={n})"
            for i, (s, n) in enumerate(by_score)
            if n
        ),
    )
    print(f"computing one list (not cached), wall: {summary_ms(times)}")
    print(
        f"  CPU of this process (includes SQLite; not the PostgreSQL server): {summary_ms(cpu)}"
    )


if __name__ == "__main__":
    main()
