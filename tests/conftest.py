"""Shared fixtures: the site's home page (created by migration) and a section.

Imports of Django and Wagtail stay inside the fixtures, so the pure modules'
tests (search.arabic, comments.spam, importers.wordpress) also run with
``-p no:django`` and no settings at all.
"""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture
def home(db):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific


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
    if "django_db_setup" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
