"""WordPress pages, author archives and paginated archives keep working."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from .test_loader import BASIC, FIXTURES, _lands_on, run, snapshot

PAGES = FIXTURES / "pages.xml"


@pytest.fixture
def pages(db, home):
    return run(PAGES)


def static(wp_id: int):
    from khabar.importers.models import StaticPage, WordPressObject

    row = WordPressObject.objects.get(kind="page", wp_key=str(wp_id))
    return StaticPage.objects.get(pk=row.object_id)


def test_pages_open_at_their_old_paths_nested_as_they_were(pages, client, home):
    about, team = static(21), static(22)
    assert about.get_parent().pk == home.pk
    assert team.get_parent().pk == about.pk
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "عن الموقع" in html and "موقع إخباري مستقل." in html
    assert "<h2" in html and "<li>الحياد</li>" in html  # blocks rendered
    assert unquote(team.url) == "/about/فريق/"
    assert client.get(team.url).status_code == 200
    _lands_on(client, "/?page_id=22", team)
    _lands_on(client, "/?p=21", about)


def test_pages_are_not_news(pages, client):
    from khabar.news.models import ArticlePage

    assert not ArticlePage.objects.filter(title="عن الموقع").exists()
    for url in ("/", "/feeds/rss/", "/sitemap-news.xml"):
        assert "عن الموقع" not in client.get(url).content.decode(), url


def test_a_page_whose_path_a_section_took_is_reached_by_its_old_links(pages, client):
    # Categories become sections at the top level, so a page with a section's
    # slug moves aside; its ?page_id link still lands on it.
    page = static(23)
    assert page.slug == "أخبار-23"
    _lands_on(client, "/?page_id=23", page)


def test_page_statuses_as_for_posts(pages, client):
    from khabar.importers.models import WordPressObject

    draft, private = static(24), static(25)
    assert not draft.live and draft.has_unpublished_changes
    assert private.live
    response = client.get(private.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not WordPressObject.objects.filter(kind="page", wp_key="26").exists()
    assert "page: The page status «trash» is not imported." in pages


def test_importing_pages_again_changes_nothing(pages):
    before = snapshot()
    report = run(PAGES)
    assert snapshot() == before
    line = next(x for x in report.splitlines() if x.startswith("page "))
    assert line.split()[1:4] == ["0", "0", "5"]  # created, updated, unchanged


def test_a_changed_page_is_updated(pages, tmp_path, client):
    text = PAGES.read_text(encoding="utf-8").replace(
        "موقع إخباري مستقل.", "موقع إخباري مستقل منذ ٢٠١٠."
    )
    newer = tmp_path / "newer.xml"
    newer.write_text(text, encoding="utf-8")
    report = run(newer)
    assert "منذ ٢٠١٠" in client.get("/about/").content.decode()
    line = next(x for x in report.splitlines() if x.startswith("page "))
    assert line.split()[1:4] == ["0", "1", "4"]


# --------------------------------------------------------------------------
# Author archives and archive pages beyond the first
# --------------------------------------------------------------------------


@pytest.fixture
def imported(db, home):
    return run(BASIC)


def test_author_archives_land_on_a_search_for_their_stories(imported, client):
    from khabar.news.models import Author

    sara = Author.objects.get(slug="sara")
    for url in ("/author/sara/", "/author/sara/feed/", "/?author=2"):
        response = client.get(url)
        assert response.status_code == 301, url
        assert unquote(response["Location"]) == f"/search/?q={sara.name}&author=sara"
    results = client.get(unquote(client.get("/author/sara/")["Location"]))
    assert results.status_code == 200


def test_archive_pages_beyond_the_first_keep_their_page_number(imported, client):
    from khabar.news.models import SectionPage

    local = SectionPage.objects.get(slug="اقتصاد-محلي")
    category = "/category/" + quote("اقتصاد-محلي") + "/"
    response = client.get(category + "page/3/")
    assert response.status_code == 301
    assert unquote(response["Location"]) == unquote(local.url) + "?page=3"
    tag = client.get("/tag/" + quote("عاجل") + "/page/2/")
    assert unquote(tag["Location"]) == "/search/?q=عاجل&page=2"
    assert unquote(client.get("/author/sara/page/2/")["Location"]).endswith(
        "&author=sara&page=2"
    )
    assert client.get("/page/4/")["Location"] == "/"
    assert client.get("/category/no-such/page/2/").status_code == 404
    assert client.get("/2013/page/2/").status_code == 404
