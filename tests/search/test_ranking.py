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
    as_strings = score(" ".join(title), " ".join(body))
    assert as_strings == pytest.approx(as_lists)
    # a term is counted whole, never inside a longer one
    assert score("سوري", "سوريا", query=(("سور",),), df={"سور": 5}) == 0


def test_term_statistics_count_each_term_in_title_and_body():
    from khabar.search.ranking import term_counts, term_stats

    title = ["ترمب", "يلتقي", "ترمب"]
    body = ["ترمب", "ترمب", "ترمبي", "يترمب", "ترمب", "لقاء"]
    stats = term_stats(title, body)
    # a word twice in a row counts twice (a search in " ترمب ترمب " finds one)
    assert term_counts(stats, "ترمب") == (2, 3)
    assert term_counts(stats, "ترمبي") == (0, 1)
    assert term_counts(stats, "لقاء") == (0, 1)
    assert term_counts(stats, "يلتقي") == (1, 0)
    assert term_counts(stats, "ترم") == (0, 0)  # never a part of a word
    assert term_counts(b"", "ترمب") == (0, 0)
    # one record per distinct term
    assert len(stats) == 5 * 7


def test_term_statistics_find_a_key_only_where_a_record_starts():
    # A key's bytes can also appear across two records (the end of one, the
    # start of the next): only a match at a record's start is the term.
    from khabar.search.ranking import KEY_BYTES, RECORD_BYTES, term_counts, term_key

    key = term_key("سوري")
    other = term_key("عراق")
    straddling = (other + key[:2]) + (key[2:] + b"\x07\x07" + b"\x01\x09")
    assert len(straddling) == 2 * RECORD_BYTES
    assert straddling.find(key) == KEY_BYTES  # inside the first record
    assert term_counts(straddling, "سوري") == (0, 0)
    assert term_counts(straddling + key + b"\x02\x03", "سوري") == (2, 3)


def test_counts_above_the_cap_score_as_the_cap():
    from khabar.search.ranking import TF_MAX, search_scores, term_stats

    q = (("سوري",),)
    kw = {"query": q, "df": {"سوري": 10}, "n_docs": 1000, "avg_length": 20.0}
    capped = score([], ["سوري"] * TF_MAX, query=q, df=kw["df"])
    longer = ["سوري"] * (TF_MAX + 40)
    # counted as TF_MAX, the length still the story's own
    assert score([], longer, query=q, df=kw["df"]) < capped
    scores = search_scores(params=P, **kw)
    stored = scores([(1, 0.0, term_stats([], longer), 0, len(longer))])
    assert stored[1][0] == score([], longer, query=q, df=kw["df"])


def test_the_per_query_scorer_gives_bm25s_scores():
    """Search scores a query's candidates with ``search_scores`` (constants
    once, every story in one loop) from their stored term statistics: the
    scores ``bm25`` gives their terms, times ``freshness`` at the time given
    (none without one), the same floats."""
    import random

    from khabar.search.ranking import (
        RankingParams,
        bm25,
        freshness,
        search_scores,
        term_stats,
    )

    rng = random.Random(3)
    # Arabic words, some the start or the end of another (ترمب, ترمبي, يترمب),
    # and words repeated, next to each other too.
    vocab = [f"ترمب{i}" for i in range(10)] + ["ترمب", "ترمبي", "يترمب", "ت"]
    vocab += [f"t{i}" for i in range(26)]
    params = RankingParams()
    now = 1_750_000_000.0

    def terms(n):
        words = []
        for _ in range(n):
            repeat = words and rng.random() < 0.2
            words.append(words[-1] if repeat else rng.choice(vocab))
        return words

    for _ in range(100):
        query = [
            [rng.choice(vocab) for _ in range(rng.randint(1, 3))]
            for _ in range(rng.randint(1, 3))
        ]
        df = {t: rng.randint(0, 900) for t in vocab}
        kw = {"query": query, "df": df, "n_docs": 1000, "avg_length": 120.0}
        # and whether the title has the typed form of some of the terms
        in_title = {forms[0] for forms in query if rng.random() < 0.5}
        stories = {
            # a story dated in the future too (a clock ahead): no boost beyond now's
            pk: (terms(rng.randint(0, 8)), terms(rng.randint(0, 200)))
            for pk in rng.sample(range(1, 10_000), rng.randint(1, 5))
        }
        dates = {pk: now - rng.uniform(-3, 400) * 86400 for pk in stories}
        rows = [
            (pk, dates[pk], term_stats(title, body), len(title), len(body))
            for pk, (title, body) in stories.items()
        ]
        fresh = search_scores(params=params, in_title=in_title, now=now, **kw)(rows)
        plain = search_scores(params=params, in_title=in_title, **kw)(rows)
        assert fresh.keys() == plain.keys() == stories.keys()
        for pk, (title, body) in stories.items():
            expected = bm25(title=title, body=body, params=params, **kw)
            has_title = all(t in title for t in in_title)
            age = (now - dates[pk]) / 86400
            assert plain[pk] == (expected, dates[pk], has_title)
            assert fresh[pk] == (
                expected * freshness(age, params),
                dates[pk],
                has_title,
            )
