"""Proof that a commenter's e-mail and IP never reach a public output, a cache
key or value, or a log line, whatever happened to their comment."""

import logging

import pytest
from django.core.cache import cache
from django.urls import get_resolver

from khabar.comments import services
from khabar.comments.models import Comment

pytestmark = pytest.mark.django_db

EMAIL = "leak.canary@private.example"
IP = "198.51.100.77"
SECRETS = (EMAIL, IP, EMAIL.upper(), "leak.canary", "198.51.100")


def cache_dump() -> list[bytes]:
    """Every key and stored value in the configured cache (locmem or Redis)."""
    found: list[bytes] = []
    store = getattr(cache, "_cache", None)
    if isinstance(store, dict):  # LocMemCache: key -> pickled value
        for key, value in store.items():
            found.extend([key.encode(), value if isinstance(value, bytes) else b""])
        return found
    client = cache.client.get_client()  # django-redis
    for key in client.scan_iter("*"):
        found.append(key)
        if client.type(key) == b"string":
            found.append(client.get(key) or b"")
    return found


def assert_clean(text: str | bytes, where: str) -> None:
    data = text if isinstance(text, bytes) else text.encode()
    for secret in SECRETS:
        assert secret.encode() not in data, f"{secret!r} leaked in {where}"


def public_urls(article, section) -> list[str]:
    urls = [
        "/",
        section.url,
        article.url,
        f"{article.url}?comment=held",
        f"/a/{article.pk}/",
        "/comments/privacy/",
    ]
    # Feeds, sitemaps and any other argument-free public route other apps add.
    for pattern in get_resolver().url_patterns:
        route = str(getattr(pattern, "pattern", ""))
        if route.startswith(("admin", "documents", "^")) or "<" in route:
            continue
        for sub in getattr(pattern, "url_patterns", []):
            sub_route = str(sub.pattern)
            if "<" not in sub_route and "(" not in sub_route and "^" not in sub_route:
                urls.append("/" + route + sub_route)
    return sorted(set(urls))


def test_email_and_ip_never_public(client, article, section, post, caplog, settings):
    settings.KHABAR_COMMENTS_RATE_PER_IP = 3
    caplog.set_level(logging.DEBUG)
    outputs: list[tuple[str, bytes]] = []

    def send(**overrides):
        response = post(article, ip=IP, author_email=EMAIL, **overrides)
        if overrides.get("json"):
            outputs.append(("JSON answer", response.content))
        return response

    published = send(body="تعليق منشور من القارئ المجهول", json=True)
    assert published.json()["status"] == "published"
    send(body="تعليق محجوز للمراجعة", rendered="", json=True)  # held
    send(body="تعليق آلي", website_confirm="http://bot.example", json=True)  # spam
    rate = send(body="تعليق رابع بعد الحد", json=True)  # rate-limited
    assert rate.status_code == 429
    top = Comment.objects.filter(status="approved").first()
    settings.KHABAR_COMMENTS_RATE_PER_IP = 0
    reply = post(
        article, ip=IP, author_email=EMAIL, parent=str(top.pk), body="رد على التعليق"
    )
    assert reply.status_code == 302
    assert Comment.objects.filter(author_email=EMAIL).count() == 4

    for url in public_urls(article, section):
        response = client.get(url, follow=True)
        outputs.append((url, response.content))
        outputs.append((f"{url} headers", str(response.headers).encode()))
    for where, body in outputs:
        assert_clean(body, where)
    for item in cache_dump():
        assert_clean(item, "the cache")
    for record in caplog.records:
        assert_clean(record.getMessage(), f"log line {record.name}")
    # Meanwhile the moderators do have what they need.
    assert Comment.objects.filter(ip_address=IP).count() == 4


def test_rate_limit_keys_use_hashes(article, settings):
    settings.KHABAR_COMMENTS_RATE_PER_IP = 5
    services.comment_submit(
        article=article,
        author_name="قارئ",
        author_email=EMAIL,
        body="تعليق عادي جداً",
        ip=IP,
    )
    keys = [item for item in cache_dump() if b"comments:rate" in item]
    assert keys, "rate-limit counters should be in the shared cache"
    for key in keys:
        assert_clean(key, "a rate-limit key")
