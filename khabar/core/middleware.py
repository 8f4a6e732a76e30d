"""The page cache at both ends of Django (see khabar.core.cache and docs/deploy.md).

``PageCacheWSGIMiddleware`` wraps Django's WSGI application (khabar/wsgi.py): a
stored page goes out from the cache without Django building a request at all.

``PageCacheMiddleware`` is the first Django middleware: it serves hits too (for
ASGI, runserver and the test client), and on a miss it renders the page while the
templates record what it shows, stores it when it is the same for every anonymous
reader, and answers with ETag, Last-Modified and a gzip body.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from . import cache as page_cache

logger = logging.getLogger("khabar.cache")

# Headers that belong to one answer, not to the stored page.
_PER_RESPONSE = frozenset(
    {
        "vary",
        "content-length",
        "content-encoding",
        "etag",
        "last-modified",
        "cache-control",
        "expires",
        "date",
        "set-cookie",
    }
)
_COMPRESSIBLE = (
    "text/",
    "application/xml",
    "application/rss",
    "application/atom",
    "application/json",
)
_STATUS_LINES = {
    status.value: f"{status.value} {status.phrase}" for status in HTTPStatus
}


class PageCacheWSGIMiddleware:
    """Serve stored anonymous pages before Django runs."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable
    ) -> Iterable[bytes]:
        try:
            hit = page_cache.respond(environ)
        except Exception:  # the cache must never take the site down with it
            logger.exception("Page cache lookup failed; serving through Django.")
            hit = None
        if hit is None:
            return self.app(environ, start_response)
        status, headers, body = hit
        start_response(_STATUS_LINES[status], headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


class PageCacheASGIMiddleware:
    """The same hit path for ASGI servers: a stored page goes out before Django
    builds a request, a view runs or a thread is borrowed for sync code."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        hit = None
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            try:
                hit = page_cache.respond(_asgi_environ(scope))
            except Exception:  # the cache must never take the site down with it
                logger.exception("Page cache lookup failed; serving through Django.")
        if hit is None:
            await self.app(scope, receive, send)
            return
        status, headers, body = hit
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in headers
                ],
            }
        )
        await send(
            {
                "type": "http.response.body",
                "body": b"" if scope["method"] == "HEAD" else body,
            }
        )


def _asgi_environ(scope: dict) -> dict[str, Any]:
    """The request's META exactly as Django's ASGI handler will build it, so the
    hit path and the store path inside Django compute the same cache key."""
    from django.core.handlers.asgi import ASGIRequest

    meta = ASGIRequest(scope, io.BytesIO()).META
    meta["wsgi.url_scheme"] = scope.get("scheme") or "http"
    return meta


class PageCacheMiddleware:
    """Serve hits, store cacheable misses, and keep personal answers private."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        store = page_cache.get_store()
        if store is None:
            return self._private(request, self.get_response(request))
        meta = request.META
        # ASGI requests carry no wsgi.url_scheme; the key needs it on both paths.
        meta.setdefault("wsgi.url_scheme", request._get_scheme())
        key = meta.get(page_cache.CHECKED)
        if key is None:
            key = page_cache.request_key(meta)
            if key is None:
                return self._private(request, self.get_response(request))
            blob = store.get(key)
            entry = page_cache.Entry.loads(blob) if blob is not None else None
            if entry is not None:
                return _as_response(
                    page_cache.render_entry(entry, meta, state="HIT"), HttpResponse()
                )
        generation = store.generation()
        if generation is None:  # Redis is away: render, store nothing
            return self.get_response(request)
        capture = page_cache.Capture(key=key, generation=generation)
        token = page_cache.current.set(capture)
        try:
            response = self.get_response(request)
        finally:
            page_cache.current.reset(token)
        try:
            return self._store(request, response, capture, store)
        except Exception:  # never lose the page because the cache failed
            logger.exception("Page cache store failed; answering uncached.")
            return response

    @staticmethod
    def _private(request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """Answers to signed-in staff must never sit in a shared cache (nginx, CDN)."""
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
            "Cache-Control"
        ):
            response["Cache-Control"] = "private"
        return response

    def _store(
        self,
        request: HttpRequest,
        response: HttpResponse,
        capture: page_cache.Capture,
        store: page_cache.Store,
    ) -> HttpResponse:
        cfg = page_cache.config()
        path = request.META.get("PATH_INFO", "")
        for prefix, tag in cfg.prefix_tags.items():
            if path.startswith(prefix):
                capture.cacheable = True
                capture.tags.add(tag)
        match = request.resolver_match
        if match is not None and match.url_name == "wagtail_serve":
            page = (getattr(response, "context_data", None) or {}).get("page")
            if page is not None and getattr(page, "pk", None):
                capture.cacheable = True
                capture.tags.add(page_cache.page_tag(page.pk))
        if not (
            capture.cacheable
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
            and not any(
                word in response.get("Cache-Control", "")
                for word in ("private", "no-store", "no-cache")
            )
        ):
            return response
        query = page_cache._normal_query(request.META.get("QUERY_STRING", ""), cfg)
        capture.tags.add(page_cache.url_tag(f"{path}?{query}" if query else path))
        ttl = cfg.ttl
        if capture.expires_at is not None:
            ttl = min(ttl, int(capture.expires_at - time.time()))
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            capture.tags.add(page_cache.LAYOUT)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in _PER_RESPONSE
        ]
        entry = page_cache.make_entry(
            response.content, headers, compress=content_type.startswith(_COMPRESSIBLE)
        )
        if settings.CSRF_COOKIE_NAME in response.cookies and not entry.personal:
            return response  # a token went somewhere other than {% csrf_token %}
        if ttl >= 1:
            store.put(capture.key, entry.dumps(), capture.tags, ttl, capture.generation)
        environ = request.META
        csrf_secret = request.META.get("CSRF_COOKIE")
        if entry.personal and csrf_secret:
            # Fill this reader's page with the secret Django has just set in their
            # cookie, so the answer and its Set-Cookie agree.
            environ = {
                **request.META,
                "HTTP_COOKIE": f"{settings.CSRF_COOKIE_NAME}={csrf_secret}",
            }
        return _as_response(
            page_cache.render_entry(entry, environ, state="MISS"), response
        )


def _as_response(
    answer: tuple[int, list[tuple[str, str]], bytes], response: HttpResponse
) -> HttpResponse:
    """Put a (status, headers, body) answer into a Django response, keeping cookies."""
    status, headers, body = answer
    if status == 304:
        out: HttpResponse = HttpResponseNotModified()
        out.cookies = response.cookies
    else:
        out = response
        out.status_code = status
        out.content = body
    for name in list(out.headers):
        del out.headers[name]
    for name, value in headers:
        if name.lower() == "set-cookie":
            out.cookies.load(value)
        else:
            out.headers[name] = value
    return out
