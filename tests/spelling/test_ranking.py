"""The reader's own spelling is not ranked below its variants (issue 9)."""

from datetime import UTC, datetime, timedelta

import pytest

from khabar.search import ranking, selectors
from khabar.search.query import index_terms
from khabar.search.selectors import article_search
from khabar.spelling import services

pytestmark = pytest.mark.django_db

DAY = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
LONG_BODY = "وتناول الاجتماع ملفات التجارة والطاقة والأمن في المنطقة. " * 12


@pytest.fixture
def trump_applied(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.group_add(spellings=["ترامب", "ترمب"])


def _titles(query, **kwargs):
    return [h.article.title for h in article_search(query=query, **kwargs).hits]


def test_repeating_another_spelling_does_not_outrank_the_typed_one(
    trump_applied, make_article
):
    make_article("ترمب في نيويورك", "زار ترمب المدينة.", published_at=DAY)
    make_article(
        "ترامب في نيويورك",
        "زار ترامب المدينة. وقال ترامب إن ترامب سيعود.",
        published_at=DAY,
    )
    assert _titles("ترمب") == ["ترمب في نيويورك", "ترامب في نيويورك"]
    assert _titles("ترامب") == ["ترامب في نيويورك", "ترمب في نيويورك"]


@pytest.mark.parametrize("repeats", range(1, 9))
def test_a_story_scores_more_in_the_typed_spelling_however_often_repeated(repeats):
    # Another spelling weighs after saturation: the same story scores more in
    # the reader's spelling than in another one, whatever the count, and
    # another spelling adds at most alternative_weight × (k1 + 1) × idf. (A
    # story that repeats another spelling more often than a second story uses
    # the reader's can still score higher: that is term frequency, and the
    # reader's less used spelling is kept near the top by the ordering,
    # test_typed_stories_stay_near_the_top_however_strong_the_variants.)
    params = ranking.RankingParams()
    df = {"ترمب": 10, "ترامب": 50}
    scores = ranking.search_scores(
        query=[("ترمب", "ترامب")], df=df, n_docs=1000, avg_length=20.0, params=params
    )

    def score(name):  # as search scores a stored story
        t = index_terms(f"{name} في نيويورك")
        b = index_terms(f"زار {name} المدينة. " + f"وقال {name}. " * repeats)
        return scores([(1, 0.0, ranking.term_stats(t, b), len(t), len(b))])[1][0]

    typed, variant = score("ترمب"), score("ترامب")
    assert typed > variant > 0
    ceiling = params.alternative_weight * (params.k1 + 1) * ranking.idf(50, 1000)
    assert variant < ceiling


def test_newer_variant_stories_do_not_crowd_out_the_typed_one(
    trump_applied, make_article, monkeypatch
):
    monkeypatch.setattr(selectors, "CANDIDATES", 3)
    monkeypatch.setattr(selectors, "TITLE_CANDIDATES", 1)
    make_article("ترمب في الولاية", "جولة انتخابية.", published_at=DAY)
    for i in range(6):
        make_article(
            f"ترامب في الولاية {i}",
            "جولة انتخابية.",
            published_at=DAY + timedelta(days=i + 1),
        )
    results = article_search(query="ترمب")
    assert results.count == 7
    assert results.hits[0].article.title == "ترمب في الولاية"


def test_typed_stories_stay_near_the_top_however_strong_the_variants(
    trump_applied, make_article
):
    # The reader typed the less used spelling (3 stories against 6).
    for i in range(6):  # strong matches: the other spelling twice in a short title
        make_article(f"ترامب يلتقي ترامب الابن {i}", "لقاء قصير.", published_at=DAY)
    for i in range(3):  # weak matches: the typed spelling in a long story
        make_article(f"ترمب والاجتماع {i}", LONG_BODY, published_at=DAY)
    titles = _titles("ترمب")
    assert len(titles) == 9
    typed = sorted(titles.index(f"ترمب والاجتماع {i}") for i in range(3))
    assert all(at <= n + selectors.TYPED_LEAD for n, at in enumerate(typed))
    # Typed in the usual spelling, the ranking is BM25's alone.
    assert set(_titles("ترامب")[:6]) == {
        f"ترامب يلتقي ترامب الابن {i}" for i in range(6)
    }


def _ordered_by_the_rule(scores: dict) -> list[int]:
    """The placement rule, one position at a time: the next story with the
    typed title when it would otherwise stand more than TYPED_LEAD places
    below its rank among such stories, else the best story left."""
    ranked = sorted(
        scores, key=lambda pk: (-round(scores[pk][0], 9), -scores[pk][1], -pk)
    )
    typed = [pk for pk in ranked if scores[pk][2]]
    out: list[int] = []
    while len(out) < len(ranked):
        waiting = [pk for pk in typed if pk not in out]
        n = len(typed) - len(waiting)  # typed stories placed so far
        if waiting and len(out) >= n + selectors.TYPED_LEAD:
            out.append(waiting[0])
        else:
            out.append(next(pk for pk in ranked if pk not in out))
    return out


def test_the_typed_title_merge_follows_the_rule_on_random_rankings():
    import random

    rng = random.Random(11)
    for _ in range(3000):
        n = rng.randint(0, 30)
        share = rng.random()
        scores = {
            pk: (
                round(rng.random() * 10, rng.choice([1, 6])),  # ties, sometimes
                float(rng.randint(0, 5)),  # the date: ties too
                rng.random() < share,
            )
            for pk in rng.sample(range(1, 500), n)
        }
        got = selectors._ordered(scores)
        assert got == _ordered_by_the_rule(scores)
        typed_at = [i for i, pk in enumerate(got) if scores[pk][2]]
        assert all(at <= k + selectors.TYPED_LEAD for k, at in enumerate(typed_at))
