"""Memoised per-request lookups (khabar/core/sites.py): pages are served with no
site, settings or restriction queries, and never from a stale memo.

The page cache is off here (the benchmark's "cold" setting: every request runs
Django), so what a reader sees comes from the memos and fragments alone.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from khabar.core.models import SiteSettings
from tests.factories.news import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(home, section):
    SiteSettings.for_site(home.get_site())
    return ArticlePageFactory(parent=section, title="خبر عن الانتخابات")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_repeat_views_make_no_site_settings_or_restriction_queries(
    fragments_only, client, story, home
):
    for url in (home.url, story.url):
        client.get(url)
        sql = " ".join(queries(client, url))
        assert "wagtailcore_site" not in sql, url
        assert "core_sitesettings" not in sql, url
        assert "wagtailcore_pageviewrestriction" not in sql, url
    # The home page is memoised with its site and every block is a fragment.
    assert queries(client, home.url) == []


def test_renamed_site_shows_its_new_name_at_once(fragments_only, client, story):
    client.get(story.url)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "أخبار الشام"
    site.save()
    assert "أخبار الشام" in client.get(story.url).content.decode()


def test_published_home_page_is_served_fresh(fragments_only, client, home, publish):
    client.get(home.url)
    home.intro = "مقدمة جديدة"
    home.title = "الصفحة الأولى الجديدة"
    home.save_revision().publish()
    assert "الصفحة الأولى الجديدة" in client.get(home.url).content.decode()


@pytest.mark.parametrize("on", ["story", "section"])
def test_restricting_a_page_takes_effect_on_the_next_view(
    fragments_only, client, story, section, on
):
    assert client.get(story.url).status_code == 200
    target = story if on == "story" else section
    restriction = PageViewRestriction.objects.create(
        page=target, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(story.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    restriction.delete()
    assert client.get(story.url).status_code == 200


def test_restricting_a_page_purges_its_stored_copy(cached, client, story):
    assert client.get(story.url).status_code == 200
    assert client.get(story.url)["X-Khabar-Cache"] == "HIT"
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.LOGIN
    )
    assert client.get(story.url).status_code == 302


def test_routing_finds_nested_pages_and_only_real_paths(fragments_only, client, home):
    world = SectionPageFactory(parent=home, title="العالم", slug="world")
    asia = SectionPageFactory(parent=world, title="آسيا", slug="asia")
    deep = ArticlePageFactory(parent=asia, title="خبر من آسيا", slug="asia-story")
    other = SectionPageFactory(parent=home, title="اقتصاد", slug="economy")
    assert client.get("/world/asia/asia-story/").status_code == 200
    assert "خبر من آسيا" in client.get(deep.url).content.decode()
    # The right slugs in the wrong places are not a page.
    assert client.get("/economy/asia/asia-story/").status_code == 404
    assert client.get("/world/asia-story/").status_code == 404
    assert client.get("/asia/asia-story/").status_code == 404
    assert client.get("/world/asia/asia-story/extra/").status_code == 404
    deep.unpublish()
    assert client.get("/world/asia/asia-story/").status_code == 404
    assert other.url == "/economy/"
