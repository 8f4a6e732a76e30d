"""The incremental Naive Bayes spam classifier."""

from __future__ import annotations

import json

import pytest

from khabar.comments.spam.classifier import NaiveBayesClassifier, default_classifier
from khabar.comments.spam.seed_data import HAM, SPAM

SPAMMY = [
    "خصم كبير على العطور في متجرنا، للطلب واتساب",
    "عطور أصلية بخصم خاص، اطلب من متجرنا الآن",
    "أقوى خصم على عطور الجملة، متجرنا يوصل لكل المدن",
    "عروض العطور في متجرنا، خصم إضافي عند الطلب",
]
HAMMY = [
    "تحليل جيد لكن الكاتب أغفل دور البرلمان",
    "أتفق مع المقال، البرلمان يجب أن يراقب الحكومة",
    "شكرا على التغطية، ننتظر تصويت البرلمان غدا",
    "مقال متوازن عن جلسة البرلمان الأخيرة",
]
NEW_SPAM = "خصم على عطور متجرنا لفترة محدودة"


def trained(n: int = 4) -> NaiveBayesClassifier:
    # warmup_docs=0: full trust in the log-odds even for a tiny training set.
    clf = NaiveBayesClassifier(warmup_docs=0)
    for text in SPAMMY[:n]:
        clf.learn(text, is_spam=True)
    for text in HAMMY[:n]:
        clf.learn(text, is_spam=False)
    return clf


def test_untrained_classifier_is_neutral() -> None:
    clf = NaiveBayesClassifier()
    assert clf.spam_probability("أي نص") == 0.5
    assert clf.top_features("أي نص") == []


def test_learning_raises_probability_of_similar_new_spam() -> None:
    clf = NaiveBayesClassifier(warmup_docs=0)
    clf.learn(HAMMY[0], is_spam=False)
    clf.learn(SPAMMY[0], is_spam=True)
    before = clf.spam_probability(NEW_SPAM)
    for text in SPAMMY[1:]:
        clf.learn(text, is_spam=True)
    for text in HAMMY[1:]:
        clf.learn(text, is_spam=False)
    after = clf.spam_probability(NEW_SPAM)
    assert after > before
    assert after > 0.8
    assert clf.spam_probability("جلسة البرلمان كانت مهمة") < 0.2


def test_learning_ignores_diacritics_and_tatweel() -> None:
    clf = trained()
    plain = clf.spam_probability(NEW_SPAM)
    decorated = clf.spam_probability("خَصْم على عطــور متجــرنا لفترة محدودة")
    assert decorated == pytest.approx(plain)


def test_unlearn_reverses_learn_exactly() -> None:
    clf = trained()
    snapshot = clf.to_dict()
    extra = "خصم عطور متجرنا واتساب"
    clf.learn(extra, is_spam=True)
    assert clf.to_dict() != snapshot
    clf.unlearn(extra, is_spam=True)
    assert clf.to_dict() == snapshot


def test_moderator_changes_mind() -> None:
    clf = trained()
    text = "عطور البرلمان"  # ambiguous text first marked as spam
    clf.learn(text, is_spam=True)
    as_spam = clf.spam_probability(text)
    clf.unlearn(text, is_spam=True)
    clf.learn(text, is_spam=False)
    assert clf.spam_probability(text) < as_spam


def test_unlearning_unknown_text_is_harmless() -> None:
    clf = trained()
    snapshot = clf.to_dict()
    clf.unlearn("نص لم يتعلمه المصنف أبدا", is_spam=False)
    state = clf.to_dict()
    assert state["counts"] == snapshot["counts"]
    assert all(v >= 0 for pair in state["counts"].values() for v in pair)


def test_round_trip_through_json_gives_identical_probabilities() -> None:
    clf = default_classifier()
    clf.learn(SPAMMY[0], is_spam=True)
    state = json.loads(json.dumps(clf.to_dict(), ensure_ascii=False))
    clone = NaiveBayesClassifier.from_dict(state)
    for text in [*SPAMMY, *HAMMY, NEW_SPAM, "", "Check out my channel"]:
        assert clone.spam_probability(text) == clf.spam_probability(text)
    assert clone.to_dict() == clf.to_dict()


def test_from_dict_rejects_unknown_versions() -> None:
    state = trained().to_dict()
    state["version"] = 999
    with pytest.raises(ValueError, match="version"):
        NaiveBayesClassifier.from_dict(state)


def test_top_features_explain_with_surface_words() -> None:
    clf = trained()
    top = clf.top_features(NEW_SPAM, 3)
    assert top
    assert set(top) <= {"خصم", "عطور", "متجرنا", "لفترة", "محدودة", "على"}
    assert "خصم" in top or "متجرنا" in top


def test_state_is_compact_and_prunable() -> None:
    clf = default_classifier()
    size = len(json.dumps(clf.to_dict(), ensure_ascii=False).encode())
    assert size < 40_000
    before = len(clf.counts)
    dropped = clf.prune(min_count=2)
    assert dropped > 0
    assert len(clf.counts) == before - dropped
    assert 0.0 <= clf.spam_probability(SPAMMY[0]) <= 1.0


def test_char_ngram_option_round_trips() -> None:
    clf = NaiveBayesClassifier(char_ngrams=(3, 4))
    clf.learn(SPAMMY[0], is_spam=True)
    clf.learn(HAMMY[0], is_spam=False)
    clone = NaiveBayesClassifier.from_dict(clf.to_dict())
    assert clone.char_ngrams == (3, 4)
    assert clone.spam_probability(NEW_SPAM) == clf.spam_probability(NEW_SPAM)


def test_default_classifier_separates_its_seed_and_new_examples() -> None:
    clf = default_classifier()
    assert len(SPAM) >= 40 and len(HAM) >= 40
    # The seed model is young, so its confidence is tempered (see ``trust``).
    assert 0.25 < clf.trust < 0.35
    assert clf.spam_probability("للطلب واتساب، خصم خاص على متابعين انستقرام") > 0.6
    assert clf.spam_probability("Subscribe to my channel for free gift cards") > 0.6
    assert clf.spam_probability("شكراً على المقال، هل هناك مصدر للأرقام؟") < 0.4
    assert clf.spam_probability("Thanks, a fair summary of the debate.") < 0.4


def test_trust_grows_with_experience() -> None:
    clf = NaiveBayesClassifier(warmup_docs=10)
    clf.learn(SPAMMY[0], is_spam=True)
    clf.learn(HAMMY[0], is_spam=False)
    young = clf.spam_probability(NEW_SPAM)
    for _ in range(20):
        clf.learn(SPAMMY[0], is_spam=True)
        clf.learn(HAMMY[0], is_spam=False)
    assert clf.trust > 0.75
    assert clf.spam_probability(NEW_SPAM) > young > 0.5


def test_default_classifier_returns_independent_objects() -> None:
    first = default_classifier()
    first.learn("شيء جديد تماما", is_spam=True)
    assert default_classifier().to_dict() != first.to_dict()


def test_invalid_alpha() -> None:
    with pytest.raises(ValueError, match="alpha"):
        NaiveBayesClassifier(alpha=0)
