"""Articles for search tests, published the way editors publish them.

Django and Wagtail are imported inside the fixture, so the pure modules'
tests in this folder also run with ``-p no:django``.
"""

from datetime import UTC, datetime

import pytest


@pytest.fixture
def make_article(section, publish, django_capture_on_commit_callbacks):
    """Create a draft and publish it through the editorial service.

    After-commit work (the "see also" refresh) runs as it would in production.
    """
    from wagtail.rich_text import RichText

    from tests.factories.news import ArticlePageFactory

    def _make(
        title, body="", *, parent=None, lead="", published_at=None, tags=(), **kw
    ):
        page = ArticlePageFactory(
            parent=parent or section,
            title=title,
            lead=lead,
            body=[("paragraph", RichText(f"<p>{body}</p>"))] if body else [],
            published_at=published_at or datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
            live=False,
            **kw,
        )
        if tags:
            page.tags.add(*tags)
        with django_capture_on_commit_callbacks(execute=True):
            return publish(page)

    return _make
