"""Relevance arithmetic for search and "see also" (pure Python, no Django import).

Ranking is computed here, in Python, over term statistics stored next to each
document, not by the database engine. SQLite FTS5 and PostgreSQL only say
*which* documents match; the order is the same on both engines because the
same function computes it::

    >>> p = RankingParams(freshness_weight=0)
    >>> doc = ["استخبار", "سوري"], ["استخبار", "اعتقل", "مسءول"]
    >>> s = bm25(query=[("استخبار",)], title=doc[0], body=doc[1],
    ...          df={"استخبار": 10}, n_docs=1000, avg_length=20.0, params=p)
    >>> round(s, 3)
    8.524

Search: BM25F (Robertson & Zaragoza, "The Probabilistic Relevance Framework:
BM25 and Beyond", 2009) with two fields, the title counted ``title_weight``
times, multiplied by a freshness factor ``1 + w · 2^(-age / half_life)``.

"See also": each story is summarised by its ``keyword_count`` strongest
tf-idf terms (sublinear tf, title counted ``title_weight`` times, the first
``lead_terms`` terms of the text once more), as a unit vector; similarity is their dot product (cosine), boosted for shared tags,
the same section and closeness in time (:func:`related_score`). The boosts
multiply the cosine: stories with no words in common are never related.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import blake2b

__all__ = [
    "RankingParams",
    "RelatedParams",
    "bm25",
    "cosine",
    "freshness",
    "idf",
    "keywords",
    "related_score",
    "search_scores",
    "term_counts",
    "term_key",
    "term_stats",
]


@dataclass(frozen=True, slots=True)
class RankingParams:
    k1: float = 1.2
    b: float = 0.75
    #: a title occurrence counts as this many body occurrences
    title_weight: float = 3.0
    #: a term matched only through alternative spellings scores this share of
    #: the same matches in the typed form (after tf saturation)
    alternative_weight: float = 0.95
    #: a story published now scores ``1 + freshness_weight`` times an old one
    freshness_weight: float = 0.3
    freshness_half_life_days: float = 30.0


@dataclass(frozen=True, slots=True)
class RelatedParams:
    # Measured on the categorised corpus (bench/search_related.py, README):
    # 64 keywords and the lead counted twice beat 24 keywords (0.72 → 0.76
    # same-category picks); BM25 tf, LSA, Rocchio feedback and re-ranking by
    # neighbour consensus gained no more than ±0.01 and cost more.
    keyword_count: int = 64
    title_weight: float = 3.0
    #: the first ``lead_terms`` terms of the text (the lead) count this much extra
    lead_weight: float = 1.0
    lead_terms: int = 40
    #: boost per unit of tag overlap (Jaccard of the two tag sets)
    tag_weight: float = 0.5
    #: boost when both stories are in the same section (0 = ignore sections)
    section_weight: float = 0.2
    #: stories close in time get up to ``1 + time_weight`` times the score
    time_weight: float = 0.6
    time_half_life_days: float = 60.0
    #: a pick must reach this share of the best pick's score …
    relative_floor: float = 0.35
    #: … and this absolute score (boosted cosine)
    absolute_floor: float = 0.04
    max_items: int = 6


def idf(df: int, n_docs: int) -> float:
    """BM25's idf, never negative: ``ln(1 + (N - df + 0.5) / (df + 0.5))``."""
    df = min(max(df, 0), n_docs)
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def freshness(age_days: float, params: RankingParams) -> float:
    if params.freshness_weight <= 0:
        return 1.0
    age = max(age_days, 0.0)
    return 1.0 + params.freshness_weight * 0.5 ** (
        age / params.freshness_half_life_days
    )


# --- Term statistics stored with each document -------------------------------
# Search scores a few hundred candidate stories per query. Counting a query
# term in each story's stored text costs a pass over the text per spelling of
# each term; a story's term statistics, written once when it is indexed,
# answer the same question with one ``bytes.find`` over about half as many
# bytes of near-random key bytes, which the search skips through quickly.

#: Bytes of a term's key (its BLAKE2b digest): two different terms share a
#: key with probability 2**-40, so a story's statistics answer for a term it
#: lacks about once in 5·10^9 lookups (for a story of 200 distinct terms).
KEY_BYTES = 5
#: A record: the key, then the term's count in the title and in the body.
RECORD_BYTES = KEY_BYTES + 2
#: Counts are kept up to this (one byte each): BM25 saturates, and a term
#: used more often scores within a few per cent of this count.
TF_MAX = 255
_KEYS: dict[str, bytes] = {}
KEYS_MEMO_SIZE = 200_000


def term_key(term: str) -> bytes:
    """The :data:`KEY_BYTES`-byte key of an analysed term, the same in every
    process and on every machine."""
    key = _KEYS.get(term)
    if key is None:
        key = blake2b(term.encode(), digest_size=KEY_BYTES).digest()
        if len(_KEYS) >= KEYS_MEMO_SIZE:
            _KEYS.clear()
        _KEYS[term] = key
    return key


def term_stats(title: Sequence[str], body: Sequence[str]) -> bytes:
    """A story's term statistics: a record per distinct term (the title's
    first, then the body's, in order of appearance), its key and its counts
    in the title and in the body (each at most :data:`TF_MAX`)."""
    title_tf, body_tf = Counter(title), Counter(body)
    keys = _KEYS
    out = bytearray()
    for term, n in title_tf.items():
        out += keys.get(term) or term_key(term)
        out.append(min(n, TF_MAX))
        out.append(min(body_tf.pop(term, 0), TF_MAX))
    for term, n in body_tf.items():  # the terms not in the title
        out += keys.get(term) or term_key(term)
        out.append(0)
        out.append(min(n, TF_MAX))
    return bytes(out)


def _record_at(stats: bytes, key: bytes) -> int:
    """Where the record of ``key`` starts in ``stats``, or -1."""
    i = stats.find(key)
    while i > 0 and i % RECORD_BYTES:  # inside a record, not at its start
        i = stats.find(key, i + 1)
    return i


def term_counts(stats: bytes, term: str) -> tuple[int, int]:
    """How often ``term`` is in the title and in the body of the story whose
    :func:`term_stats` are ``stats``."""
    i = _record_at(stats, term_key(term))
    if i < 0:
        return 0, 0
    return stats[i + KEY_BYTES], stats[i + KEY_BYTES + 1]


def bm25(
    *,
    query: Sequence[Sequence[str]],
    title: Sequence[str] | str,
    body: Sequence[str] | str,
    df: Mapping[str, int],
    n_docs: int,
    avg_length: float,
    params: RankingParams,
) -> float:
    """BM25F score of one document for ``query``.

    ``query`` holds, for each query term, its forms (typed form first);
    ``title`` and ``body`` are the document's analysed terms, as lists or as
    space-separated strings (as stored). :func:`search_scores` gives the same
    score from the stored :func:`term_stats`.
    """
    if isinstance(title, str):
        title = title.split()
    if isinstance(body, str):
        body = body.split()
    n_docs = max(n_docs, 1)
    title_tf, body_tf = Counter(title), Counter(body)

    def tf_of(form: str) -> float:
        return params.title_weight * min(title_tf.get(form, 0), TF_MAX) + min(
            body_tf.get(form, 0), TF_MAX
        )

    length = params.title_weight * len(title) + len(body)
    norm = params.k1 * (1 - params.b + params.b * length / max(avg_length, 1.0))
    score = 0.0
    for forms in query:
        typed = tf_of(forms[0])
        other = sum(tf_of(form) for form in forms[1:])
        if typed + other <= 0:
            continue
        part = typed * (params.k1 + 1) / (typed + norm) if typed else 0.0
        if other:
            # Other spellings weigh after saturation: a story scores more with
            # the typed form than with another as often, and another spelling
            # adds at most alternative_weight × (k1 + 1) × idf.
            tf = typed + other
            part = max(
                part, params.alternative_weight * tf * (params.k1 + 1) / (tf + norm)
            )
        term_df = max(df.get(form, 0) for form in forms)
        score += idf(term_df, n_docs) * part
    return score


def search_scores(
    *,
    query: Sequence[Sequence[str]],
    df: Mapping[str, int],
    n_docs: int,
    avg_length: float,
    params: RankingParams,
    in_title: Collection[str] = (),
    now: float | None = None,
) -> Callable[
    [Iterable[tuple[int, float, bytes, int, int]]], dict[int, tuple[float, float, bool]]
]:
    """Search's scoring of a query's candidates: what does not depend on the
    story (keys, idf, constants) is computed once, and the stories are
    scored in one loop.

    The function returned takes rows ``(id, date as a timestamp,``
    :func:`term_stats` ``, title length, body length)`` and gives, for each
    id, the score :func:`bm25` gives its terms times :func:`freshness` at
    ``now`` (a timestamp; None: no freshness factor), its date, and whether
    its title has every query term in ``in_title`` in its typed form (read
    in the same pass: search keeps such stories near the top). A search
    scores up to a few hundred stories, so nothing per story is a call of
    its own (257 stories: 0.65 → 0.58 ms against a call per story and one
    for its freshness; issue 9).
    """
    n_docs = max(n_docs, 1)
    k1, title_weight = params.k1, params.title_weight
    k1_plus = k1 + 1
    alternative_weight = params.alternative_weight
    b, average = params.b, max(avg_length, 1.0)
    fresh_weight = params.freshness_weight if now is not None else 0.0
    half_life = params.freshness_half_life_days
    # per query term, in the query's order (the sum's order is bm25()'s):
    # its typed form's key, its idf, and, for a term that needs them, its
    # other forms' keys and whether the title must have the typed form
    # (most terms need neither, and take the shorter path: None)
    terms = []
    for forms in query:
        others = tuple(term_key(form) for form in forms[1:])
        need_title = forms[0] in in_title
        terms.append(
            (
                term_key(forms[0]),
                idf(max(df.get(form, 0) for form in forms), n_docs),
                (others, need_title) if others or need_title else None,
            )
        )
    title_at, body_at = KEY_BYTES, KEY_BYTES + 1
    find = bytes.find

    def scores(
        rows: Iterable[tuple[int, float, bytes, int, int]],
    ) -> dict[int, tuple[float, float, bool]]:
        out = {}
        for pk, published, stats, title_length, body_length in rows:
            length = title_weight * title_length + body_length
            norm = k1 * (1 - b + b * length / average)  # as bm25() computes it
            total = 0.0
            has_title = True
            for key, term_idf, spelled in terms:
                # (_record_at inlined: a misaligned first find is rare)
                i = find(stats, key)
                if i > 0 and i % RECORD_BYTES:
                    i = _record_at(stats, key)
                if spelled is None:  # one form, the title not needed
                    if i >= 0:
                        tf = title_weight * stats[i + title_at] + stats[i + body_at]
                        total += term_idf * (tf * k1_plus / (tf + norm))
                    continue
                others, need_title = spelled
                if i < 0:
                    typed = 0
                    if need_title:
                        has_title = False
                else:
                    typed = title_weight * stats[i + title_at] + stats[i + body_at]
                    if need_title and not stats[i + title_at]:
                        has_title = False
                other = 0.0
                for o in others:
                    i = find(stats, o)
                    if i > 0 and i % RECORD_BYTES:
                        i = _record_at(stats, o)
                    if i >= 0:
                        other += title_weight * stats[i + title_at] + stats[i + body_at]
                if other:
                    # Other spellings weigh after saturation (as in bm25()).
                    t = typed + other
                    part = alternative_weight * t * k1_plus / (t + norm)
                    if typed:
                        part = max(part, typed * k1_plus / (typed + norm))
                elif typed:
                    part = typed * k1_plus / (typed + norm)
                else:
                    continue
                total += term_idf * part
            if fresh_weight > 0:  # freshness(), inlined
                age = max((now - published) / 86400, 0.0)
                total *= 1.0 + fresh_weight * 0.5 ** (age / half_life)
            out[pk] = (total, published, has_title)
        return out

    return scores


def keywords(
    *,
    title: Sequence[str],
    body: Sequence[str],
    df: Mapping[str, int],
    n_docs: int,
    params: RelatedParams,
) -> list[tuple[str, float]]:
    """The story's strongest terms as a unit tf-idf vector, strongest first."""
    counts: Counter[str] = Counter(body)
    for term in title:
        counts[term] += params.title_weight
    if params.lead_weight and len(body) > params.lead_terms:
        # (a text that is all lead has nothing to weigh its lead against)
        for term in body[: params.lead_terms]:
            counts[term] += params.lead_weight
    n_docs = max(n_docs, 1)
    log, get = math.log, df.get
    weighted = []
    for term, tf in counts.items():
        if len(term) < 2:
            continue
        # idf() inlined: this loop runs for every distinct term of every story
        # a bulk import indexes.
        term_df = min(max(get(term, 1), 0), n_docs)
        weight = (1.0 + log(tf)) * log(1.0 + (n_docs - term_df + 0.5) / (term_df + 0.5))
        if weight > 0:
            weighted.append((-weight, term))
    # = the keyword_count first of the terms by weight (highest first), then
    # by term, without sorting every term: (-weight, term) tuples compare in C
    top = heapq.nsmallest(params.keyword_count, weighted)
    norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
    return [(term, -w / norm) for w, term in top]


def related_score(
    *,
    cosine: float,
    shared_tags: float,
    same_section: bool,
    days_apart: float,
    params: RelatedParams,
) -> float:
    """The "see also" score of a candidate from its keyword cosine and signals.

    ``cosine`` is the dot product of the two stories' keyword vectors;
    ``shared_tags`` the Jaccard overlap of their tag sets (0 … 1). Without
    shared content (``cosine`` 0) a story is never related, whatever its tags.
    """
    if cosine <= 0:
        return 0.0
    boost = 1.0 + params.tag_weight * shared_tags
    if same_section:
        boost += params.section_weight
    closeness = 0.5 ** (abs(days_apart) / params.time_half_life_days)
    return cosine * boost * (1.0 + params.time_weight * closeness)


def cosine(source: Mapping[str, float], candidate: Mapping[str, float]) -> float:
    """Dot product of two keyword vectors (both unit length: their cosine)."""
    return sum(w * candidate.get(t, 0.0) for t, w in source.items())
