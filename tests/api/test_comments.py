"""The comments API: approved comments only, never an e-mail or IP; posting
goes through the same rules as the comment form."""

import json

import pytest

from khabar.comments.forms import rendered_token
from khabar.comments.models import Comment
from tests.factories.comments import CommentFactory
from tests.factories.news import ArticlePageFactory

pytestmark = pytest.mark.django_db

URL = "/api/articles/{}/comments/"


def _post(client, article, payload, **headers):
    return client.post(
        URL.format(article.pk),
        data=json.dumps(payload),
        content_type="application/json",
        REMOTE_ADDR="203.0.113.7",
        **headers,
    )


def _good(**overrides):
    data = {
        "author_name": "سامر",
        "author_email": "samer@mail.example",
        "body": "تحليل مفيد، شكراً لكم على هذه التغطية الواضحة للموضوع.",
        "rendered": rendered_token(at=0),  # shown long ago: no time-trap penalty
    }
    data.update(overrides)
    return data


def test_lists_approved_comments_without_email_or_ip(client, section):
    article = ArticlePageFactory(parent=section)
    first = CommentFactory(
        article=article,
        author_email="secret-reader@mail.example",
        ip_address="198.51.100.9",
        body="تعليق منشور",
    )
    CommentFactory(article=article, parent=first, body="رد منشور")
    CommentFactory(article=article, status=Comment.Status.PENDING, body="بانتظار")
    CommentFactory(article=article, status=Comment.Status.SPAM, body="مزعج")
    response = client.get(URL.format(article.pk))
    assert response.status_code == 200
    text = response.content.decode()
    data = response.json()
    assert data["count"] == 2
    assert [c["body"] for c in data["comments"]] == ["تعليق منشور", "رد منشور"]
    assert data["comments"][1]["parent_id"] == first.pk
    assert data["comments"][1]["depth"] == 2
    for leak in ("secret-reader", "mail.example", "198.51.100.9", "بانتظار", "مزعج"):
        assert leak not in text
    assert "email" not in text and "ip" not in data["comments"][0]


def test_comments_of_hidden_articles_are_404(client, section):
    from tests.seo.stories import hidden_stories

    hidden = hidden_stories(section)
    for article in (hidden["draft"], hidden["scheduled"], hidden["private"]):
        CommentFactory(article=article)
        assert client.get(URL.format(article.pk)).status_code == 404
        assert _post(client, article, _good()).status_code == 404
    assert client.get(URL.format(2**70)).status_code == 404


def test_post_publishes_a_good_comment_via_the_form_rules(client, section):
    article = ArticlePageFactory(parent=section)
    response = _post(client, article, _good())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["ok"] is True and data["status"] in ("published", "held")
    stored = Comment.objects.get()
    assert stored.author_email == "samer@mail.example"
    assert stored.ip_address == "203.0.113.7"
    assert "samer@mail.example" not in response.content.decode()
    assert "203.0.113.7" not in response.content.decode()
    if data["status"] == "published":
        assert data["comment"]["id"] == stored.pk


def test_post_reports_form_errors(client, section):
    article = ArticlePageFactory(parent=section)
    response = _post(client, article, _good(author_email="not-an-email", body=""))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "author_email" in errors and "body" in errors
    assert not Comment.objects.exists()
    closed = ArticlePageFactory(parent=section, comments_open=False)
    response = _post(client, closed, _good())
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_post_is_rate_limited_like_the_form(client, section, settings):
    settings.KHABAR_COMMENTS_RATE_PER_IP = 2
    article = ArticlePageFactory(parent=section)
    codes = [
        _post(
            client, article, _good(body=f"تعليق مختلف رقم {n} عن الموضوع المطروح.")
        ).status_code
        for n in range(4)
    ]
    assert codes[:2] == [201, 201]
    assert codes[-1] == 429


def test_spam_is_held_not_published(client, section):
    from tests.factories.comments import BlockedTermFactory

    BlockedTermFactory(value="كازينو")
    article = ArticlePageFactory(parent=section)
    response = _post(
        client,
        article,
        _good(body="اربح الآن في كازينو http://spam.example http://spam.example/2"),
    )
    assert response.status_code == 201
    assert response.json()["status"] == "held"
    assert client.get(URL.format(article.pk)).json()["count"] == 0


def test_post_needs_json_and_same_origin(client, section, settings):
    article = ArticlePageFactory(parent=section)
    form = client.post(URL.format(article.pk), data=_good())  # a form post
    assert form.status_code == 415
    cross = _post(client, article, _good(), HTTP_ORIGIN="https://evil.example")
    assert cross.status_code == 403
    same = _post(client, article, _good(), HTTP_ORIGIN="http://testserver")
    assert same.status_code == 201
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    app = _post(
        client,
        article,
        _good(body="تعليق آخر من تطبيق الهاتف عن الخبر نفسه."),
        HTTP_ORIGIN="https://app.example",
    )
    assert app.status_code == 201
    assert _post(client, article, ["not", "an", "object"]).status_code == 400
