"""Articles published the way editors publish them (after-commit work runs).

Django and Wagtail are imported inside the fixture, so the pure tests of
``khabar.spelling.discovery`` also run with ``-p no:django``.
"""

from datetime import UTC, datetime

import pytest


@pytest.fixture
def make_article(section, publish, django_capture_on_commit_callbacks):
    from wagtail.rich_text import RichText

    from tests.factories.news import ArticlePageFactory

    def _make(title, body="", *, published_at=None):
        page = ArticlePageFactory(
            parent=section,
            title=title,
            body=[("paragraph", RichText(f"<p>{body}</p>"))] if body else [],
            published_at=published_at or datetime(2024, 5, 1, 9, 0, tzinfo=UTC),
            live=False,
        )
        with django_capture_on_commit_callbacks(execute=True):
            return publish(page)

    return _make
