"""How far the corpus labels let "see also" go (issue 4): a ceiling, not Khabar.

    python bench/related_ceiling.py [--db /tmp/khabar_search_bench_41657.sqlite3]

The "see also" goal is a share of picks in the article's own corpus category.
This script asks how consistent those categories are with the texts at all:
it trains a linear classifier *on the labels themselves* (tf-idf of the terms
Khabar indexed, logistic regression, 5-fold cross-validation), and measures a
labelled nearest-neighbour share (the six most similar stories by tf-idf
cosine, the category known to nobody but the scorer). Needs scikit-learn,
which the product does not use (run it from a scratch virtualenv:
``python -m venv /tmp/sk && /tmp/sk/bin/pip install scikit-learn``); reads
the database ``bench/search_related.py`` uses (SQLite), without Django.
Exits 0 with a note when either is missing.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections import Counter
from pathlib import Path

QUERY = """
SELECT d.title_terms, d.body_terms, d.content_length, s.title, a.external_id
FROM search_searchdocument d
JOIN wagtailcore_page s ON s.id = d.section_id
JOIN news_articlepage a ON a.page_ptr_id = d.page_id
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="/tmp/khabar_search_bench_41657.sqlite3")  # noqa: S108
    parser.add_argument("--sample", type=int, default=2000, help="for the neighbours")
    parser.add_argument(
        "--C",
        type=float,
        default=1.0,
        help="inverse regularisation (1: the best of 0.3, 1, 10)",
    )
    args = parser.parse_args()
    try:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
    except ImportError:
        print("scikit-learn is not installed here; ceiling skipped.")
        return 0
    if not Path(args.db).exists():
        print(
            f"{args.db} not found (run bench/search_related.py's import first); skipped."
        )
        return 0
    with sqlite3.connect(args.db) as conn:
        rows = conn.execute(QUERY).fetchall()
    # The title counted three times, as the index weighs it; the body without
    # the indexed section, source and tag names that follow its text (the
    # section *is* the label), as "see also" reads it.
    texts = [f"{t} {t} {t} {' '.join(b.split()[:n])}" for t, b, n, _, _ in rows]
    labels = np.array([s for _, _, _, s, _ in rows])
    corpus = np.array([e.split("-")[1] if "-" in e else e[:8] for *_, e in rows])
    print(f"{len(rows)} articles; categories: {dict(Counter(labels).most_common())}")
    matrix = TfidfVectorizer(
        token_pattern=r"\S+",  # noqa: S106 - a regex, not a password
        sublinear_tf=True,
        min_df=2,
        max_df=0.5,
    ).fit_transform(texts)

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=9)
    predicted = cross_val_predict(
        LogisticRegression(C=args.C, max_iter=1000), matrix, labels, cv=folds
    )
    right = predicted == labels
    print(f"classifier trained on the labels, 5-fold accuracy: {right.mean():.3f}")
    for name in sorted(set(corpus)):
        mask = corpus == name
        print(f"  {name}: {right[mask].mean():.3f} (n={mask.sum()})")
    confused = Counter(
        (a, b) for a, b in zip(labels[~right], predicted[~right], strict=True)
    )
    print("  most confused (label, predicted):", confused.most_common(5))

    rng = np.random.default_rng(9)
    sample = rng.choice(len(rows), size=min(args.sample, len(rows)), replace=False)
    same = total = 0
    for i in sample:
        sims = (matrix @ matrix[i].T).toarray().ravel()
        sims[i] = -1
        top = np.argpartition(-sims, 6)[:6]
        same += int((labels[top] == labels[i]).sum())
        total += 6
    print(
        f"six nearest stories by tf-idf cosine, share in the own category: "
        f"{same / total:.3f} ({args.sample} sampled)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
