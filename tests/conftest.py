"""Shared fixtures: the site's home page (created by migration) and a section.

Imports of Django and Wagtail stay inside the fixtures, so the pure modules'
tests (search.arabic, comments.spam, importers.wordpress) also run with
``-p no:django`` and no settings at all.
"""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def ensure_home():
    """The default site and its home page, as the migrations make them.

    A transactional test flushes the database when it ends, taking the
    migration-made tree with it; later tests get it back from here.
    """
    from wagtail.models import Collection, Locale, Page, Site

    from khabar.news.models import HomePage

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_page.specific
    Locale.objects.get_or_create(language_code="ar")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = root.add_child(instance=HomePage(title="الرئيسية", slug="home"))
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="خبر",
    )
    return home


@pytest.fixture
def home(db):
    return ensure_home()


#: The host name of :func:`second_home`'s site.
OTHER_HOST = "second.example"


@pytest.fixture
def second_home(home):
    """A second title on the same installation: its own home page and site."""
    from wagtail.models import Page, Site

    from khabar.news.models import HomePage

    root = Page.get_first_root_node()
    other = root.add_child(instance=HomePage(title="الصحيفة الثانية", slug="second"))
    Site.objects.create(
        hostname=OTHER_HOST, port=80, root_page=other, site_name="الثانية"
    )
    return other


@pytest.fixture
def section(home):
    from tests.factories.news import SectionPageFactory

    return SectionPageFactory(parent=home, title="سياسة", slug="politics")


@pytest.fixture
def publish():
    from khabar.news.services import article_publish

    def _publish(page):
        return article_publish(article=page)

    return _publish


@pytest.fixture(autouse=True)
def _clear_cache(request):
    if (
        "django_db_setup" not in request.fixturenames
        and not request.node.get_closest_marker("django_db")
    ):
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
