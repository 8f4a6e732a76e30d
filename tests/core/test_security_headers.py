"""Every response carries the security headers; public pages a strict CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _directives(policy: str) -> dict[str, str]:
    return dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )


def test_public_pages_get_a_strict_policy(client, home):
    response = client.get("/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_templates_carry_no_inline_script(client, home, section):
    from tests.factories.news import ArticlePageFactory

    article = ArticlePageFactory(parent=section)
    for url in ("/", section.url, article.url, "/no-such-page/"):
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or "application/ld+json" in tag, tag
        assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"


def test_admin_may_be_framed_by_itself_for_previews(client, home):
    response = client.get("/admin/login/")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_admin_sends_nothing_to_gravatar(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("ed", "ed@example.invalid", "pw")
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
