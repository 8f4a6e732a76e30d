"""What a reader sees on home, section and article pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from khabar.news.models import ArticlePage
from khabar.news.services import breaking_create, breaking_expire
from tests.conftest import OTHER_HOST
from tests.factories.news import ArticlePageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


def test_home_lists_sections_and_latest(client, home, section):
    ArticlePageFactory(parent=section, title="خبر في السياسة")
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "خبر في السياسة" in html
    assert ">سياسة</a>" in html


def test_each_site_home_shows_only_its_own_stories(client, section, second_home):
    """Two titles on one installation: neither home page leads with, or lists
    as latest, the other's stories."""
    other_section = SectionPageFactory(parent=second_home, title="رياضة", slug="sport")
    ArticlePageFactory(parent=section, title="خبر الصحيفة الأولى")
    ArticlePageFactory(parent=other_section, title="خبر الصحيفة الثانية")

    first = client.get("/").content.decode()
    second = client.get("/", HTTP_HOST=OTHER_HOST).content.decode()

    assert "خبر الصحيفة الأولى" in first
    assert "خبر الصحيفة الثانية" not in first
    assert "خبر الصحيفة الثانية" in second
    assert "خبر الصحيفة الأولى" not in second


def test_section_is_paginated_newest_first(client, section):
    base = timezone.now() - timedelta(days=60)
    for n in range(25):
        ArticlePageFactory(
            parent=section, title=f"قصة {n:02d}", published_at=base + timedelta(days=n)
        )
    first = client.get(section.url).content.decode()
    assert first.index("قصة 24") < first.index("قصة 23")
    assert "قصة 04" not in first
    second = client.get(section.url + "?page=2").content.decode()
    assert "قصة 04" in second and "قصة 00" in second
    assert "قصة 24" not in second
    # A nonsense page number shows the first page, one past the end the last.
    nonsense = client.get(section.url + "?page=abc")
    assert nonsense.status_code == 200 and "قصة 24" in nonsense.content.decode()
    assert "قصة 00" in client.get(section.url + "?page=99").content.decode()
    assert "قصة 24" in client.get(section.url + "?page=-3").content.decode()


def test_nested_sections_breadcrumbs(client, home, section):
    child = SectionPageFactory(parent=section, title="سوريا", slug="syria")
    article = ArticlePageFactory(parent=child, title="خبر من دمشق")
    html = client.get(article.url).content.decode()
    crumbs = html[
        html.index('class="breadcrumbs"') : html.index(
            "</nav>", html.index('class="breadcrumbs"')
        )
    ]
    assert crumbs.index("الرئيسية") < crumbs.index("سياسة") < crumbs.index("سوريا")
    assert "خبر من دمشق" in crumbs
    # Section pages list their subsections' stories too.
    assert "خبر من دمشق" in client.get(section.url).content.decode()


def test_drafts_are_never_visible(client, home, section):
    live = ArticlePageFactory(parent=section, title="خبر منشور")
    draft = ArticlePageFactory(parent=section, title="مسودة سرية", live=False)
    assert client.get(draft.url or f"/politics/{draft.slug}/").status_code == 404
    for url in ("/", section.url, live.url):
        assert "مسودة سرية" not in client.get(url).content.decode()
    assert client.get(f"/a/{draft.pk}/").status_code == 404


def test_unpublished_article_disappears(client, section):
    article = ArticlePageFactory(parent=section, title="خبر سيُسحب")
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(f"/politics/{article.slug}/").status_code == 404
    assert "خبر سيُسحب" not in client.get(section.url).content.decode()


def test_short_url_redirects_to_canonical(client, section):
    article = ArticlePageFactory(parent=section, title="رابط قصير", slug="قصة-عربية")
    response = client.get(f"/a/{article.pk}/")
    assert response.status_code == 301
    assert (
        response["Location"]
        == "/politics/%D9%82%D8%B5%D8%A9-%D8%B9%D8%B1%D8%A8%D9%8A%D8%A9/"
    )
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/a/999999/").status_code == 404


def test_arabic_unicode_slug_is_served(client, section):
    article = ArticlePageFactory(
        parent=section, title="عنوان", slug="استخبارات-أوروبية"
    )
    assert client.get(article.url).status_code == 200


def test_see_also_is_same_section_excluding_itself(client, home, section):
    other_section = SectionPageFactory(parent=home, title="رياضة", slug="sport")
    article = ArticlePageFactory(parent=section, title="الخبر الأصلي")
    ArticlePageFactory(parent=section, title="خبر سياسي آخر")
    ArticlePageFactory(parent=other_section, title="مباراة كرة")
    ArticlePageFactory(parent=section, title="مسودة سياسية", live=False)
    html = client.get(article.url).content.decode()
    see_also = html[html.index("شاهد أيضاً") :]
    assert "خبر سياسي آخر" in see_also
    assert "الخبر الأصلي" not in see_also
    assert "مباراة كرة" not in see_also
    assert "مسودة سياسية" not in see_also


def test_ticker_shows_active_items_newest_first_and_expires(client, section):
    article = ArticlePageFactory(parent=section, title="خبر عاجل")
    assert 'class="ticker"' not in client.get("/").content.decode()
    old = breaking_create(headline="عاجل قديم", article=article)
    old.starts_at = timezone.now() - timedelta(minutes=5)
    old.save()
    breaking_create(headline="عاجل جديد", duration=timedelta(minutes=30))
    html = client.get(section.url).content.decode()
    assert 'class="ticker"' in html
    assert html.index("عاجل جديد") < html.index("عاجل قديم")
    breaking_expire(item=old)
    html = client.get("/").content.decode()
    assert "عاجل قديم" not in html and "عاجل جديد" in html


def test_ticker_hides_items_whose_article_is_not_live(client, section):
    article = ArticlePageFactory(parent=section, title="سيُسحب")
    breaking_create(headline="عاجل عن خبر مسحوب", article=article)
    article.unpublish()
    assert "عاجل عن خبر مسحوب" not in client.get("/").content.decode()


def test_ticker_item_expired_by_time(client, section):
    item = breaking_create(headline="عاجل منتهٍ", duration=timedelta(minutes=1))
    item.expires_at = timezone.now() - timedelta(seconds=1)
    item.save()
    assert 'class="ticker"' not in client.get("/").content.decode()


def test_arabic_404_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "الصفحة غير موجودة" in html
    assert 'dir="rtl"' in html


def test_500_page_is_arabic_and_needs_no_database():
    from django.test import RequestFactory

    from khabar.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "حدث خطأ" in response.content.decode()


def test_articles_live_only_in_sections(home, section):
    assert not ArticlePage.can_create_at(home)
    assert ArticlePage.can_create_at(section)


def test_database_outage_gives_an_arabic_503(client, home, monkeypatch):
    """While the database is unreachable a reader gets 503 + Retry-After, not 500."""
    from django.db import OperationalError

    from khabar.news.models import HomePage

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(HomePage, "serve", unreachable)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "غير متاح للحظات" in response.content.decode()


def test_absurd_ids_are_404_not_500(client, home):
    assert client.get("/a/40296550406561316864/").status_code == 404
    assert client.get("/a/999999999999999999/").status_code == 404


def test_section_count_is_capped(section, monkeypatch):
    """A huge section counts at most SECTION_MAX_PAGES pages, not every story."""
    from khabar.news import models as news_models

    monkeypatch.setattr(news_models, "SECTION_MAX_PAGES", 2)
    monkeypatch.setattr(news_models, "SECTION_PAGE_SIZE", 2)
    for n in range(7):
        ArticlePageFactory(parent=section, title=f"قصة {n}")
    paginator = news_models.CappedPaginator(
        ArticlePage.objects.live().child_of(section), 2
    )
    assert paginator.count == 4
    assert paginator.num_pages == 2


def test_article_lookup_survives_ids_no_database_can_store(home):
    from khabar.news.selectors import article_get_published

    assert article_get_published(pk=40296550406561316864) is None
    assert article_get_published(pk=-1) is None
