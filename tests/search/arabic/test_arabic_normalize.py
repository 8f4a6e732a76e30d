from khabar.search.arabic import normalize


def test_alef_variants_fold_to_bare_alef():
    assert normalize("أحمد إبراهيم آمال ٱلله") == "احمد ابراهيم امال الله"


def test_harakat_and_tatweel_are_deleted_without_splitting_the_word():
    assert normalize("وَالاستِخبـارات") == "والاستخبارات"
    assert normalize("مُحَمَّدٌ") == "محمد"
    assert normalize("الرَّحْمٰنِ") == "الرحمن"  # superscript alef U+0670


def test_quranic_marks_are_deleted():
    assert normalize("الْعَٰلَمِينَ۝") == "العلمين"


def test_taa_marbuta_and_alef_maqsura():
    assert normalize("المدرسة") == normalize("المدرسه") == "المدرسه"
    assert normalize("مستشفى") == normalize("مستشفي") == "مستشفي"


def test_hamza_seats_keep_their_carrier():
    assert normalize("مسؤول") == normalize("مسئول") == "مسءول"
    assert normalize("شؤون") == normalize("شئون")
    assert normalize("رئيس") == "رءيس"
    assert normalize("سماء") == "سماء"


def test_digits_become_ascii():
    assert normalize("٢٠١٣") == "2013"
    assert normalize("۲۰۱۳") == "2013"
    assert normalize("٣٫٥٪") == "3.5%"


def test_arabic_punctuation_becomes_ascii():
    assert normalize("نعم، لا؛ لماذا؟ «خبر»") == 'نعم, لا; لماذا? "خبر"'


def test_persian_letters_and_presentation_forms():
    assert normalize("کتاب یک") == "كتاب يك"
    assert normalize("\ufefb") == "لا"  # ﻻ lam-alef ligature
    assert normalize("\ufef7") == "لا"  # ﻷ lam-alef with hamza


def test_invisible_format_characters_are_deleted():
    assert normalize("خب\u200cر \u200fسوريا\u200e") == "خبر سوريا"


def test_latin_is_lowercased_and_whitespace_collapsed():
    assert normalize("  iPhone\u00a0 15\n\tPro  ") == "iphone 15 pro"


def test_idempotent_on_examples():
    for text in ("وَالإستِخبـارات ٢٠١٣", "ﻷ\u0653ب", "ǰ", "Straße"):
        once = normalize(text)
        assert normalize(once) == once


def test_empty():
    assert normalize("") == ""
    assert normalize(" \u200f ") == ""
