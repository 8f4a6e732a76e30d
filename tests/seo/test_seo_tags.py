"""Meta, OpenGraph, Twitter and JSON-LD in page heads match what readers see."""

import json
import re
from datetime import datetime
from html import unescape
from html.parser import HTMLParser

import pytest

from khabar.core.models import SiteSettings

pytestmark = pytest.mark.django_db


class HeadParser(HTMLParser):
    """Collects <meta>, <link> and JSON-LD blocks, and the visible h1/time/byline."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self.times, self.authors = (
            {},
            [],
            [],
            [],
            [],
        )
        self.h1 = ""
        self._capture = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._capture = "jsonld"
            self.jsonld.append("")
        elif tag == "h1":
            self._capture = "h1"
        elif tag == "time" and "datetime" in attrs:
            self.times.append(attrs["datetime"])
        elif tag == "span" and attrs.get("class") == "byline__author":
            self._capture = "author"
            self.authors.append("")

    def handle_endtag(self, tag):
        if tag in ("script", "h1", "span"):
            self._capture = None

    def handle_data(self, data):
        if self._capture == "jsonld":
            self.jsonld[-1] += data
        elif self._capture == "h1":
            self.h1 += data
        elif self._capture == "author":
            self.authors[-1] += data

    def first(self, key):
        return self.meta[key][0]

    def structured(self, kind):
        found = [d for d in map(json.loads, self.jsonld) if d["@type"] == kind]
        assert len(found) == 1, kind
        return found[0]


def _parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def test_article_structured_data_matches_the_visible_page(client, story):
    head = _parse(client, story.url)
    article = head.structured("NewsArticle")
    canonical = f"http://localhost{story.url}"
    assert article["headline"] == head.h1.strip() == story.title
    assert article["description"] == story.lead
    assert article["inLanguage"] == "ar"
    assert article["articleSection"] == "سياسة"
    assert article["mainEntityOfPage"]["@id"] == canonical
    assert [a["name"] for a in article["author"]] == head.authors
    assert set(head.authors) == {"سلمى الحلبي", "رامي خوري"}
    # The dates are the ones shown in <time datetime="…">.
    published = datetime.fromisoformat(article["datePublished"])
    modified = datetime.fromisoformat(article["dateModified"])
    assert published == datetime.fromisoformat(head.times[0])
    assert modified == datetime.fromisoformat(head.times[1])
    assert published == story.published_at and modified == story.last_published_at
    assert article["publisher"]["name"] == "خبر"
    assert len(article["image"]) == 3
    assert all(
        url.startswith("http://localhost/media/images/") for url in article["image"]
    )
    assert "جنيف" in article["keywords"]


def test_article_breadcrumbs_match_the_visible_trail(client, home, section):
    from tests.factories.news import SectionPageFactory
    from tests.seo.stories import rich_story

    child = SectionPageFactory(parent=section, title="سوريا", slug="syria")
    story = rich_story(child)
    html = client.get(story.url).content.decode()
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    visible = [unescape(t) for t in re.findall(r">([^<>]+)</(?:a|span)>", trail)]
    head = HeadParser()
    head.feed(html)
    crumbs = head.structured("BreadcrumbList")["itemListElement"]
    assert (
        [c["name"] for c in crumbs]
        == visible
        == ["الرئيسية", "سياسة", "سوريا", story.title]
    )
    assert [c["position"] for c in crumbs] == [1, 2, 3, 4]
    assert crumbs[0]["item"] == "http://localhost/"
    assert crumbs[2]["item"] == "http://localhost/politics/syria/"


def test_publisher_logo_comes_from_site_settings(client, story):
    import wagtail_factories
    from wagtail.models import Site

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.logo = wagtail_factories.ImageFactory(title="الشعار")
    settings.save()
    logo = _parse(client, story.url).structured("NewsArticle")["publisher"]["logo"]
    assert logo["@type"] == "ImageObject"
    assert logo["url"].startswith("http://localhost/media/images/")


def test_opengraph_twitter_and_canonical_on_an_article(client, story):
    head = _parse(client, story.url)
    canonical = f"http://localhost{story.url}"
    assert [link["href"] for link in head.links if link.get("rel") == "canonical"] == [
        canonical
    ]
    assert head.first("og:type") == "article"
    assert head.first("og:title") == story.title
    assert head.first("og:url") == canonical
    assert head.first("og:description") == story.lead
    assert head.first("description") == story.lead
    assert head.first("og:locale") == "ar_AR"
    assert head.first("og:image").startswith("http://localhost/media/images/")
    assert head.first("og:image:alt") == "قاعة الاجتماع"
    assert head.first("article:section") == "سياسة"
    assert sorted(head.meta["article:tag"]) == sorted(["جنيف", "دبلوماسية"])
    assert head.first("twitter:card") == "summary_large_image"
    assert head.first("twitter:title") == story.title
    assert head.first("twitter:image") == head.first("og:image")


def test_search_description_is_not_written_twice(client, story):
    story.search_description = "وصف لمحركات البحث"
    story.save_revision().publish()
    head = _parse(client, story.url)
    assert head.meta["description"] == ["وصف لمحركات البحث"]
    assert head.first("og:description") == "وصف لمحركات البحث"


def test_twitter_site_handle_from_follow_links(client, story):
    from wagtail.models import Site

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.x_url = "https://x.com/khabar_news"
    settings.save()
    assert _parse(client, story.url).first("twitter:site") == "@khabar_news"


def test_home_page_declares_website_with_search_action(client, home):
    head = _parse(client, "/")
    website = head.structured("WebSite")
    assert website["url"] == "http://localhost/"
    assert website["inLanguage"] == "ar"
    target = website["potentialAction"]["target"]["urlTemplate"]
    assert target == "http://localhost/search/?q={search_term_string}"
    assert head.first("og:type") == "website"
    assert head.first("twitter:card") == "summary"
    assert not [d for d in head.jsonld if "NewsArticle" in d]


def test_section_pages_have_a_canonical_per_listing_page(client, section):
    head = _parse(client, section.url + "?page=2")
    canonical = [link["href"] for link in head.links if link.get("rel") == "canonical"]
    assert canonical == [f"http://localhost{section.url}?page=2"]
    assert head.structured("BreadcrumbList")["itemListElement"][-1]["name"] == "سياسة"


def _feed_links(head):
    return {
        (link["type"], link["href"])
        for link in head.links
        if link.get("rel") == "alternate"
    }


def test_every_page_advertises_feeds(client, story, section):
    site_feeds = {
        ("application/rss+xml", "/feeds/rss/"),
        ("application/atom+xml", "/feeds/atom/"),
    }
    section_feeds = {
        ("application/rss+xml", f"/feeds/sections/{section.pk}/rss/"),
        ("application/atom+xml", f"/feeds/sections/{section.pk}/atom/"),
    }
    assert _feed_links(_parse(client, "/")) == site_feeds
    assert _feed_links(_parse(client, section.url)) == site_feeds | section_feeds
    assert _feed_links(_parse(client, story.url)) == site_feeds | section_feeds
    # The links lead to feeds.
    for _, href in site_feeds | section_feeds:
        assert client.get(href).status_code == 200


def test_views_without_a_page_still_advertise_feeds_and_no_canonical(rf, home):
    from django.template import Context, Template

    request = rf.get("/search/?q=x")
    html = Template("{% load seo_tags %}{% seo_head %}").render(
        Context({"request": request})
    )
    head = HeadParser()
    head.feed(html)
    assert _feed_links(head) == {
        ("application/rss+xml", "/feeds/rss/"),
        ("application/atom+xml", "/feeds/atom/"),
    }
    assert not [link for link in head.links if link.get("rel") == "canonical"]
    assert head.jsonld == []
