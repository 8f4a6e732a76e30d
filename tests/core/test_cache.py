"""The page cache as readers and editors see it: fresh after every change, shared
only between anonymous readers, and nothing purged that did not change.

Runs on the local-memory store by default and on the Redis store when REDIS_URL
is set (the same tests, see .ci/run).
"""

import gzip
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from khabar.core import cache as page_cache
from khabar.core.signals import page_content_changed
from khabar.news.services import breaking_create
from tests.factories.news import ArticlePageFactory, AuthorFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
# The comment form's signed "shown at" time changes each second it is re-rendered.
RENDERED_AT = re.compile(r'name="rendered" value="[^"]*"')


def same_page(html: str) -> str:
    """``html`` without what differs per reader or per second of rendering."""
    return RENDERED_AT.sub("", CSRF_INPUT.sub("", html))


@pytest.fixture
def site(home, section):
    """Two sections with two stories each (and the site settings row, which the
    first page view would otherwise create, purging the layout)."""
    from khabar.core.models import SiteSettings

    SiteSettings.for_site(home.get_site())
    sport = SectionPageFactory(parent=home, title="رياضة", slug="sport")
    return {
        "home": home,
        "politics": section,
        "sport": sport,
        "p1": ArticlePageFactory(parent=section, title="خبر السياسة الأول"),
        "p2": ArticlePageFactory(parent=section, title="خبر السياسة الثاني"),
        "s1": ArticlePageFactory(parent=sport, title="خبر الرياضة الأول"),
        "s2": ArticlePageFactory(parent=sport, title="خبر الرياضة الثاني"),
    }


def state(client, url, **headers):
    response = client.get(url, **headers)
    return response.status_code, response.get("X-Khabar-Cache")


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200
        assert state(client, url) == (200, "HIT"), url


def shows(client, url, page):
    """The page at ``url`` is ``page`` or links to it (a card, the ticker…)."""
    return url == page.url or f'href="{page.url}"' in client.get(url).content.decode()


def urls_of(site):
    return {name: page.url for name, page in site.items()}


def test_second_anonymous_visit_is_served_from_the_cache(cached, client, site):
    for name in ("home", "politics", "p1"):
        url = site[name].url
        first = client.get(url)
        second = client.get(url)
        assert (first["X-Khabar-Cache"], second["X-Khabar-Cache"]) == ("MISS", "HIT")
        assert second["ETag"] == first["ETag"]
        # The same page, but for a per-reader CSRF token on pages with a form.
        assert same_page(second.content.decode()) == same_page(first.content.decode())
        assert site[name].title in second.content.decode()
    section = client.get(site["politics"].url)
    assert section["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_signed_in_editors_bypass_the_cache(cached, client, site, admin_user):
    url = site["p1"].url
    warm(client, url)
    editor = Client()
    editor.force_login(admin_user)
    response = editor.get(url)
    assert response.status_code == 200
    assert "X-Khabar-Cache" not in response
    assert response["Cache-Control"] == "private"
    # … and what the editor saw was not stored for readers.
    assert state(client, url) == (200, "HIT")


def test_edit_purges_the_story_its_sections_and_home_but_not_other_sections(
    cached, client, site, publish
):
    u = urls_of(site)
    warm(client, *u.values())
    showing = {name for name, url in u.items() if shows(client, url, site["p1"])}
    assert {"p1", "politics", "home"} <= showing
    site["p1"].title = "عنوان معدّل"
    publish(site["p1"])
    for name in showing | {"p1", "politics", "home"}:
        response = client.get(u[name])
        assert response["X-Khabar-Cache"] == "MISS", name
        assert "عنوان معدّل" in response.content.decode(), name
    # The sport section does not show the politics story: kept, and so is every
    # other page that does not show it.
    assert "sport" not in showing
    for name in set(u) - showing:
        assert state(client, u[name]) == (200, "HIT"), name


def test_new_story_appears_at_once_where_it_is_listed(cached, client, site, publish):
    u = urls_of(site)
    warm(client, *u.values())
    new = ArticlePageFactory(parent=site["politics"], title="خبر عاجل جديد", live=False)
    publish(new)
    for name in ("home", "politics"):
        assert "خبر عاجل جديد" in client.get(u[name]).content.decode(), name
    assert state(client, u["sport"]) == (200, "HIT")


def test_unpublished_story_is_gone_everywhere_at_once(cached, client, site):
    u = urls_of(site)
    warm(client, *u.values())
    site["p2"].unpublish()
    assert client.get(u["p2"]).status_code == 404
    for name in ("home", "politics", "p1"):
        assert "خبر السياسة الثاني" not in client.get(u[name]).content.decode(), name
    assert state(client, u["s1"]) == (200, "HIT")


def test_deleted_story_is_gone(cached, client, site):
    u = urls_of(site)
    warm(client, *u.values())
    site["p2"].delete()
    assert client.get(u["p2"]).status_code == 404
    assert "خبر السياسة الثاني" not in client.get(u["politics"]).content.decode()
    assert state(client, u["sport"]) == (200, "HIT")


def test_moved_story_leaves_its_old_section_and_url(cached, client, site):
    u = urls_of(site)
    warm(client, *u.values())
    site["p2"].move(site["sport"], pos="last-child")
    site["p2"].refresh_from_db()
    old = client.get(u["p2"])  # Wagtail's automatic redirect, not the stored page
    assert (old.status_code, old["Location"]) == (301, site["p2"].url)
    assert "خبر السياسة الثاني" not in client.get(u["politics"]).content.decode()
    assert "خبر السياسة الثاني" in client.get(u["sport"]).content.decode()


def test_approved_comment_purges_only_pages_showing_the_story(cached, client, site):
    u = urls_of(site)
    warm(client, *u.values())
    showing = {name for name, url in u.items() if shows(client, url, site["s1"])}
    page_content_changed.send(sender=None, page=site["s1"])
    assert {"s1", "sport", "home"} <= showing
    # Exactly the pages that show s1 are rendered again; the others stay stored.
    for name, url in u.items():
        assert state(client, url) == (200, "MISS" if name in showing else "HIT"), name


def test_renamed_section_refreshes_navigation_everywhere(cached, client, site, publish):
    u = urls_of(site)
    warm(client, *u.values())
    site["sport"].title = "الملاعب"
    publish(site["sport"])
    for name, url in u.items():
        assert "الملاعب" in client.get(url).content.decode(), name


def test_breaking_news_shows_on_cached_pages_and_expires_with_them(
    cached, client, site
):
    u = urls_of(site)
    warm(client, *u.values())
    breaking_create(headline="زلزال في المنطقة", duration=timedelta(hours=1))
    for name, url in u.items():
        assert "زلزال في المنطقة" in client.get(url).content.decode(), name
    # An item that has already expired is not shown and cannot be stored for long.
    item = breaking_create(
        headline="خبر منتهٍ", until=timezone.now() + timedelta(seconds=0.5)
    )
    response = client.get(u["home"])
    assert "خبر منتهٍ" in response.content.decode()
    item.refresh_from_db()
    assert (
        state(client, u["home"])[1] == "MISS"
    )  # not stored: it expires within a second


def test_renamed_author_refreshes_their_stories_only(cached, client, site, publish):
    author = AuthorFactory(name="سامر")
    site["s1"].authors.add(author)
    publish(site["s1"])
    u = urls_of(site)
    warm(client, *u.values())
    showing = {name for name, url in u.items() if shows(client, url, site["s1"])}
    author.name = "سامر الحلبي"
    author.save()
    assert "سامر الحلبي" in client.get(u["s1"]).content.decode()
    for name, url in u.items():
        if name not in showing:
            assert state(client, url) == (200, "HIT"), name


def test_conditional_get_answers_not_modified(cached, client, site):
    url = site["p1"].url
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='W/"other"').status_code == 200
    site["p1"].title = "تغيّر"
    site["p1"].save_revision().publish()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize("name", ["politics", "p1"])  # p1 has a per-reader form
def test_pages_are_compressed_for_clients_that_accept_gzip(cached, client, site, name):
    url = site[name].url
    plain = same_page(client.get(url).content.decode())
    page_cache.purge_all()
    for expected in ("MISS", "HIT"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["X-Khabar-Cache"] == expected
        assert response["Content-Encoding"] == "gzip"
        assert response["Vary"] == "Accept-Encoding"
        assert int(response["Content-Length"]) == len(response.content) < len(plain)
        assert same_page(gzip.decompress(response.content).decode()) == plain


def test_query_strings(cached, client, site):
    url = site["politics"].url
    warm(client, url)
    assert state(client, url + "?utm_source=facebook&fbclid=1") == (200, "HIT")
    assert state(client, url + "?page=1")[1] == "MISS"  # its own entry
    assert state(client, url + "?page=1") == (200, "HIT")
    assert state(client, url + "?replyto=3") == (200, None)  # personal: never stored


def test_personal_cookies_bypass_but_the_csrf_cookie_does_not(cached, client, site):
    url = site["p1"].url
    warm(client, url)
    client.cookies["csrftoken"] = "a" * 32
    assert state(client, url) == (200, "HIT")
    client.cookies["messages"] = "x"
    assert state(client, url) == (200, None)


def test_errors_and_posts_are_not_stored(cached, client, site):
    assert state(client, "/no-such-page/") == (404, None)
    assert state(client, "/no-such-page/") == (404, None)


def test_csrf_tokens_are_never_shared_between_readers(cached, site):
    """A page with a {% csrf_token %} form is stored without the token; each reader
    gets one that matches their own cookie, and their POST passes the CSRF check."""
    from django.middleware.csrf import _unmask_cipher_token

    article = site["p1"]
    seen = []
    for _ in range(3):  # the miss that stores, then hits, each a new reader
        reader = Client(enforce_csrf_checks=True)
        for encoding in ("", "gzip"):
            response = reader.get(article.url, HTTP_ACCEPT_ENCODING=encoding)
            body = response.content
            if encoding:
                body = gzip.decompress(body)
            tokens = CSRF_INPUT.findall(body.decode())
            if not tokens:
                pytest.skip("no comment form on article pages in this build")
            secret = reader.cookies["csrftoken"].value
            assert {_unmask_cipher_token(t) for t in tokens} == {secret}
            assert response["Cache-Control"].startswith("private")
        seen.append(secret)
        # Django's own CSRF check accepts the token (the view then judges the form).
        response = reader.post(
            f"/comments/post/{article.pk}/", {"csrfmiddlewaretoken": tokens[0]}
        )
        assert response.status_code != 403
    assert len(set(seen)) == 3


def test_disabled_cache_serves_everything_fresh(settings, client, site, publish):
    settings.KHABAR_PAGE_CACHE = False
    page_cache.reset()
    url = site["p1"].url
    assert "X-Khabar-Cache" not in client.get(url)
    site["p1"].title = "بلا ذاكرة"
    publish(site["p1"])
    assert "بلا ذاكرة" in client.get(url).content.decode()


def test_outer_apps_register_urls_to_purge_with_a_page(cached, client, site, publish):
    """The seo app registers its feed/sitemap paths; a publish purges exactly them."""
    robots = "/robots.txt"
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(page_cache.config().prefix_tags, robots, "robots")
        warm(client, robots, site["sport"].url)
        page_cache.register_purge_urls(lambda page: [robots])
        try:
            publish(site["p1"])
            assert state(client, robots)[1] == "MISS"
            assert state(client, site["sport"].url)[1] == "HIT"
        finally:
            page_cache._purge_tag_providers.pop()


def test_fragments_cut_queries_and_never_go_stale(
    settings, tmp_path, client, site, publish
):
    """With the page cache off (the benchmark's "cold"), pages are built from cached
    fragments that are purged by the same tags."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.KHABAR_PAGE_CACHE = False
    settings.KHABAR_FRAGMENT_CACHE = True
    settings.KHABAR_PAGE_CACHE_JOURNAL = str(tmp_path / "purges.log")
    page_cache.reset()
    page_cache.purge_all()
    url = site["p1"].url
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert "X-Khabar-Cache" not in response
    assert len(second) < len(first)
    for page, title in (("p1", "عنوان جديد للخبر"), ("politics", "السياسة")):
        site[page].title = title
        publish(site[page])
        assert title in client.get(url).content.decode()
    page_cache.purge_all()
    page_cache.reset()


def test_search_results_fragment_is_reused_and_purged_by_a_publish(
    fragments_only, client, site, publish
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/search/?q=" + "السياسة"
    first = client.get(url).content.decode()
    assert "خبر السياسة الأول" in first
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url).content.decode()
    assert again.count("search-result__title") == first.count("search-result__title")
    assert not [q for q in captured.captured_queries if "search_" in q["sql"]]
    new = ArticlePageFactory(
        parent=site["politics"], title="خبر السياسة الجديد", live=False
    )
    publish(new)
    assert "خبر السياسة الجديد" in client.get(url).content.decode()
    # An edited title of a listed story shows at once too.
    site["p1"].title = "خبر السياسة المعدّل"
    publish(site["p1"])
    assert "خبر السياسة المعدّل" in client.get(url).content.decode()


def test_a_new_spelling_group_refreshes_stored_searches(
    cached, client, site, django_capture_on_commit_callbacks
):
    from khabar.spelling.services import group_add

    ArticlePageFactory(parent=site["politics"], title="ترمب يزور المنطقة")
    url = "/search/?q=" + "ترامب"
    assert "ترمب يزور المنطقة" not in client.get(url).content.decode()
    assert state(client, url) == (200, "HIT")
    with django_capture_on_commit_callbacks(execute=True):
        group_add(spellings=["ترامب", "ترمب"])
    response = client.get(url)
    assert "ترمب يزور المنطقة" in response.content.decode(), response.get(
        "X-Khabar-Cache"
    )
