"""The ASGI entry point answers stored pages before Django runs, like the WSGI one."""

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.core.asgi import get_asgi_application
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from khabar.core.middleware import PageCacheASGIMiddleware
from tests.core.test_cache import same_page
from tests.factories.news import ArticlePageFactory

# Django runs the view in its own thread (and connection): committed data only.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_settings(home):
    """Made now: the first page view would create them, purging the layout."""
    from khabar.core.models import SiteSettings

    return SiteSettings.for_site(home.get_site())


@pytest.fixture
def asgi_app(site_settings):
    """Our ASGI stack, counting the requests that reach Django."""
    django_app = get_asgi_application()
    reached = []

    async def counting(scope, receive, send):
        reached.append(scope["path"])
        await django_app(scope, receive, send)

    # As Django's own test clients do: keep the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield PageCacheASGIMiddleware(counting), reached
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def asgi_get(app, path, method="GET", headers=()):
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), *headers],
        "client": ("127.0.0.1", 40000),
        "server": ("localhost", 80),
    }

    async def run():
        communicator = ApplicationCommunicator(app, scope)
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(20)
        body = b""
        while True:
            message = await communicator.receive_output(20)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {name.lower(): value for name, value in start["headers"]}
        return start["status"], headers, body

    return async_to_sync(run)()


def test_second_view_is_answered_without_django(cached, asgi_app, section):
    app, reached = asgi_app
    story = ArticlePageFactory(parent=section, title="خبر عبر ASGI")
    status, headers, body = asgi_get(app, story.url)
    assert status == 200 and headers[b"x-khabar-cache"] == b"MISS"
    assert "خبر عبر ASGI" in body.decode()
    status, headers, again = asgi_get(app, story.url)
    assert status == 200 and headers[b"x-khabar-cache"] == b"HIT"
    # The same page, but for the reader's own CSRF token.
    assert same_page(again.decode()) == same_page(body.decode())
    assert reached == [story.url]
    # Conditional GET and HEAD on the hit path too.
    status, _, empty = asgi_get(
        app, story.url, headers=[(b"if-none-match", headers[b"etag"])]
    )
    assert (status, empty) == (304, b"")
    status, _, empty = asgi_get(app, story.url, method="HEAD")
    assert (status, empty) == (200, b"")
    assert reached == [story.url]


def test_signed_in_readers_and_edits_go_through_django(cached, asgi_app, section):
    app, reached = asgi_app
    story = ArticlePageFactory(parent=section, title="قبل التعديل")
    asgi_get(app, story.url)
    asgi_get(app, story.url, headers=[(b"cookie", b"sessionid=abc")])
    assert len(reached) == 2
    story.title = "بعد التعديل"
    story.save_revision().publish()
    status, headers, body = asgi_get(app, story.url)
    assert "بعد التعديل" in body.decode() and headers[b"x-khabar-cache"] == b"MISS"
