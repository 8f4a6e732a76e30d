"""Variant discovery (pure): skeletons, native-word guards, groups, expansions."""

import pytest

from khabar.search.arabic import analyze_query, normalize
from khabar.spelling.discovery import (
    CorpusStats,
    build_expansions,
    core_of,
    discover,
    letters_only,
    native_pattern,
    score_pair,
    skeleton,
)
from khabar.spelling.falsemerge_pairs import FALSE_MERGE_PAIRS

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


def key(word):
    return skeleton(core_of(normalize(word)))


@pytest.mark.parametrize(("a", "b"), ISSUE_PAIRS)
def test_issue_pairs_share_a_skeleton(a, b):
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("سور", "سوريا"), ("مصر", "مصري"), ("قلب", "كلب"), ("تصاعد", "تتصاعد")],
)
def test_distinct_words_get_distinct_skeletons(a, b):
    assert key(a) != key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("تجاره", "تجاريه"),
        ("مدينه", "ميدانيه"),
        ("صندوق", "صناديق"),
        ("مليون", "ملايين"),
        ("صارمه", "صرامه"),
        ("سلبا", "سلبيا"),
    ],
)
def test_native_morphology_is_recognised(a, b):
    assert native_pattern(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [(core_of(normalize(a)), core_of(normalize(b))) for a, b in ISSUE_PAIRS]
)
def test_issue_pairs_are_not_native_morphology(a, b):
    assert not native_pattern(a, b)


def test_letters_only_means_a_swap_within_one_class():
    assert letters_only("غوغل", "جوجل")
    assert not letters_only("جاري", "كوري")


def test_native_given_names_never_score():
    assert score_pair(a="محمد", b="محمود", context=1, morphology=0, article_gap=0) == 0


def test_inflected_words_score_zero_and_names_score_high():
    name = score_pair(a="ترامب", b="ترمب", context=0.4, morphology=0, article_gap=0)
    native = score_pair(a="كتاب", b="كتب", context=0.4, morphology=0.3, article_gap=0)
    assert name == 1.0
    assert native == 0.0


def test_false_merge_list_has_200_distinct_pairs():
    normalised = {frozenset(map(normalize, p)) for p in FALSE_MERGE_PAIRS}
    assert len(FALSE_MERGE_PAIRS) >= 200
    assert len(normalised) == len(FALSE_MERGE_PAIRS)
    assert all(len(p) == 2 for p in normalised)


def _corpus():
    """Two outlets spelling one man differently, and two native words."""
    docs = []
    for i in range(30):
        name = "ترامب" if i % 3 else "ترمب"
        docs.append(
            f"قال الرئيس الأمريكي دونالد {name} في البيت الأبيض إن واشنطن "
            f"ستفرض عقوبات جديدة على طهران. وأضاف {name} أن الإدارة مستعدة."
        )
    for i in range(15):
        docs.append(
            f"كتب الصحفي مقالا طويلا في الجريدة رقم {i} وكتبها بعناية وكتبوا عنه."
        )
        docs.append(
            f"افتتح معرض الكتاب الدولي دورته {i} وعرض كتابه الجديد وكتابها الأول."
        )
    return docs


def test_discover_groups_a_name_and_keeps_native_words_apart():
    stats = CorpusStats()
    for doc in _corpus():
        stats.add_text(doc)
    groups = discover(stats)
    members = [set(g.members) for g in groups]
    assert {"ترامب", "ترمب"} in members
    assert not any({"كتب", "كتاب"} <= m for m in members)
    trump = next(g for g in groups if "ترمب" in g.members)
    assert trump.canonical == "ترامب"
    assert trump.frequencies[0] > trump.frequencies[1]
    assert 0.5 <= trump.confidence <= 1.0


def _corpus_with_more_names():
    docs = _corpus()
    for i in range(12):
        name = "بوتين" if i % 3 else "بوتن"
        docs.append(f"قال الرئيس الروسي فلاديمير {name} في الكرملين {i} إن موسكو ترد.")
    return docs


def _found(groups):
    return [(g.members, g.frequencies, g.confidence, g.context_words) for g in groups]


def test_lean_rebuild_finds_the_same_groups():
    in_memory, spilled = CorpusStats(), CorpusStats(spill=True)
    for doc in _corpus_with_more_names():
        in_memory.add_text(doc)
        spilled.add_text(doc)
    assert not spilled.docs  # the documents wait on disk, not in memory
    expected = _found(discover(in_memory))
    assert len(expected) == 2
    try:
        # a budget this small counts each core's context in a pass of its own
        assert _found(discover(spilled, context_budget=1)) == expected
        assert _found(discover(spilled)) == expected  # the file can be read again
    finally:
        spilled.close()


def test_expansions_map_analysed_terms_to_other_spellings():
    table = build_expansions([("ترامب", "ترمب"), ("كونغرس", "كونجرس")])
    (typed,) = analyze_query("الكونجرس")
    assert table[typed] == ("كونغرس",)
    assert analyze_query(table[typed][0]) == analyze_query("الكونغرس")
    assert table["ترمب"] == ("ترامب",)


def test_expansions_leave_out_spellings_the_stemmer_already_joins():
    assert build_expansions([("مسلحين", "مسلحون")]) == {}
