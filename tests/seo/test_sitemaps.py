"""sitemap.xml (index and paginated children), the Google News sitemap, robots.txt."""

from datetime import timedelta

import pytest
from defusedxml.ElementTree import fromstring
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from khabar.news.services import article_set_dates
from khabar.seo.models import SeoSettings
from khabar.seo.purge import seo_urls_for_page
from khabar.seo.sitemaps import ArticleSitemap
from tests.factories.news import ArticlePageFactory, SectionPageFactory
from tests.seo.stories import assert_no_hidden, hidden_stories

pytestmark = pytest.mark.django_db

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return fromstring(response.content)


def _locs(root, tag="url"):
    return [el.findtext(f"{SM}loc") for el in root.findall(f"{SM}{tag}")]


def _path(url):
    return url.removeprefix("http://testserver")


def _site_settings():
    return SeoSettings.for_site(Site.objects.get(is_default_site=True))


def test_index_lists_child_sitemaps_that_list_every_public_page(client, home, section):
    old = ArticlePageFactory(parent=section, title="قديم")
    article_set_dates(
        article=old,
        published_at=timezone.now() - timedelta(days=400),
        updated_at=timezone.now() - timedelta(days=300),
    )
    new = ArticlePageFactory(parent=section, title="جديد")
    index = _xml(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    children = _locs(index, "sitemap")
    assert children == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-articles.xml",
    ]
    pages = _locs(_xml(client, "/sitemap-pages.xml"))
    assert pages == [home.get_full_url(), section.get_full_url()]
    articles = _xml(client, "/sitemap-articles.xml")
    by_loc = {
        el.findtext(f"{SM}loc"): el.findtext(f"{SM}lastmod")
        for el in articles.findall(f"{SM}url")
    }
    assert set(by_loc) == {old.get_full_url(), new.get_full_url()}
    # lastmod is the real date of the last publication, not "now".
    old.refresh_from_db()
    assert by_loc[old.get_full_url()].startswith(
        timezone.localtime(old.last_published_at).strftime("%Y-%m-%d")
    )


def test_section_lastmod_follows_its_newest_story(client, home, section):
    syria = SectionPageFactory(parent=section, title="سوريا", slug="syria")
    story = ArticlePageFactory(parent=syria)
    when = timezone.now() + timedelta(days=3)
    article_set_dates(article=story, published_at=when)
    dates = {
        el.findtext(f"{SM}loc"): el.findtext(f"{SM}lastmod")
        for el in _xml(client, "/sitemap-pages.xml").findall(f"{SM}url")
    }
    day = timezone.localtime(when).strftime("%Y-%m-%d")
    assert dates[section.get_full_url()].startswith(day)
    assert dates[syria.get_full_url()].startswith(day)
    assert dates[home.get_full_url()].startswith(day)


def test_child_sitemaps_paginate_past_their_limit(client, section, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    stories = [ArticlePageFactory(parent=section) for _ in range(7)]
    children = _locs(_xml(client, "/sitemap.xml"), "sitemap")
    assert children[1:] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    seen = []
    for child in children[1:]:
        seen += _locs(_xml(client, _path(child)))
    assert seen == [s.get_full_url() for s in stories]  # each once, stable order
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_sitemap_queries_do_not_grow_with_articles(client, section):
    ArticlePageFactory(parent=section)

    def count():
        with CaptureQueriesContext(connection) as queries:
            for url in ("/sitemap.xml", "/sitemap-pages.xml", "/sitemap-articles.xml"):
                client.get(url)
        return len(queries)

    count()  # warm Wagtail's site-root cache
    few = count()
    for _ in range(10):
        ArticlePageFactory(parent=section)
    assert count() == few


def test_news_sitemap_has_only_the_last_48_hours(client, section):
    now = timezone.now()
    fresh = ArticlePageFactory(parent=section, title="خبر اليوم")
    article_set_dates(article=fresh, published_at=now - timedelta(hours=5))
    old = ArticlePageFactory(parent=section, title="خبر الأسبوع الماضي")
    article_set_dates(article=old, published_at=now - timedelta(hours=49))
    root = _xml(client, "/sitemap-news.xml")
    (url,) = root.findall(f"{SM}url")
    assert url.findtext(f"{SM}loc") == fresh.get_full_url()
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "خبر"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "ar"
    assert news.findtext(f"{NEWS}title") == "خبر اليوم"
    date = news.findtext(f"{NEWS}publication_date")
    from datetime import datetime

    assert datetime.fromisoformat(date) == fresh.published_at


def test_news_publication_name_is_configurable(client, section):
    ArticlePageFactory(parent=section, published_at=timezone.now() - timedelta(hours=1))
    settings = _site_settings()
    settings.news_publication_name = "خبر اليوم"
    settings.save()
    root = _xml(client, "/sitemap-news.xml")
    assert root.findtext(f".//{NEWS}name") == "خبر اليوم"


def test_sitemaps_never_list_hidden_stories(client, section):
    public = ArticlePageFactory(
        parent=section, title="علني", published_at=timezone.now()
    )
    hidden = hidden_stories(section)
    for item in hidden.values():
        if item.live:
            article_set_dates(article=item, published_at=timezone.now())
    bodies = [
        client.get(url).content.decode()
        for url in (
            "/sitemap.xml",
            "/sitemap-pages.xml",
            "/sitemap-articles.xml",
            "/sitemap-news.xml",
        )
    ]
    text = "\n".join(bodies)
    assert public.get_full_url() in bodies[2] and public.get_full_url() in bodies[3]
    assert_no_hidden(text)
    for key in ("draft", "scheduled", "private"):
        assert f"/{hidden[key].slug}/" not in text, key
    # The login-only subsection is not listed either: only home and the section.
    pages = _locs(fromstring(bodies[1].encode()))
    assert pages == [section.get_parent().get_full_url(), section.get_full_url()]


def test_robots_points_at_both_sitemaps(client, home):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Sitemap: http://localhost/sitemap-news.xml" in lines
    assert "User-agent: *" in lines
    assert "Disallow: /" not in lines
    assert "Disallow: /api/" in lines


def test_robots_is_configurable(client, home, settings):
    seo = _site_settings()
    seo.robots_extra = "User-agent: GPTBot\r\nDisallow: /"
    seo.save()
    lines = client.get("/robots.txt").content.decode().splitlines()
    extra = lines.index("User-agent: GPTBot")
    assert lines[extra + 1] == "Disallow: /"
    assert lines.count("Disallow: /") == 1  # only the bot named in the extra lines
    seo.robots_disallow_all = True
    seo.save()
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert lines.count("Disallow: /") == 2 and "Allow: /" not in lines
    seo.robots_disallow_all = False
    seo.save()
    settings.KHABAR_ROBOTS_DISALLOW_ALL = True  # staging, from the environment
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Allow: /" not in lines and "Disallow: /" in lines


def test_seo_urls_for_page_name_every_feed_and_sitemap_showing_it(
    client, home, section
):
    syria = SectionPageFactory(parent=section, title="سوريا", slug="syria")
    story = ArticlePageFactory(parent=syria, published_at=timezone.now())
    urls = seo_urls_for_page(story)
    assert urls == [
        "/feeds/rss/",
        "/feeds/atom/",
        f"/feeds/sections/{section.pk}/rss/",
        f"/feeds/sections/{section.pk}/atom/",
        f"/feeds/sections/{syria.pk}/rss/",
        f"/feeds/sections/{syria.pk}/atom/",
        "/sitemap.xml",
        "/sitemap-pages.xml",
        "/sitemap-articles.xml?p=1",
        "/sitemap-news.xml",
    ]
    # Each of them really shows the story.
    for url in urls:
        body = client.get(url).content.decode()
        if url not in ("/sitemap.xml", "/sitemap-pages.xml"):
            assert story.slug in body, url
    assert seo_urls_for_page(home) == []
