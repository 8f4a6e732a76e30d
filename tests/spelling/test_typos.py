""" "Did you mean" beyond the known groups: typos and unseen spellings (issue 9)."""

import pytest

from khabar.spelling import services
from khabar.spelling.selectors import closest_spelling, edit_distance, suggest

pytestmark = pytest.mark.django_db


def _texts():
    return [
        f"قال المتحدث باسم الحكومة في واشنطن إن العقوبات على طهران ستستمر. "
        f"وأضاف أن المفاوضات {i} متعثرة."
        for i in range(30)
    ] + ["زار الوفد واشنطون مرة واحدة قبل سنوات."]


@pytest.fixture
def archive(make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.variants_rebuild(texts=_texts())
    make_article("العقوبات على طهران", "قال المتحدث في واشنطن إن العقوبات ستستمر.")


def test_search_page_suggests_the_archive_spelling_of_a_typo(archive, client):
    page = client.get("/search/", {"q": "عقوبات طهرام"}).content.decode()
    assert "هل تقصد" in page
    assert "عقوبات طهران" in page


def test_api_suggests_for_typos_and_unseen_spellings(archive, client):
    def suggestion(q):
        return client.get("/api/search/", {"q": q}).json()["suggestion"]

    assert suggestion("طهرام") == "طهران"  # a letter changed
    assert suggestion("والمفاوضتا") == "والمفاوضات"  # two letters swapped
    assert suggestion("واشنطون") == "واشنطن"  # a rare spelling the archive has
    assert suggestion("المفاوضااات") == "المفاوضات"  # two letters too many
    # Correct words, words far from any archive word, and results found: none.
    assert suggestion("طهران") == ""
    assert suggestion("كوالالمبور") == ""
    assert suggestion("العقوبات") == ""


def test_only_a_much_more_frequent_word_is_suggested(archive):
    # واشنطون is in the archive once and واشنطن 31 times: suggested; the
    # other way round, never.
    assert suggest(query="واشنطون") == "واشنطن"
    assert suggest(query="واشنطن") is None
    assert closest_spelling("طهرام") == "طهران"
    assert closest_spelling("طهران") is None


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("طهران", "طهران") == 0
    assert edit_distance("طهرام", "طهران") == 1
    assert edit_distance("طهرنا", "طهران") == 1
    assert edit_distance("مفاوضات", "مفاوضتا") == 1
    assert edit_distance("واشنطن", "كوالالمبور") == 3
