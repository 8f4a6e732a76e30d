"""Scoring throughput of the comment-spam pipeline, one core, no database.

Usage::

    .venv/bin/python bench/comments_scoring.py [--data /work/shared/spam-data]

Scores every comment of the labelled sets (Arabic tweets, YouTube comments)
with ``score_comment`` exactly as ``khabar.comments.moderation`` does: all the
rules, a 20-entry blocklist and the classifier trained on 80 % of the set
(the state a site reaches after moderating that many comments), and prints
comments per second and microseconds per comment. It also times
``NaiveBayesClassifier.from_dict`` (what a process pays once after a
moderator retrains) and one ``learn`` + ``to_dict`` (a moderator's click).
Quality (precision/recall) is ``bench/spam_bench.py``'s job.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.spam_bench import load, split  # noqa: E402
from khabar.comments.spam import CommentFeatures  # noqa: E402
from khabar.comments.spam.classifier import NaiveBayesClassifier  # noqa: E402
from khabar.comments.spam.rules import Blocklist, score_comment  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "spam-data"
BLOCKLIST = Blocklist.build(
    words=["كازينو", "قروض", "تخسيس", "viagra", "casino", "مراهنات", "بيتكوين"]
    + [f"كلمة{n}" for n in range(10)],
    domains=["spam.example", "casino.example", "bit.ly"],
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    datasets = [d for d in load(args.data) if not d.name.startswith("sms")]
    if not datasets:
        print(f"No data in {args.data}; nothing to measure.")
        return
    for dataset in datasets:
        train, test = split(dataset.rows, args.seed)
        clf = NaiveBayesClassifier()
        clf.learn_many((r.text, r.is_spam) for r in train)
        features = [
            CommentFeatures(
                body=r.text,
                author_name="قارئ",
                email="reader@mail.example",
                article_lang="ar",
                seconds_to_submit=45.0,
            )
            for r in test
        ]
        started = time.perf_counter()
        for feature in features:
            score_comment(feature, classifier=clf, blocklist=BLOCKLIST)
        elapsed = time.perf_counter() - started
        state = clf.to_dict()
        t0 = time.perf_counter()
        NaiveBayesClassifier.from_dict(state)
        reload_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        clf.learn(test[0].text, True)
        clf.to_dict()
        retrain_ms = (time.perf_counter() - t0) * 1000
        print(
            f"{dataset.name:15} {len(features):6d} comments scored in {elapsed:6.2f} s: "
            f"{len(features) / elapsed:8.0f} comments/s, "
            f"{elapsed / len(features) * 1e6:6.0f} µs each; "
            f"model ({len(clf.counts)} features) reload {reload_ms:.0f} ms, "
            f"one moderator lesson {retrain_ms:.0f} ms"
        )


if __name__ == "__main__":
    main()
