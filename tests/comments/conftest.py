"""Fixtures for the comment tests: an open article and a reader who posts."""

import time

import pytest

from khabar.comments.forms import rendered_token

READER = {
    "author_name": "سلمى الخطيب",
    "author_email": "salma.private@mail.example",
    "author_url": "",
    "body": "تحليل ممتاز للوضع، شكراً للكاتب على هذا الجهد.",
}


@pytest.fixture
def article(section):
    from tests.factories.news import ArticlePageFactory

    return ArticlePageFactory(parent=section, title="خبر للنقاش", slug="debate")


@pytest.fixture
def form_data():
    """What a reader's browser sends: the form shown a minute ago."""

    def _data(**overrides):
        data = {**READER, "rendered": rendered_token(at=time.time() - 60)}
        data.update(overrides)
        return data

    return _data


@pytest.fixture
def post(client, form_data):
    """POST the comment form like a browser without JavaScript (or with, json=True)."""

    def _post(article, *, json=False, ip="203.0.113.7", **overrides):
        headers = {"Accept": "application/json"} if json else {}
        return client.post(
            f"/comments/post/{article.pk}/",
            form_data(**overrides),
            headers=headers,
            REMOTE_ADDR=ip,
        )

    return _post
