"""The Wagtail admin's page search finds articles however they are spelled."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

pytestmark = pytest.mark.django_db

WAGTAIL_DEFAULT = {"default": {"BACKEND": "wagtail.search.backends.database"}}


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.com", "pw"
    )
    client.force_login(user)
    return client


@pytest.fixture
def stories(make_article, section):
    from tests.factories.news import ArticlePageFactory

    return {
        "spy": make_article(
            "الاستخبارات تفكك خلية تجسس",
            "أعلنت أجهزة الاستخبارات اعتقال خلية تجسس",
        ),
        "other": make_article("مباراة حاسمة في الدوري", "فاز الفريق على منافسه."),
        "draft": ArticlePageFactory(
            parent=section, title="مسودة عن الاستخبارات", live=False
        ),
    }


def admin_search(client, query, url="/admin/pages/search/"):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["الإستخبارات", "الاستخبارَات", "بالاستخبارات", "إستخبارات", "خليه"],
)
def test_admin_page_search_finds_every_spelling(editor_client, stories, query):
    html = admin_search(editor_client, query)
    assert "الاستخبارات تفكك خلية تجسس" in html
    assert "مباراة حاسمة في الدوري" not in html


def test_wagtails_own_backend_missed_those_spellings(editor_client, stories):
    # What this backend adds: the database backend alone finds none of them.
    with override_settings(WAGTAILSEARCH_BACKENDS=WAGTAIL_DEFAULT):
        html = admin_search(editor_client, "الإستخبارات")
    assert "الاستخبارات تفكك خلية تجسس" not in html


def test_drafts_and_exact_spellings_are_still_found(editor_client, stories):
    html = admin_search(editor_client, "الاستخبارات")
    assert "الاستخبارات تفكك خلية تجسس" in html
    assert "مسودة عن الاستخبارات" in html  # a draft: the database backend's match


def test_page_chooser_search(editor_client, stories):
    html = admin_search(editor_client, "الإستخبارات", url="/admin/choose-page/search/")
    assert "الاستخبارات تفكك خلية تجسس" in html


def test_bulk_writes_refresh_title_norms_once_at_the_end(section):
    """Importers defer the database backend's full-index title-norm refresh."""
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from khabar.news.models import ArticlePage
    from khabar.search.backends.admin import title_norms_deferred
    from tests.factories.news import ArticlePageFactory

    backend = get_search_backend()
    index_class = type(backend.get_index_for_model(ArticlePage))
    library_index = index_class.__bases__[1]  # (the mixin, the library's index)
    base_refresh = library_index._refresh_title_norms
    calls = []

    def counting(self, full=False):
        calls.append(full)
        return base_refresh(self, full=full)

    short = ArticlePageFactory(parent=section, title="قصير")
    long = ArticlePageFactory(parent=section, title="عنوان أطول بكثير من الآخر")
    IndexEntry.objects.all().delete()
    library_index._refresh_title_norms = counting
    try:
        with title_norms_deferred():
            backend.add_bulk(ArticlePage, [short])
            backend.add_bulk(ArticlePage, [long])
            # Inside: nothing refreshed yet, every new entry at the default.
            assert calls == []
            assert set(IndexEntry.objects.values_list("title_norm", flat=True)) == {1.0}
    finally:
        library_index._refresh_title_norms = base_refresh
    assert calls == [False]  # once, for both batches
    norms = dict(IndexEntry.objects.values_list("object_id", "title_norm"))
    # average title length / own title length: the short title weighs more.
    assert norms[str(short.pk)] > 1.0 > norms[str(long.pk)]

    # Outside the block the backend refreshes after every write, as before.
    backend.add_bulk(ArticlePage, [short])
    assert IndexEntry.objects.get(object_id=str(short.pk)).title_norm > 1.0


def test_admin_index_retokenises_only_when_its_text_changes(section):
    """SQLite: a title-norm refresh no longer rewrites the FTS5 row; a text edit does."""
    from django.db import connection
    from wagtail.search.backends import get_search_backend
    from wagtail.search.models import IndexEntry

    from khabar.news.models import ArticlePage
    from tests.factories.news import ArticlePageFactory

    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 trigger is SQLite's")
    page = ArticlePageFactory(parent=section, title="الاستخبارات تفكك خلية")
    get_search_backend().add_bulk(ArticlePage, [page])
    entry = IndexEntry.objects.get(object_id=str(page.pk))
    raw = connection.connection

    before = raw.total_changes
    IndexEntry.objects.filter(pk=entry.pk).update(title_norm=0.5)
    assert raw.total_changes - before == 1  # the entry only, not its FTS row

    before = raw.total_changes
    IndexEntry.objects.filter(pk=entry.pk).update(title="عنوان جديد تماما")
    assert raw.total_changes - before > 1  # the entry and its FTS5 row(s)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM wagtailsearch_indexentry_fts WHERE title MATCH %s",
            ["جديد"],
        )
        assert cursor.fetchall() == [(entry.pk,)]
