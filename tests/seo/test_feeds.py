"""RSS 2.0 and Atom feeds as a feed reader and an aggregator see them."""

import xml.etree.ElementTree as ET
from datetime import timedelta
from email.utils import parsedate_to_datetime

import feedparser
import pytest
import wagtail_factories
from defusedxml.ElementTree import fromstring as defused_fromstring
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from khabar.seo.models import SeoSettings
from tests.factories.news import ArticlePageFactory, SectionPageFactory
from tests.seo.stories import assert_no_hidden, hidden_stories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
MEDIA = "{http://search.yahoo.com/mrss/}"


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def _check_rss_rules(xml: bytes) -> ET.Element:
    """The RSS 2.0 spec's required elements and formats."""
    root = defused_fromstring(xml)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    assert channel.find(f"{ATOM}link[@rel='self']") is not None
    for item in channel.findall("item"):
        assert item.findtext("title") or item.findtext("description")
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822 or it raises
        enclosures = item.findall("enclosure")
        assert len(enclosures) <= 1
        for enclosure in enclosures:
            assert enclosure.get("url").startswith("http")
            assert enclosure.get("length").isdigit()
            assert enclosure.get("type").startswith("image/")
    return channel


def _check_atom_rules(xml: bytes) -> ET.Element:
    """RFC 4287: ids, titles and updated dates; every entry has an author."""
    feed = defused_fromstring(xml)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), required
    has_feed_author = feed.find(f"{ATOM}author") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        assert has_feed_author or entry.find(f"{ATOM}author") is not None
    return feed


def test_site_rss_feed_carries_a_full_item(client, story):
    response = _get(client, "/feeds/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = _check_rss_rules(response.content)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert parsed.feed.title == "خبر"
    assert parsed.feed.language == "ar"
    (entry,) = parsed.entries
    assert entry.title == "وزراء الخارجية يجتمعون في جنيف"
    assert entry.link == story.get_full_url()
    assert entry.summary == story.lead
    assert entry.id == f"http://localhost/a/{story.pk}/"
    published = parsedate_to_datetime(channel.find("item").findtext("pubDate"))
    assert published == story.published_at.replace(microsecond=0)
    creators = [e.text for e in channel.find("item").findall(f"{DC}creator")]
    assert sorted(creators) == sorted(["سلمى الحلبي", "رامي خوري"])
    assert {t.term for t in entry.tags} == {"سياسة", "جنيف", "دبلوماسية"}
    (enclosure,) = entry.enclosures
    assert enclosure.href == f"http://localhost{story.image.file.url}"
    assert int(enclosure.length) == story.image.file_size > 0
    media = channel.find("item").find(f"{MEDIA}content")
    assert media.get("medium") == "image" and media.get("url").startswith(
        "http://localhost/media/"
    )
    # Title and lead only, unless editors ask for the whole story.
    assert channel.find("item").find(f"{CONTENT}encoded") is None


def test_site_atom_feed(client, story):
    response = _get(client, "/feeds/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = _check_atom_rules(response.content)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    (entry,) = parsed.entries
    assert entry.title == story.title
    assert entry.summary == story.lead
    assert sorted(a.name for a in entry.authors) == sorted(["سلمى الحلبي", "رامي خوري"])
    entry_xml = feed.find(f"{ATOM}entry")
    assert entry_xml.findtext(f"{ATOM}published").startswith(
        story.published_at.strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert entry_xml.findtext(f"{ATOM}updated").startswith(
        story.last_published_at.strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert entry_xml.find(f"{ATOM}link[@rel='enclosure']") is not None


def test_full_content_is_an_editor_option(client, story, section):
    ArticlePageFactory(
        parent=section,
        title="خبر مع رابط",
        body=[
            (
                "paragraph",
                __import__("wagtail.rich_text").rich_text.RichText(
                    '<p>التفاصيل <a href="/politics/">هنا</a>.</p>'
                ),
            )
        ],
    )
    settings = SeoSettings.for_site(Site.objects.get(is_default_site=True))
    settings.feed_full_content = True
    settings.save()
    rss = feedparser.parse(_get(client, "/feeds/rss/").content)
    by_title = {e.title: e for e in rss.entries}
    content = by_title["خبر مع رابط"].content[0].value
    assert "التفاصيل" in content
    assert 'href="http://localhost/politics/"' in content  # absolute for readers
    assert "نص الخبر." in by_title[story.title].content[0].value
    atom = feedparser.parse(_get(client, "/feeds/atom/").content)
    assert (
        "التفاصيل" in {e.title: e for e in atom.entries}["خبر مع رابط"].content[0].value
    )


def test_latest_fifty_newest_first(client, section):
    start = timezone.now() - timedelta(days=10)
    for n in range(53):
        ArticlePageFactory(
            parent=section,
            title=f"قصة {n:02d}",
            published_at=start + timedelta(hours=n),
        )
    entries = feedparser.parse(_get(client, "/feeds/rss/").content).entries
    assert len(entries) == 50
    assert entries[0].title == "قصة 52" and entries[-1].title == "قصة 03"


def test_section_feed_holds_only_its_stories_and_subsections(client, home, section):
    sport = SectionPageFactory(parent=home, title="رياضة", slug="sport")
    syria = SectionPageFactory(parent=section, title="سوريا", slug="syria")
    ArticlePageFactory(parent=section, title="خبر سياسي")
    ArticlePageFactory(parent=syria, title="خبر من دمشق")
    ArticlePageFactory(parent=sport, title="مباراة")
    for kind in ("rss", "atom"):
        parsed = feedparser.parse(
            _get(client, f"/feeds/sections/{section.pk}/{kind}/").content
        )
        assert not parsed.bozo
        assert parsed.feed.title == "خبر – سياسة"
        assert {e.title for e in parsed.entries} == {"خبر سياسي", "خبر من دمشق"}
    by_title = {
        e.title: e
        for e in feedparser.parse(
            _get(client, f"/feeds/sections/{section.pk}/rss/").content
        ).entries
    }
    assert {t.term for t in by_title["خبر من دمشق"].tags} == {"سوريا"}


def test_section_feed_of_unknown_or_hidden_section_is_404(client, home, section):
    hidden = SectionPageFactory(parent=home, title="قسم مخفي", live=False)
    for pk in (hidden.pk, home.pk, 987654):
        assert client.get(f"/feeds/sections/{pk}/rss/").status_code == 404


def test_feeds_never_show_hidden_stories(client, story, section):
    hidden = hidden_stories(section)
    urls = ["/feeds/rss/", "/feeds/atom/", f"/feeds/sections/{section.pk}/rss/"]
    settings = SeoSettings.for_site(Site.objects.get(is_default_site=True))
    settings.feed_full_content = True
    settings.save()
    for url in urls:
        body = _get(client, url).content.decode()
        assert_no_hidden(body)
        assert f"/a/{hidden['draft'].pk}/" not in body
        assert story.title in body


def _feed_queries(client, url):
    client.get(url)  # first request makes the image renditions
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


def test_feed_queries_do_not_grow_with_the_number_of_stories(client, section):
    from tests.seo.stories import rich_story

    rich_story(section, slug="one")
    few = _feed_queries(client, "/feeds/rss/"), _feed_queries(client, "/feeds/atom/")
    for n in range(6):
        story = rich_story(section, slug=f"s{n}", title=f"قصة {n}")
        story.image = wagtail_factories.ImageFactory()
        story.save_revision().publish()
    many = _feed_queries(client, "/feeds/rss/"), _feed_queries(client, "/feeds/atom/")
    assert many == few
