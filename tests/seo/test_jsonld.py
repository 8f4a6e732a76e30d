"""The pure JSON-LD builders: no database, no Django settings."""

import json
from datetime import UTC, datetime, timedelta, timezone

from khabar.seo import jsonld

PUBLISHED = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def _article(**overrides):
    values = {
        "headline": "عنوان الخبر",
        "url": "https://news.example/politics/story/",
        "description": "مقدمة الخبر.",
        "date_published": PUBLISHED,
        "date_modified": PUBLISHED + timedelta(hours=2),
        "authors": [jsonld.person("سلمى")],
        "publisher": jsonld.organization(
            "خبر", "https://news.example/", "https://news.example/logo.png"
        ),
        "images": ["https://news.example/media/a.jpg"],
        "section": "سياسة",
        "keywords": ["سوريا", "جنيف"],
    }
    values.update(overrides)
    return jsonld.news_article(**values)


def test_news_article_has_every_property_google_reads():
    data = _article()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "عنوان الخبر"
    assert data["description"] == "مقدمة الخبر."
    assert data["datePublished"] == "2024-05-01T09:00:00+00:00"
    assert data["dateModified"] == "2024-05-01T11:00:00+00:00"
    assert data["author"] == [{"@type": "Person", "name": "سلمى"}]
    assert data["publisher"]["logo"] == {
        "@type": "ImageObject",
        "url": "https://news.example/logo.png",
    }
    assert data["image"] == ["https://news.example/media/a.jpg"]
    assert data["articleSection"] == "سياسة"
    assert data["inLanguage"] == "ar"
    assert data["keywords"] == "سوريا, جنيف"
    assert data["mainEntityOfPage"] == {
        "@type": "WebPage",
        "@id": "https://news.example/politics/story/",
    }


def test_dates_keep_their_offset():
    damascus = timezone(timedelta(hours=3))
    data = _article(date_published=PUBLISHED.astimezone(damascus), date_modified=None)
    assert data["datePublished"] == "2024-05-01T12:00:00+03:00"
    # Missing modification date: the publication date stands in.
    assert data["dateModified"] == data["datePublished"]


def test_publisher_is_the_author_when_nobody_is_named_and_empty_values_vanish():
    data = _article(authors=[], images=[], section=None, keywords=[])
    assert data["author"] == [data["publisher"]]
    for key in ("image", "articleSection", "keywords"):
        assert key not in data


def test_breadcrumb_positions_follow_the_trail():
    data = jsonld.breadcrumb_list(
        [
            ("الرئيسية", "https://news.example/"),
            ("سياسة", "https://news.example/p/"),
            ("عنوان", None),
        ]
    )
    assert data["@type"] == "BreadcrumbList"
    items = data["itemListElement"]
    assert [(i["position"], i["name"]) for i in items] == [
        (1, "الرئيسية"),
        (2, "سياسة"),
        (3, "عنوان"),
    ]
    assert items[1]["item"] == "https://news.example/p/"
    assert "item" not in items[2]


def test_website_search_action_points_at_the_search_page():
    data = jsonld.website(
        name="خبر",
        url="https://news.example/",
        search_url="https://news.example/search/",
    )
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == (
        "https://news.example/search/?q={search_term_string}"
    )
    assert action["query-input"] == "required name=search_term_string"


def test_script_output_cannot_close_the_script_element_and_stays_arabic():
    data = _article(headline="</script><script>alert(1)</script> خبر & تحليل")
    text = jsonld.to_script(data)
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert "خبر" in text
    assert (
        json.loads(text)["headline"] == "</script><script>alert(1)</script> خبر & تحليل"
    )
