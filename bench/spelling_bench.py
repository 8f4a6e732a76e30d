"""Benchmark of spelling-variant discovery and query expansion (issue 9).

Run on demand (not part of the test suite)::

    .venv/bin/python bench/spelling_bench.py [--articles 40000] [--g-with-qaf]

It reads the ANT corpus from ``/work/shared/corpus`` (or ``$KHABAR_CORPUS``),
skips cleanly without it, writes no corpus text anywhere, and prints:

1. discovery time (wall and CPU) and the number of groups, a sample of the
   groups whose rarer spelling is most frequent (to check by hand), and the
   issue's example pairs: found or not, with confidence;
2. the false-merge rate on :data:`khabar.spelling.falsemerge_pairs` (distinct
   words one letter apart), at the suggestion and the auto-apply confidence;
3. recall@10 of name-variant queries with and without expansion: for every
   article whose *title* uses one spelling of an issue pair, the query is the
   other spelling plus one more title word (seeded choice); also the same
   query with the title's own spelling ("unchanged"), which must not get worse;
4. the p95 latency of those queries with and without expansion, as CPU time
   of the searching thread (interleaved, median of three runs per query), so
   other processes on a shared machine do not blur the comparison.

Retrieval is the search app's matching and ranking run in memory: every query
part must match (any of its forms, like the FTS engines), and the matches are
ranked with :func:`khabar.search.ranking.bm25` (BM25F, title weight, the
typed form before alternatives); freshness and the database are left out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from khabar.search.arabic import analyze, analyze_query, normalize, stem, tokenize
from khabar.search.arabic.stopwords import STOPWORDS
from khabar.search.ranking import RankingParams, bm25
from khabar.spelling.discovery import CorpusStats, build_expansions, core_of, discover
from khabar.spelling.falsemerge_pairs import FALSE_MERGE_PAIRS

CORPUS_DIR = Path(os.environ.get("KHABAR_CORPUS", "/work/shared/corpus"))
FILES = ("ant-v1.1-jawharafm.jsonl.gz", "ant-v2.1-multisource.jsonl.gz")
SUGGEST = 0.5  # services.SUGGEST_CONFIDENCE
AUTO = 0.7  # settings.KHABAR_SPELLING_AUTO_CONFIDENCE

ISSUE_PAIRS = [
    ("ترامب", "ترمب"),
    ("بوتين", "بوتن"),
    ("نتنياهو", "نتانياهو"),
    ("أمريكا", "أميركا"),
    ("غوغل", "جوجل"),
    ("سامسونغ", "سامسونج"),
    ("الإنجليزي", "الإنكليزي"),
    ("إنجلترا", "إنكلترا"),
    ("تشيلسي", "تشلسي"),
    ("الكونغرس", "الكونجرس"),
    ("بيتكوين", "بتكوين"),
]


def read_corpus(limit: int | None) -> list[tuple[str, str]]:
    docs = []
    for name in FILES:
        with gzip.open(CORPUS_DIR / name, "rt", encoding="utf-8") as f:
            for line in f:
                art = json.loads(line)
                body = "\n".join(filter(None, [art.get("abstract"), art.get("body")]))
                docs.append((art.get("title") or "", body, art.get("date") or ""))
                if limit and len(docs) >= limit:
                    return docs
    return docs


def core(word: str) -> str:
    return core_of(normalize(word))


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else 0.0


def run_discovery(docs, *, g_with_qaf: bool):
    wall, cpu = time.perf_counter(), time.process_time()
    stats = CorpusStats()
    for title, body, _date in docs:
        stats.add_text(f"{title}\n{body}")
    read_wall = time.perf_counter() - wall
    groups = discover(stats, threshold=SUGGEST, g_with_qaf=g_with_qaf)
    return (
        stats,
        groups,
        read_wall,
        time.perf_counter() - wall,
        time.process_time() - cpu,
    )


def false_merges(expansions: dict[str, tuple[str, ...]]) -> tuple[list, list]:
    merged, conflated = [], []
    for a, b in FALSE_MERGE_PAIRS:
        sa, sb = stem(normalize(a)), stem(normalize(b))
        if sa == sb:
            conflated.append((a, b))  # the stemmer's doing, not variant groups
        elif core(b) in expansions.get(sa, ()) or core(a) in expansions.get(sb, ()):
            merged.append((a, b))
    return merged, conflated


class Engine:
    """The search app's matching and ranking, in memory.

    Every query part must match (any of its forms); like
    :func:`khabar.search.selectors.article_search`, at most the
    :data:`CANDIDATES` newest matches plus the :data:`TITLE_CANDIDATES` newest
    with every part in the title are ranked, with BM25F.
    """

    CANDIDATES = 300
    TITLE_CANDIDATES = 200

    def __init__(self, docs):
        self.titles, self.bodies = [], []
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.title_postings: dict[str, set[int]] = defaultdict(set)
        order = sorted(range(len(docs)), key=lambda i: docs[i][2], reverse=True)
        self.age = {doc: rank for rank, doc in enumerate(order)}  # 0 = newest
        for i, (title, body, _date) in enumerate(docs):
            t, b = analyze(title), analyze(body)
            self.titles.append(t)
            self.bodies.append(b)
            for term in set(t) | set(b):
                self.postings[term].add(i)
            for term in set(t):
                self.title_postings[term].add(i)
        self.df = {term: len(ids) for term, ids in self.postings.items()}
        self.n = len(docs)
        self.avg = sum(
            3 * len(t) + len(b) for t, b in zip(self.titles, self.bodies, strict=True)
        ) / max(1, self.n)
        self.params = RankingParams()

    def _match(self, parts, postings) -> set[int]:
        matched: set[int] | None = None
        for forms in sorted(parts, key=lambda fs: sum(self.df.get(f, 0) for f in fs)):
            ids = set().union(*(postings.get(f, set()) for f in forms))
            matched = ids if matched is None else matched & ids
            if not matched:
                return set()
        return matched or set()

    def search(self, query: str, expansions: dict | None, k: int = 10) -> list[int]:
        parts = []
        for term in analyze_query(query):
            forms = [term]
            if expansions:
                for alt in expansions.get(term, ()):
                    forms += [f for f in analyze_query(alt)[:1] if f not in forms]
            parts.append(forms)
        if not parts:
            return []
        matched = self._match(parts, self.postings)
        if len(matched) > self.CANDIDATES:
            newest = sorted(matched, key=self.age.__getitem__)
            pool = set(newest[: self.CANDIDATES])
            in_title = sorted(
                self._match(parts, self.title_postings), key=self.age.__getitem__
            )
            pool.update(in_title[: self.TITLE_CANDIDATES])
            matched = pool
        scored = [
            (
                bm25(
                    query=parts,
                    title=self.titles[i],
                    body=self.bodies[i],
                    df=self.df,
                    n_docs=self.n,
                    avg_length=self.avg,
                    params=self.params,
                ),
                i,
            )
            for i in matched
        ]
        scored.sort(key=lambda si: (-si[0], si[1]))
        return [i for _, i in scored[:k]]


def query_set(docs, df, per_direction: int, word: str, seed: int = 9):
    """(name, doc, other-spelling query, own-spelling query) for name titles.

    The extra title word is the title's rarest word found in at least two
    articles (``word="rarest"``, what a reader adds to narrow a name down) or
    a seeded random one (``"random"``).
    """
    rng = random.Random(seed)
    title_cores = []
    for title, _, _ in docs:
        toks = [t for t in tokenize(normalize(title)) if t not in STOPWORDS]
        title_cores.append([(core_of(t), t) for t in toks])
    out = []
    for a, b in ISSUE_PAIRS:
        for x, y in ((a, b), (b, a)):
            cx, cy = core(x), core(y)
            hits = [
                i
                for i, cs in enumerate(title_cores)
                if cx in {c for c, _ in cs} and cy not in {c for c, _ in cs}
            ]
            rng.shuffle(hits)
            for i in hits[:per_direction]:
                others = [
                    (c, t)
                    for c, t in title_cores[i]
                    if c != cx and len(c) >= 3 and df.get(stem(t), 0) >= 2
                ]
                if not others:
                    continue
                if word == "rarest":
                    extra = min(others, key=lambda ct: (df.get(stem(ct[1]), 0), ct[0]))[
                        0
                    ]
                else:
                    extra = rng.choice(others)[0]
                out.append((x, i, f"{cy} {extra}", f"{cx} {extra}"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--per-direction", type=int, default=60)
    parser.add_argument("--g-with-qaf", action="store_true")
    parser.add_argument("--word", choices=["rarest", "random"], default="rarest")
    parser.add_argument("--discovery-only", action="store_true")
    parser.add_argument(
        "--alternative-weights",
        default="0.8",
        help="comma-separated RankingParams.alternative_weight values to compare "
        "(the search's default is 0.8; settings.KHABAR_SEARCH_RANKING changes it)",
    )
    args = parser.parse_args()
    if not all((CORPUS_DIR / f).exists() for f in FILES):
        print(f"corpus not found in {CORPUS_DIR}; skipping")
        return 0
    docs = read_corpus(args.articles)
    print(f"articles: {len(docs)}")

    stats, groups, read_s, wall_s, cpu_s = run_discovery(
        docs, g_with_qaf=args.g_with_qaf
    )
    applied = [g for g in groups if g.confidence >= AUTO]
    print("\n== discovery")
    print(
        f"read+count {read_s:.1f} s, total {wall_s:.1f} s wall, {cpu_s:.1f} s CPU; "
        f"{len(stats.cores)} distinct words; {len(groups)} groups suggested "
        f"(>= {SUGGEST}), {len(applied)} auto-applied (>= {AUTO})"
    )
    by_member = {m: g for g in groups for m in g.members}
    print("\n== issue pairs")
    for a, b in ISSUE_PAIRS:
        g = by_member.get(core(a))
        found = g is not None and core(b) in g.members
        conf = f"{g.confidence:.2f}" if found else "-"
        print(f"  {a}/{b}: {'found' if found else 'MISSING'} confidence {conf}")
    print("\n== sample: groups whose second spelling is most used (check by hand)")
    for g in sorted(groups, key=lambda g: -g.frequencies[1])[:40]:
        spell = " / ".join(
            f"{m} ({f})" for m, f in zip(g.members, g.frequencies, strict=True)
        )
        print(f"  {g.confidence:.2f}  {spell}")

    print("\n== false merges (distinct words one letter apart)")
    for label, threshold in (("suggested", SUGGEST), ("auto-applied", AUTO)):
        table = build_expansions(
            [g.members for g in groups if g.confidence >= threshold]
        )
        merged, conflated = false_merges(table)
        n = len(FALSE_MERGE_PAIRS)
        print(
            f"  {label}: {len(merged)}/{n} merged = {100 * len(merged) / n:.1f} %"
            f" {merged}"
        )
    print(f"  (joined by the stemmer itself, not by groups: {conflated})")

    if args.discovery_only:
        return 0
    print("\n== recall@10 and latency (in-memory engine)")
    started = time.perf_counter()
    engine = Engine(docs)
    print(f"  index built in {time.perf_counter() - started:.1f} s")
    expansions = build_expansions([g.members for g in applied])
    queries = query_set(docs, engine.df, args.per_direction, args.word)
    print(
        f"  {len(queries)} queries per kind (other spelling / own spelling), "
        f"extra title word: {args.word}"
    )
    for weight in [float(w) for w in args.alternative_weights.split(",")]:
        engine.params = RankingParams(alternative_weight=weight)
        hits = {"plain": [0, 0], "expanded": [0, 0]}
        cpu: dict[str, list[float]] = {"plain": [], "expanded": []}
        tables = (("plain", None), ("expanded", expansions))
        for _name, doc, variant_q, same_q in queries:
            for q, slot in ((variant_q, 0), (same_q, 1)):
                runs: dict[str, list[float]] = {"plain": [], "expanded": []}
                for _rep in range(3):  # interleaved, median of three
                    for label, table in tables:
                        t0 = time.thread_time()
                        top = engine.search(q, table)
                        runs[label].append(time.thread_time() - t0)
                        if _rep == 0:
                            hits[label][slot] += doc in top
                for label in runs:
                    cpu[label].append(sorted(runs[label])[1])
        n = max(1, len(queries))
        print(f"  alternative_weight {weight}:")
        for label in ("plain", "expanded"):
            print(
                f"    {label:9s} recall@10 other spelling {hits[label][0] / n:.3f}, "
                f"own spelling {hits[label][1] / n:.3f}; CPU per query "
                f"p50 {1000 * pct(cpu[label], 0.5):.2f} ms, "
                f"p95 {1000 * pct(cpu[label], 0.95):.2f} ms"
            )
        ratio = pct(cpu["expanded"], 0.95) / max(pct(cpu["plain"], 0.95), 1e-9)
        print(f"    p95 expanded / plain = {ratio:.2f}")
    per_pair = defaultdict(lambda: [0, 0])
    for name, doc, variant_q, _ in queries:
        per_pair[name][1] += 1
        per_pair[name][0] += doc in engine.search(variant_q, expansions)
    print("  expanded recall by typed-away spelling:")
    for name, (hit, total) in per_pair.items():
        print(f"    {name}: {hit}/{total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
