"""Two titles on one installation: each site's search and "see also" show only its
own stories (Wagtail serves several sites from one page tree; sitemaps and feeds
already keep to the site, and so must these)."""

from datetime import UTC, datetime, timedelta

import pytest
from wagtail.models import Site

from khabar.core.sites import scope_path
from khabar.search.models import SearchDocument
from khabar.search.selectors import article_related_hits, article_search
from khabar.search.services import related_compute
from tests.conftest import OTHER_HOST
from tests.factories.news import SectionPageFactory

pytestmark = pytest.mark.django_db

DAY = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
SPY = "أعلنت أجهزة الاستخبارات اعتقال خلية تجسس تعمل لصالح جهاز استخبارات أجنبي"


@pytest.fixture
def titles(make_article, section, second_home):
    """The same kind of story on each site, and one more on the first."""
    other_section = SectionPageFactory(
        parent=second_home, title="سياسة", slug="politics"
    )
    return {
        "first": make_article("الاستخبارات تفكك خلية تجسس", SPY, published_at=DAY),
        "first_more": make_article(
            "محاكمة أعضاء خلية التجسس",
            "بدأت محاكمة أعضاء خلية التجسس التي كشفتها أجهزة الاستخبارات",
            published_at=DAY + timedelta(days=2),
        ),
        "second": make_article(
            "الاستخبارات تكشف خلية تجسس أجنبية",
            SPY,
            parent=other_section,
            published_at=DAY + timedelta(days=1),
        ),
        "second_section": other_section,
    }


def _titles(hits):
    return {hit["title"] for hit in hits}


def test_each_sites_search_page_finds_only_its_own_stories(client, titles):
    first = client.get("/search/", {"q": "الإستخبارات"}).content.decode()
    second = client.get(
        "/search/", {"q": "الإستخبارات"}, HTTP_HOST=OTHER_HOST
    ).content.decode()

    assert titles["first"].title in first
    assert titles["first_more"].title in first
    assert titles["second"].title not in first
    assert titles["second"].title in second
    assert titles["first"].title not in second
    assert titles["first_more"].title not in second


def test_each_sites_search_api_counts_only_its_own_stories(client, titles):
    first = client.get("/api/search/", {"q": "تجسس"}).json()
    second = client.get("/api/search/", {"q": "تجسس"}, HTTP_HOST=OTHER_HOST).json()

    assert first["count"] == 2
    assert _titles(first["results"]) == {
        titles["first"].title,
        titles["first_more"].title,
    }
    assert second["count"] == 1
    assert _titles(second["results"]) == {titles["second"].title}
    assert f"//{OTHER_HOST}/" in second["results"][0]["url"]


def test_a_section_slug_means_the_searched_sites_section(client, titles):
    """Both titles have a "politics" section: the filter takes the one of the
    site searched, so the other site's search still finds its story."""
    response = client.get(
        "/api/search/", {"q": "تجسس", "section": "politics"}, HTTP_HOST=OTHER_HOST
    ).json()

    assert _titles(response["results"]) == {titles["second"].title}


def test_see_also_lists_only_the_stories_of_the_same_site(client, titles):
    first = titles["first"]
    picks = {hit.article.pk for hit in article_related_hits(article=first)}

    assert titles["first_more"].pk in picks
    # the other site's near copy of the story is not offered
    assert titles["second"].pk not in picks
    api = client.get(f"/api/articles/{titles['second'].pk}/related/").json()
    assert first.title not in _titles(api["results"])
    assert titles["first_more"].title not in _titles(api["results"])


def test_with_one_site_nothing_is_bounded(make_article, section):
    """The control: on a single site the same near copy *is* "see also", no
    site bounds anything (``scope_path`` is None), and a search from the
    home page finds both stories."""
    first = make_article("الاستخبارات تفكك خلية تجسس", SPY, published_at=DAY)
    copy = make_article(
        "الاستخبارات تكشف خلية تجسس أجنبية", SPY, published_at=DAY + timedelta(days=1)
    )

    assert scope_path(first.path) is None
    document = SearchDocument.objects.get(pk=first.pk)
    assert copy.pk in [pk for pk, _ in related_compute(document=document)]
    assert article_search(query="تجسس", site_root=section.get_parent()).count == 2


def test_scope_follows_the_sites_as_they_are_added_and_removed(titles, second_home):
    first = titles["first"]
    assert scope_path(first.path) == first.get_parent().get_parent().path
    assert scope_path(titles["second"].path) == second_home.path

    Site.objects.filter(root_page=second_home).delete()

    assert scope_path(first.path) is None
