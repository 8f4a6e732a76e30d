import pytest

from khabar.search.arabic import light_stem, normalize, stem, strip_clitics


def s(word: str) -> str:
    return stem(normalize(word))


@pytest.mark.parametrize(
    "family",
    [
        "الاستخبارات استخبارات والاستخبارات بالاستخبارات وللاستخبارات الإستخبارات",
        "مسؤول المسؤولين مسؤولون المسؤول للمسؤولين والمسؤولين",
        "سوريا بسوريا وسوريا لسوريا",
        "المدرسة مدرسة المدرسه مدرستها بالمدرسة",
        "مستشفى مستشفي المستشفى مستشفيات",
        "حكومة الحكومة حكومات الحكومات حكومته حكومتها للحكومة",
        "قرار القرار قرارات القرارات قراره قراراتها بالقرار",
        "مصري المصري المصريين مصريون المصرية",
        "بريطانيا وبريطانيا لبريطانيا ببريطانيا",
        "فريق الفريق بالفريق فريقه فريقها فريقنا",
    ],
)
def test_family_members_share_a_stem(family):
    words = family.split()
    assert {s(w) for w in words} == {s(words[0])}, [(w, s(w)) for w in words]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("سور", "سوريا"),
        ("سور", "سوري"),
        ("مصر", "مصري"),
        ("كتب", "كتاب"),
        ("لبن", "لبنان"),
        ("امل", "كامل"),
        ("جنة", "لجنة"),
        ("جود", "وجود"),
        ("طاقة", "بطاقة"),
    ],
)
def test_distinct_words_keep_distinct_stems(a, b):
    assert s(a) != s(b)


def test_short_words_are_not_over_stemmed():
    assert s("الحج") == "حج"
    assert s("وجه") == "وجه"
    assert s("بيتها") == "بيت"
    assert s("قوات") == "قوات"
    assert s("ام") == "ام"


def test_non_arabic_tokens_are_unchanged():
    assert stem("iphone") == "iphone"
    assert stem("2013") == "2013"
    assert stem("") == ""


def test_strip_clitics_only_removes_prefixes():
    assert strip_clitics("وللاستخبارات") == "استخبارات"
    assert strip_clitics("بالمدرسه") == "مدرسه"
    assert strip_clitics("iphone") == "iphone"


def test_cached_and_uncached_agree():
    for word in ("والاستخبارات", "مدرستها", "للبنان", "iphone"):
        assert stem(word) == light_stem(word) == stem(word)
