"""The page cache on Redis: shared between processes, and the site survives Redis.

Each test starts its own redis-server on a free port in 8401–8499 (never the shared
one), so it can stop and pause it.
"""

import io
import logging
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.test import Client

from khabar.core import cache as page_cache
from tests.factories.news import ArticlePageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.services,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


def free_port() -> int:
    for port in range(8481, 8500):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("No free port in 8481–8499.")


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.dir = tmp_path
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",  # noqa: S607
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            if self.cli("ping").strip() == "PONG":
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start.")

    def cli(self, *args):
        return subprocess.run(  # noqa: S603
            ["redis-cli", "-p", str(self.port), *args],  # noqa: S607
            capture_output=True,
            text=True,
        ).stdout

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def redis_cache(settings, tmp_path, monkeypatch):
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "KEY_PREFIX": "khabar-test",
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.KHABAR_PAGE_CACHE = True
    settings.KHABAR_FRAGMENT_CACHE = True
    # Retry Redis on every request instead of once a second: no sleeping in tests.
    monkeypatch.setattr(page_cache, "RETRY_AFTER", 0.0)
    page_cache.reset()
    assert isinstance(page_cache.get_store(), page_cache.RedisStore)
    yield server
    server.stop()
    page_cache.reset()


@pytest.fixture
def article(section):
    from khabar.core.models import SiteSettings

    SiteSettings.for_site(section.get_site())
    return ArticlePageFactory(parent=section, title="خبر للاختبار")


def cache_state(client, url):
    response = client.get(url)
    return response.status_code, response.get("X-Khabar-Cache")


def test_site_serves_uncached_while_redis_is_down_and_recovers(
    redis_cache, client, article, caplog
):
    url = article.url
    assert cache_state(client, url) == (200, "MISS")
    assert cache_state(client, url) == (200, "HIT")
    redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="khabar.cache"):
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200
            assert "خبر للاختبار" in response.content.decode()
            assert response.get("X-Khabar-Cache") != "HIT"
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1  # logged once, not once a request
    redis_cache.start()  # an empty Redis, as after a restart
    with caplog.at_level(logging.WARNING, logger="khabar.cache"):
        assert cache_state(client, url) == (200, "MISS")
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert cache_state(client, url) == (200, "HIT")


def test_wsgi_hit_path_survives_a_dead_redis(redis_cache, article):
    from django.core.handlers.wsgi import WSGIHandler

    from khabar.core.middleware import PageCacheWSGIMiddleware

    django_app = WSGIHandler()
    calls = []

    def counting_app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        return django_app(environ, start_response)

    app = PageCacheWSGIMiddleware(counting_app)
    # As Django's test client does: keep the test's database connection open.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def get(path):
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        }  # fmt: skip
        status = []
        body = b"".join(app(environ, lambda s, h: status.append((s, dict(h)))))
        return status[0][0], status[0][1], body

    path = article.url.encode().decode("latin-1")  # WSGI paths are latin-1 text
    assert get(path)[0] == "200 OK"
    status, headers, body = get(path)
    assert (status, headers["X-Khabar-Cache"]) == ("200 OK", "HIT")
    assert len(calls) == 1  # the hit never reached Django
    redis_cache.stop()
    try:
        status, headers, body = get(path)
        assert status == "200 OK" and "خبر للاختبار" in body.decode()
        assert len(calls) == 2
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_purge_during_an_outage_is_delivered_when_redis_answers(
    redis_cache, client, article, publish
):
    """Redis alive but not answering (paused) while a story changes: the purge is
    held and delivered, so the old copy is never served once Redis answers."""
    url = article.url
    client.get(url)
    assert cache_state(client, url) == (200, "HIT")
    redis_cache.cli("CLIENT", "PAUSE", "1500", "ALL")
    article.title = "عنوان بعد الانقطاع"
    publish(article)  # the purge times out and is kept for later
    time.sleep(1.6)  # until the pause ends (waiting for Redis, not timing anything)
    response = client.get(url)
    assert "عنوان بعد الانقطاع" in response.content.decode()


def test_each_process_copy_is_dropped_by_a_purge_in_another(
    redis_cache, article, client
):
    """Two stores stand for two app processes: their in-memory copies (L1) are
    dropped as soon as the other one purges, with no request in between."""
    url = article.url
    client.get(url)
    key = page_cache.request_key(client.get(url).wsgi_request.META)
    first = page_cache.RedisStore("default")
    second = page_cache.RedisStore("default")
    assert first.get(key) is not None and second.get(key) is not None
    assert first.get(key) is not None  # now from its own memory
    assert first.l1
    second.purge([page_cache.page_tag(article.pk)])
    assert first.get(key) is None
    assert Client().get(url)["X-Khabar-Cache"] == "MISS"
