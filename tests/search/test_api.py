"""JSON search and "see also": /api/search/ and /api/articles/<id>/related/."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories.news import ArticlePageFactory

pytestmark = pytest.mark.django_db

HIT_KEYS = {"id", "external_id", "title", "url", "snippet", "published_at", "score"}


@pytest.fixture
def spies(make_article):
    day = datetime(2013, 11, 5, tzinfo=UTC)
    main = make_article(
        "الاستخبارات تفكك خلية تجسس",
        "أعلنت أجهزة الاستخبارات اعتقال خلية تجسس أجنبية",
        published_at=day,
        external_id="wp-1001",
    )
    other = make_article(
        "محاكمة خلية التجسس",
        "بدأت محاكمة خلية التجسس التي كشفتها الإستخبارات",
        published_at=day + timedelta(days=9),
    )
    return main, other


def test_search_json_shape_and_values(client, spies, settings):
    settings.TIME_ZONE = "Asia/Damascus"  # published_at is on the site's clock
    main, other = spies
    response = client.get("/api/search/", {"q": "الإستخبارات"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [r["id"] for r in data["results"]] == [main.pk, other.pk]
    first = data["results"][0]
    assert set(first) >= HIT_KEYS
    assert first["external_id"] == "wp-1001"
    assert data["results"][1]["external_id"] is None
    assert first["url"].startswith("http://testserver/") and first["url"].endswith("/")
    assert first["published_at"].startswith("2013-11-05")
    assert first["score"] > data["results"][1]["score"] > 0
    assert "<mark>" in data["results"][1]["snippet"]


def test_search_json_pages(client, make_article):
    for n in range(12):
        make_article(
            f"أمطار غزيرة {n}", published_at=datetime(2024, 1, 1 + n, tzinfo=UTC)
        )
    page2 = client.get("/api/search/", {"q": "أمطار", "page": 2}).json()
    assert (
        page2["count"] == 12 and page2["num_pages"] == 2 and len(page2["results"]) == 2
    )
    assert client.get("/api/search/", {"q": "أمطار", "page": 5}).json()["results"] == []


@pytest.mark.parametrize(
    "query",
    ["", "x" * 10_000, '" * ( ) : ^ NEAR', "-سوريا", "🙂 hôpital 医院", "a\x00b"],
)
def test_search_json_any_query_is_a_clear_answer(client, spies, query):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    data = response.json()
    assert isinstance(data["count"], int) and isinstance(data["results"], list)
    if not data["results"]:
        assert data["count"] == 0


def test_search_json_rejects_bad_parameters_with_a_sentence(client, spies):
    for params in ({"q": "تجسس", "page": "abc"}, {"q": "تجسس", "from": "أمس"}):
        response = client.get("/api/search/", params)
        assert response.status_code == 400
        assert response.json()["detail"].endswith(".")


def test_related_json(client, spies):
    main, other = spies
    response = client.get(f"/api/articles/{main.pk}/related/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["results"]) == 1
    hit = data["results"][0]
    assert set(hit) >= HIT_KEYS and hit["id"] == other.pk and hit["score"] > 0
    assert hit["snippet"].startswith("بدأت محاكمة")  # no lead: start of the text


def test_related_json_404_for_unknown_or_draft(client, section):
    draft = ArticlePageFactory(parent=section, live=False)
    for pk in (draft.pk, 999_999):
        response = client.get(f"/api/articles/{pk}/related/")
        assert response.status_code == 404
        assert response.json()["detail"]
