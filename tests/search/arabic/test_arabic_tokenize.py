from khabar.search.arabic import normalize, tokenize


def test_mixed_arabic_latin_and_numbers():
    assert tokenize(normalize("iPhone 15 من آبل")) == ["iphone", "15", "من", "ابل"]


def test_punctuation_and_emoji_split():
    assert tokenize("سوريا،لبنان!العراق 🙂مصر") == ["سوريا", "لبنان", "العراق", "مصر"]


def test_numbers_keep_decimal_and_thousands_separators():
    assert tokenize("ارتفع 3.5% الى 1,200 دولار.") == [
        "ارتفع",
        "3.5",
        "الى",
        "1,200",
        "دولار",
    ]


def test_script_change_is_a_boundary():
    assert tokenize("2013م") == ["2013", "م"]
    assert tokenize("covid19 و\u0633") == ["covid19", "وس"]
    assert tokenize("ABCعربي") == ["ABC", "عربي"]


def test_zero_width_and_bidi_marks_do_not_split_after_normalize():
    assert tokenize(normalize("الاست\u200dخبارات \u202bسوريا\u202c")) == [
        "الاستخبارات",
        "سوريا",
    ]


def test_underscores_hashtags_and_urls():
    assert tokenize("#سوريا_اليوم http://x.com/a") == [
        "سوريا",
        "اليوم",
        "http",
        "x",
        "com",
        "a",
    ]


def test_empty_and_separator_only():
    assert tokenize("") == []
    assert tokenize(" ،.!؟ 🙂 ") == []
