"""The headless API as a client app sees it: fields, filters, order, pages."""

from datetime import timedelta

import pytest
import wagtail_factories
from django.utils import timezone

from khabar.news.services import article_set_dates, breaking_create
from tests.factories.news import ArticlePageFactory, AuthorFactory, SectionPageFactory
from tests.seo.stories import assert_no_hidden, hidden_stories

pytestmark = pytest.mark.django_db


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def test_article_listing_carries_what_editors_expect(client, story):
    data = _get(client, "/api/v2/articles/")
    assert data["meta"]["total_count"] == 1
    (item,) = data["items"]
    assert item["title"] == story.title
    assert item["lead"] == story.lead
    assert item["meta"]["html_url"] == story.get_full_url()
    assert item["section"]["title"] == "سياسة"
    assert sorted(item["tags"]) == ["جنيف", "دبلوماسية"]
    assert {a["name"] for a in item["authors"]} == {"سلمى الحلبي", "رامي خوري"}
    assert item["source"]["name"] == "وكالة الأنباء"
    renditions = item["image"]["renditions"]
    assert set(renditions) == {"thumbnail", "medium", "large"}
    assert renditions["thumbnail"]["url"].startswith("http://localhost/media/images/")
    assert item["published_at"].startswith(
        timezone.localtime(story.published_at).strftime("%Y-%m-%dT%H:%M")
    )


def test_article_detail_has_body_as_blocks_and_html(client, story):
    data = _get(client, f"/api/v2/articles/{story.pk}/")
    assert data["body"][0]["type"] == "paragraph"
    assert data["body"][0]["value"] == "<p>نص الخبر.</p>"
    assert "<p>نص الخبر.</p>" in data["body_html"]
    assert data["short_url"] == f"http://localhost/a/{story.pk}/"
    assert data["last_published_at"] is not None
    assert data["image_caption"] == "قاعة الاجتماع"


def test_filters_by_section_tag_author_and_date(client, home, section):
    syria = SectionPageFactory(parent=section, title="سوريا", slug="syria")
    sport = SectionPageFactory(parent=home, title="رياضة", slug="sport")
    writer = AuthorFactory(name="ليلى", slug="layla")
    now = timezone.now()
    a = ArticlePageFactory(
        parent=section, title="أ", published_at=now - timedelta(days=3)
    )
    b = ArticlePageFactory(
        parent=syria, title="ب", published_at=now - timedelta(days=2)
    )
    c = ArticlePageFactory(
        parent=sport, title="ج", published_at=now - timedelta(days=1)
    )
    b.authors.set([writer])
    b.tags.add("دمشق", "اقتصاد")
    b.save_revision().publish()
    c.tags.add("اقتصاد")
    c.save_revision().publish()
    for article, when in ((a, 3), (b, 2), (c, 1)):
        article_set_dates(article=article, published_at=now - timedelta(days=when))

    def titles(query):
        return [i["title"] for i in _get(client, f"/api/v2/articles/?{query}")["items"]]

    assert titles("") == ["ج", "ب", "أ"]
    assert titles(f"section={section.pk}") == ["ب", "أ"]
    assert titles(f"section={syria.pk}") == ["ب"]
    assert titles("tag=اقتصاد") == ["ج", "ب"]
    assert titles("tag=اقتصاد,دمشق") == ["ب"]
    assert titles(f"author={writer.pk}") == titles("author=layla") == ["ب"]
    # A bare day in a query is a day on the site's clock (Asia/Damascus by
    # default), not in UTC: near midnight UTC the two differ.
    day = timezone.localdate(now - timedelta(days=2)).isoformat()
    assert titles(f"published_after={day}&published_before={day}") == ["ب"]
    assert titles("order=published_at") == ["أ", "ب", "ج"]
    assert titles("order=title") == ["أ", "ب", "ج"]
    assert titles("section=999999") == []


def test_pagination_is_stable_and_bounded(client, section):
    same_time = timezone.now() - timedelta(hours=1)
    for n in range(7):
        ArticlePageFactory(parent=section, title=f"خبر {n}", published_at=same_time)
    seen = []
    for offset in range(0, 7, 3):
        data = _get(client, f"/api/v2/articles/?limit=3&offset={offset}")
        assert data["meta"]["total_count"] == 7
        seen += [item["id"] for item in data["items"]]
    assert len(seen) == len(set(seen)) == 7  # equal dates: still no overlap
    assert len(_get(client, "/api/v2/articles/")["items"]) == 7
    for bad in ("limit=101", "limit=-1", "offset=x", "offset=99999999999999999999"):
        assert "message" in _get(client, f"/api/v2/articles/?{bad}", status=400)
    assert _get(client, "/api/v2/articles/?order=secret", status=400)
    assert _get(client, "/api/v2/articles/?title=x", status=400)
    assert _get(client, "/api/v2/articles/?published_after=yesterday", status=400)


def test_sections_authors_images_and_ticker(client, home, section, story):
    sections = _get(client, "/api/v2/sections/")["items"]
    assert [s["title"] for s in sections] == ["سياسة"]
    AuthorFactory(name="كاتب بلا مقالات منشورة")
    authors = {a["name"] for a in _get(client, "/api/v2/authors/")["items"]}
    assert authors == {"سلمى الحلبي", "رامي خوري"}
    wagtail_factories.ImageFactory(title="صورة غير مستخدمة")
    images = _get(client, "/api/v2/images/")["items"]
    assert [i["title"] for i in images] == ["صورة الخبر"]
    assert set(images[0]["renditions"]) == {"thumbnail", "medium", "large"}
    assert _get(client, "/api/ticker/") == {"items": []}
    breaking_create(headline="عاجل: اتفاق", article=story)
    (item,) = _get(client, "/api/ticker/")["items"]
    assert item["headline"] == "عاجل: اتفاق"
    assert item["url"] == story.get_full_url()
    assert item["article_id"] == story.pk


def test_api_never_shows_hidden_stories(client, section, story):
    hidden = hidden_stories(section)
    image = wagtail_factories.ImageFactory(title="مسودة-سرية صورة")
    hidden["draft"].image = image
    hidden["draft"].save_revision()
    author = AuthorFactory(name="مسودة-سرية كاتب")
    hidden["draft"].authors.set([author])
    hidden["draft"].save()
    breaking_create(headline="عاجل مسودة-سرية", article=hidden["draft"])
    urls = [
        "/api/v2/articles/?limit=100",
        "/api/v2/articles/?limit=100&fields=*",
        "/api/v2/sections/",
        "/api/v2/authors/",
        "/api/v2/images/",
        "/api/ticker/",
        f"/api/v2/articles/{hidden['edited'].pk}/",
    ]
    for url in urls:
        assert_no_hidden(client.get(url).content.decode())
    for key in ("draft", "scheduled", "private"):
        assert client.get(f"/api/v2/articles/{hidden[key].pk}/").status_code == 404


def test_cors_is_off_by_default_and_only_for_the_api(client, settings, story):
    origin = {"HTTP_ORIGIN": "https://app.example"}
    response = client.get("/api/v2/articles/", **origin)
    assert "Access-Control-Allow-Origin" not in response
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    response = client.get("/api/v2/articles/", **origin)
    assert response["Access-Control-Allow-Origin"] == "https://app.example"
    assert "Access-Control-Allow-Origin" not in client.get(story.url, **origin)
    other = client.get("/api/v2/articles/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_openapi_document_describes_every_endpoint(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/v2/articles/",
        "/api/v2/articles/{id}/",
        "/api/v2/sections/",
        "/api/v2/authors/",
        "/api/v2/images/",
        "/api/ticker/",
        "/api/articles/{id}/comments/",
    ):
        assert path in paths
    assert not [p for p in paths if p.startswith("/admin")]
    params = {
        p["name"] for p in schema["paths"]["/api/v2/articles/"]["get"]["parameters"]
    }
    assert {"section", "tag", "author", "published_after", "order", "limit"} <= params
