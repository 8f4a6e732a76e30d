import re

from hypothesis import given
from hypothesis import strategies as st

from khabar.search.arabic import analyze, analyze_query, normalize, stem, tokenize

# Arabic letters, harakat, tatweel, Quranic marks, digits, punctuation, joiners
# and bidi controls, mixed with arbitrary Unicode.
arabicish = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from(list(" \t\n\u200c\u200d\u200e\u200f\u202b\u202c\u00a0.,")),
        st.characters(),
    ),
    max_size=60,
)

FORBIDDEN = re.compile(r"[\u064b-\u065f\u0670\u06d6-\u06ed\u0640\s\u200c\u200d]")


@given(arabicish)
def test_never_crashes(text):
    normalize(text)
    tokenize(text)
    analyze(text)
    analyze_query(text)


@given(arabicish)
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(arabicish)
def test_analyze_is_invariant_under_normalize(text):
    assert analyze(normalize(text)) == analyze(text)


@given(arabicish)
def test_terms_are_clean_and_non_empty(text):
    for term in analyze(text):
        assert term
        assert not FORBIDDEN.search(term)


@given(arabicish)
def test_query_terms_are_document_terms(text):
    assert set(analyze_query(text)) == set(analyze(text))


@given(st.text(max_size=20))
def test_stem_is_deterministic_and_total(token):
    assert stem(token) == stem(token)
