"""Ranking arithmetic (no DB)."""

import pytest

from khabar.search.ranking import (
    RankingParams,
    RelatedParams,
    bm25,
    freshness,
    keywords,
    related_score,
)

P = RankingParams(freshness_weight=0)


def score(title, body, query=(("استخبار",),), df=None, n=1000, avg=20.0, params=P):
    return bm25(
        query=query,
        title=title,
        body=body,
        df=df or {"استخبار": 10, "سوري": 300},
        n_docs=n,
        avg_length=avg,
        params=params,
    )


def test_title_match_outranks_body_match():
    assert score(["استخبار"], ["اخبار"] * 5) > score(
        ["اخبار"], ["استخبار"] + ["اخبار"] * 4
    )


def test_rare_terms_weigh_more_and_missing_terms_score_nothing():
    assert score([], ["استخبار"], query=(("استخبار",),)) > score(
        [], ["سوري"], query=(("سوري",),)
    )
    assert score(["اخبار"], ["اخر"]) == 0


def test_alternative_spellings_count_less_than_the_typed_form():
    typed = score(["ترامب"], [], query=(("ترامب", "ترمب"),), df={"ترامب": 5})
    alt = score(["ترمب"], [], query=(("ترامب", "ترمب"),), df={"ترامب": 5})
    assert typed > alt > 0


def test_freshness_boost_decays_with_half_life():
    p = RankingParams(freshness_weight=0.5, freshness_half_life_days=10)
    assert freshness(0, p) == pytest.approx(1.5)
    assert freshness(10, p) == pytest.approx(1.25)
    assert freshness(10_000, p) == pytest.approx(1.0)
    assert freshness(-5, p) == pytest.approx(1.5)


def test_keywords_are_a_unit_vector_of_the_rarest_frequent_terms():
    pairs = keywords(
        title=["زلزال"],
        body=["زلزال", "تركيا", "قال", "قال", "قال"],
        df={"زلزال": 3, "تركيا": 50, "قال": 900},
        n_docs=1000,
        params=RelatedParams(),
    )
    assert [t for t, _ in pairs][0] == "زلزال"
    assert sum(w * w for _, w in pairs) == pytest.approx(1.0)


def test_related_score_needs_shared_content():
    p = RelatedParams()
    assert (
        related_score(
            cosine=0, shared_tags=1, same_section=True, days_apart=0, params=p
        )
        == 0
    )
    near = related_score(
        cosine=0.3, shared_tags=0, same_section=False, days_apart=1, params=p
    )
    far = related_score(
        cosine=0.3, shared_tags=0, same_section=False, days_apart=900, params=p
    )
    tagged = related_score(
        cosine=0.3, shared_tags=1, same_section=False, days_apart=900, params=p
    )
    assert near > far and tagged > far


def test_stored_strings_score_like_term_lists():
    title, body = ["استخبار", "سوري"], ["استخبار", "اعتقل", "استخبار", "مسءول"]
    as_lists = score(title, body)
    as_strings = bm25(
        query=(("استخبار",),),
        title=" ".join(title),
        body=" ".join(body),
        df={"استخبار": 10},
        n_docs=1000,
        avg_length=20.0,
        params=P,
        lengths=(2, 4),
    )
    assert as_strings == pytest.approx(as_lists)
    # a term is counted whole, never inside a longer one
    assert (
        bm25(
            query=(("سور",),),
            title="سوري",
            body="سوريا",
            df={"سور": 5},
            n_docs=1000,
            avg_length=20.0,
            params=P,
        )
        == 0
    )


def test_the_per_query_scorer_gives_bm25s_scores():
    """Search scores a query's candidates with ``bm25_scorer`` (constants once)."""
    import random

    from khabar.search.ranking import RankingParams, bm25, bm25_scorer

    rng = random.Random(3)
    # Arabic words, some the start or the end of another (ترمب, ترمبي, يترمب):
    # counting must not find one inside the other, in text or in UTF-8 bytes.
    vocab = [f"ترمب{i}" for i in range(10)] + ["ترمب", "ترمبي", "يترمب", "ت"]
    vocab += [f"t{i}" for i in range(26)]
    params = RankingParams()

    def text(n):
        # No word twice in a row: stored strings are counted with str.count,
        # which sees "t1 t1" as one " t1 " (the list path counts two).
        words = []
        for _ in range(n):
            words.append(rng.choice([w for w in vocab if words[-1:] != [w]]))
        return " ".join(words)

    for _ in range(300):
        title, body = text(rng.randint(0, 8)), text(rng.randint(0, 200))
        query = [
            [rng.choice(vocab) for _ in range(rng.randint(1, 3))]
            for _ in range(rng.randint(1, 3))
        ]
        df = {t: rng.randint(0, 900) for t in vocab}
        lengths = (len(title.split()), len(body.split()))
        kw = {"query": query, "df": df, "n_docs": 1000, "avg_length": 120.0}
        expected = bm25(
            title=title.split(), body=body.split(), params=params, **kw
        )  # the list path: counted with Counter, not str.count
        scorer = bm25_scorer(params=params, **kw)
        # the scorer takes the stored text with a space at each end …
        assert scorer(f" {title} ", f" {body} ", lengths) == expected
        # … as text or as its UTF-8 bytes (as search reads the candidates)
        padded = f" {title} ".encode(), f" {body} ".encode()
        assert scorer(*padded, lengths) == expected
