"""Property tests: the scorer never crashes and stays within its bounds."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.comments.spam import MAX_SCORE, MIN_SCORE, CommentFeatures
from khabar.comments.spam.classifier import NaiveBayesClassifier, default_classifier
from khabar.comments.spam.rules import Blocklist, score_comment

CLASSIFIER = default_classifier()
BLOCKLIST = Blocklist.build(
    words=["كازينو", "قمار أونلاين", "viagra"], domains=["spam.example"]
)

# Arabic, Latin, digits, Arabic-Indic digits, marks, emoji, controls, anything.
text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)),
    st.text(alphabet="كازينو ـَ ٠١٢٣٤٥٦٧٨٩ http://www. .com wa.me!@"),
)
seconds = st.one_of(
    st.none(), st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**9)
)
counts = st.integers(min_value=-10, max_value=10**6)

features = st.builds(
    CommentFeatures,
    body=text,
    author_name=text,
    email=text,
    url=text,
    article_title=text,
    article_lang=st.sampled_from(["ar", "en", "fr", "zh", "", "ar-SA", "xx"]),
    seconds_to_submit=seconds,
    honeypot=text,
    same_ip_count_recent=counts,
    same_email_count_recent=counts,
    duplicate_body_seen=st.booleans(),
    author_approved_count=counts,
)


@settings(max_examples=300, deadline=None)
@given(features=features, use_classifier=st.booleans())
def test_score_comment_never_crashes_and_is_bounded(
    features: CommentFeatures, use_classifier: bool
) -> None:
    verdict = score_comment(
        features,
        classifier=CLASSIFIER if use_classifier else None,
        blocklist=BLOCKLIST,
    )
    assert math.isfinite(verdict.score)
    assert MIN_SCORE <= verdict.score <= MAX_SCORE
    assert verdict.decision in {"approve", "pending", "spam"}
    for reason in verdict.reasons:
        assert reason.code and reason.message
        assert math.isfinite(reason.weight)
    if verdict.spam_probability is not None:
        assert 0.0 <= verdict.spam_probability <= 1.0


@settings(max_examples=100, deadline=None)
@given(body=st.text(), is_spam=st.booleans())
def test_learn_then_unlearn_restores_state(body: str, is_spam: bool) -> None:
    clf = default_classifier()
    before = clf.to_dict()
    clf.learn(body, is_spam)
    p = clf.spam_probability(body)
    assert 0.0 <= p <= 1.0
    clf.unlearn(body, is_spam)
    assert clf.to_dict() == before


@settings(max_examples=100, deadline=None)
@given(texts=st.lists(st.tuples(st.text(), st.booleans()), max_size=20), probe=text)
def test_round_trip_preserves_probability(
    texts: list[tuple[str, bool]], probe: str
) -> None:
    clf = NaiveBayesClassifier()
    clf.learn_many(texts)
    clone = NaiveBayesClassifier.from_dict(clf.to_dict())
    assert clone.spam_probability(probe) == clf.spam_probability(probe)
