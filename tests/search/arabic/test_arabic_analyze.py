import doctest
import importlib

from khabar.search.arabic import analyze, analyze_query, is_stopword


def test_spelling_variants_analyze_to_one_term():
    terms = analyze("الإستخبارات الاستخبارات وَالاستِخبـارات بالاستخبارات وللاستخبارات")
    assert len(terms) == 5
    assert len(set(terms)) == 1


def test_taa_marbuta_and_yaa_variants():
    assert analyze("المدرسة") == analyze("المدرسه")
    assert analyze("مستشفى") == analyze("مستشفي")


def test_digits_are_ascii_terms():
    assert analyze("عام ٢٠١٣") == analyze("عام 2013")
    assert "2013" in analyze("عام ٢٠١٣")


def test_stopwords_are_dropped():
    assert analyze("في من إلى عن وفي ومن التي الذي the of") == []


def test_the_name_ali_is_searchable():
    assert analyze("علي مملوك") == analyze("على مملوك") != []
    assert is_stopword("وفي")
    assert not is_stopword("ولي")  # ولي العهد


def test_mixed_text_keeps_order():
    assert analyze("iPhone 15 من آبل") == ["iphone", "15", "ابل"]


def test_query_and_document_analysis_agree():
    document = analyze("قالت وزارة الصحة إن المستشفيات السورية استقبلت المصابين")
    query = analyze_query("مستشفى سوري")
    assert set(query) <= set(document)


def test_query_terms_are_unique_and_ordered():
    assert analyze_query("سوريا وسوريا لبنان بسوريا") == ["سوريا", "لبنان"]


def test_empty_text():
    assert analyze("") == []
    assert analyze_query("   ") == []


def test_module_docstring_examples():
    for name in ("", ".normalize", ".tokenize", ".stopwords", ".stem"):
        module = importlib.import_module("khabar.search.arabic" + name)
        result = doctest.testmod(module)
        assert result.failed == 0
        assert result.attempted > 0
