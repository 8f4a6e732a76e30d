"""Rate limits on the public write endpoints, seen from outside.

The comment form and ``/api/articles/<id>/comments/`` share one limit per
(hashed) client address; behind a trusted reverse proxy the address is the
forwarded client's, not the proxy's (otherwise every reader would share one
budget of five comments), and a forged X-Forwarded-For from anyone else is
ignored. The login is limited by django-axes (test_login_lockout.py).
"""

import json

import pytest

from khabar.comments.forms import rendered_token
from khabar.comments.models import Comment
from tests.factories.news import ArticlePageFactory

pytestmark = pytest.mark.django_db

API = "/api/articles/{}/comments/"


@pytest.fixture
def article(section, settings):
    settings.KHABAR_COMMENTS_RATE_PER_IP = 3
    settings.KHABAR_COMMENTS_RATE_PER_EMAIL = 0
    return ArticlePageFactory(parent=section, title="خبر للتعليق")


def _body(n: int) -> str:
    return f"تعليق مختلف رقم {n} عن الموضوع المطروح في هذا الخبر."


def api_post(client, article, n, **meta):
    payload = {
        "author_name": "قارئ",
        "author_email": f"r{n}@mail.example",
        "body": _body(n),
        "rendered": rendered_token(at=0),
    }
    return client.post(
        API.format(article.pk),
        data=json.dumps(payload),
        content_type="application/json",
        **meta,
    )


def form_post(client, article, n, **meta):
    return client.post(
        f"/comments/post/{article.pk}/",
        {
            "author_name": "قارئ",
            "author_email": f"r{n}@mail.example",
            "body": _body(n),
            "rendered": rendered_token(at=0),
        },
        HTTP_ACCEPT="application/json",
        **meta,
    )


@pytest.mark.parametrize("post", [api_post, form_post], ids=["api", "form"])
def test_a_flood_from_one_address_is_refused(client, article, post):
    codes = [
        post(client, article, n, REMOTE_ADDR="203.0.113.5").status_code
        for n in range(5)
    ]
    assert codes == [201, 201, 201, 429, 429]
    assert Comment.objects.count() == 3
    # Another reader is not affected.
    assert post(client, article, 99, REMOTE_ADDR="198.51.100.8").status_code == 201


def test_form_and_api_share_the_budget(client, article):
    meta = {"REMOTE_ADDR": "203.0.113.5"}
    assert api_post(client, article, 1, **meta).status_code == 201
    assert form_post(client, article, 2, **meta).status_code == 201
    assert api_post(client, article, 3, **meta).status_code == 201
    assert form_post(client, article, 4, **meta).status_code == 429
    assert api_post(client, article, 5, **meta).status_code == 429


@pytest.mark.parametrize("post", [api_post, form_post], ids=["api", "form"])
def test_behind_a_trusted_proxy_readers_have_their_own_budget(
    client, article, settings, post
):
    settings.KHABAR_TRUSTED_PROXIES = ["127.0.0.1"]
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    readers = [f"198.51.100.{n}" for n in range(1, 5)]
    for n, reader in enumerate(readers):
        code = post(client, article, n, HTTP_X_FORWARDED_FOR=reader, **proxy)
        assert code.status_code == 201, f"reader {n} refused"
    # ... while one flooding reader behind the proxy is still stopped, whatever
    # it writes in front of its address.
    codes = [
        post(
            client,
            article,
            10 + n,
            HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.5",
            **proxy,
        ).status_code
        for n in range(4)
    ]
    assert codes == [201, 201, 201, 429]
    stored = set(Comment.objects.values_list("ip_address", flat=True))
    assert "127.0.0.1" not in stored
    assert "203.0.113.5" in stored


@pytest.mark.parametrize("post", [api_post, form_post], ids=["api", "form"])
def test_forged_forwarded_for_from_the_internet_does_not_reset_the_limit(
    client, article, settings, post
):
    settings.KHABAR_TRUSTED_PROXIES = ["127.0.0.1"]
    codes = [
        post(
            client,
            article,
            n,
            REMOTE_ADDR="203.0.113.5",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(4)
    ]
    assert codes == [201, 201, 201, 429]
