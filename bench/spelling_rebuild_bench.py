"""Peak memory and CPU of spelling-variant discovery at archive scale (issue 9).

Run on demand, one size per process (peak RSS is a process's lifetime peak)::

    .venv/bin/python bench/spelling_rebuild_bench.py --articles 40000
    .venv/bin/python bench/spelling_rebuild_bench.py --articles 100000
    .venv/bin/python bench/spelling_rebuild_bench.py --articles 40000 --in-memory

The ANT corpus (``/work/shared/corpus`` or ``$KHABAR_CORPUS``; skipped cleanly
without it) is read as a stream and repeated until ``--articles`` texts (as
``bench/search_speed.py`` does for 100,000 stories: a repeat adds no new words,
so the vocabulary is smaller than a real archive's).  Discovery runs as
``manage.py rebuild_spelling_variants`` runs it (documents spilled to a
temporary file, context vectors counted in slices), or with ``--in-memory``
as before (documents and all context vectors in memory).  Prints the CPU time
of this process (``time.process_time``: the machine is shared, wall time is
not comparable) and the peak resident memory (``ru_maxrss``), after the
counting pass and at the end, and the groups found.
"""

from __future__ import annotations

import argparse
import hashlib
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_common import corpus_articles

from khabar.spelling.discovery import CorpusStats, discover


def texts(count: int) -> Iterator[str]:
    made = 0
    while made < count:
        before = made
        for art in corpus_articles():
            abstract = (art.get("abstract") or "").strip()
            yield f"{art['title']}\n{abstract}\n{art['body']}"
            made += 1
            if made >= count:
                return
        if made == before:
            return


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=40_000)
    parser.add_argument("--in-memory", action="store_true")
    args = parser.parse_args()
    start = time.process_time()
    stats = CorpusStats(spill=not args.in_memory)
    for text in texts(args.articles):
        stats.add_text(text)
    counted = time.process_time() - start
    print(
        f"{stats.n_docs} articles ({'in memory' if args.in_memory else 'lean'}): "
        f"counting pass {counted:.1f} s CPU, peak {peak_mb():.0f} MB, "
        f"{len(stats.cores)} words"
    )
    groups = discover(stats, threshold=0.5)
    stats.close()
    total = time.process_time() - start
    digest = hashlib.sha256(
        repr([(g.members, g.frequencies, g.confidence) for g in groups]).encode()
    ).hexdigest()[:12]
    print(
        f"  discovery total {total:.1f} s CPU, peak {peak_mb():.0f} MB, "
        f"{len(groups)} groups (digest {digest})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
