"""The query parser: what readers type becomes safe engine queries (no DB)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.news.demo import reference
from khabar.search.query import (
    MAX_TERMS,
    Phrase,
    Term,
    expand,
    index_term,
    index_terms,
    parse_query,
    to_fts5,
    to_tsquery,
)


def texts(parts):
    return [p.texts() for p in parts]


def test_spellings_of_one_word_parse_to_the_same_term():
    spellings = [
        "الاستخبارات",
        "الإستخبارات",
        "الاستِخبارات",
        "والاستخبارات",
        "بالاستخبارات",
    ]
    assert {parse_query(s).include for s in spellings} == {(Term("استخبار"),)}


def test_phrases_exclusions_and_stopwords():
    q = parse_query('وزير "في الحكومة السورية" -دمشق -"مجلس الأمن" في')
    assert texts(q.include) == [("وزير",), ("حكوم", "سوري")]
    assert isinstance(q.include[1], Phrase)
    assert texts(q.exclude) == [("دمشق",), ("مجلس", "امن")]


def test_typographic_quotes_make_a_phrase_and_unclosed_quote_runs_to_end():
    assert texts(parse_query("«الأمن القومي»").include) == [("امن", "قومي")]
    assert texts(parse_query('"الأمن القومي').include) == [("امن", "قومي")]


def test_nothing_to_search_for():
    for raw in ["", "   ", "في من", "-سوريا", '" * ( ) : ^', "🙂🙂"]:
        assert parse_query(raw).is_empty, raw


def test_fts_operators_are_plain_words_not_syntax():
    q = parse_query('NEAR(سوريا لبنان) AND "x" OR c* ^:')
    assert texts(q.include) == [("near", "سوريا"), ("لبنان",), ("x",), ("c",)]


def test_long_input_is_cut_and_flagged():
    q = parse_query("سوريا " * 2000)
    assert q.truncated and texts(q.include) == [("سوريا",)]
    many = parse_query(" ".join(f"word{n}" for n in range(40)))
    assert many.truncated and len(many.include) == MAX_TERMS


def test_numbers_become_single_alphanumeric_terms():
    assert index_term("3.5") == "3x5"
    assert index_term("1,200") == "1200"
    assert index_term("x" * 100) is None
    assert texts(parse_query("covid-19").include) == [("covid", "19")]


def test_engine_queries():
    q = parse_query('استخبارات "أمن قومي" -سوريا')
    assert to_fts5(q) == '"استخبار" AND "امن قومي" NOT ("سوريا")'
    assert (
        to_fts5(q, title_column="t") == '{t} : ("استخبار" AND "امن قومي") NOT ("سوريا")'
    )
    assert to_tsquery(q, title_only=True) == (
        "'استخبار':A & ('امن':A <-> 'قومي':A) & !('سوريا')"
    )


def test_expansion_adds_alternatives_after_the_typed_term():
    q = expand(parse_query("ترامب"), lambda t: ["ترمب", "ترامب", "في"])
    assert q.include == (Term("ترامب", ("ترمب",)),)
    assert to_fts5(q) == '("ترامب" OR "ترمب")'
    assert to_tsquery(q) == "('ترامب' | 'ترمب')"
    assert parse_query("ترامب").highlight_terms() < q.highlight_terms()


_SAFE_FTS5 = re.compile(r'^[\w" (){}:]+$')


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_to_safe_engine_queries(raw):
    q = parse_query(raw)
    terms = [t for p in (*q.include, *q.exclude) for t in p.texts()]
    assert len(terms) <= MAX_TERMS
    assert all(t.isalnum() for t in terms)
    if not q.is_empty:
        fts = to_fts5(q)
        assert _SAFE_FTS5.match(fts)
        assert fts.count('"') % 2 == 0
        assert "'" not in "".join(terms)
        to_tsquery(q)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "-",
                "*",
                "(",
                ")",
                ":",
                "^",
                "NEAR",
                "AND",
                "سوريا",
                "الأمن",
                " ",
                "🙂",
                "\u064e",
                "ـ",
                "«",
                "»",
            ]
        ),
        max_size=40,
    )
)
def test_syntax_soup_never_crashes(parts):
    q = parse_query("".join(parts))
    if not q.is_empty:
        assert to_fts5(q) and to_tsquery(q)


_EDGES = [
    "3",
    ".5",
    "،",
    "\u0651",
    "\u0640",
    "\u200d",
    "ال",
    "ـال",
    "x",
    "١٢",
    " ",
    "",
    "\t",
]


@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.lists(st.sampled_from(_EDGES), max_size=6).map("".join),
            st.sampled_from(
                [
                    *reference.FIRST_PART,
                    reference.TITLE,
                    reference.LEAD,
                    reference.BYLINE,
                ]
            ),
        ),
        max_size=8,
    )
)
@settings(max_examples=300, deadline=None)
def test_a_text_is_analysed_as_its_lines_are(parts):
    """The index analyses a body line by line (its parts can then be analysed
    ahead, elsewhere) and must give the terms of the whole text."""
    parts = [p for p in parts if "\n" not in p]
    whole = index_terms("\n".join(parts))
    assert whole == [term for part in parts for term in index_terms(part)]
