"""The page cache: whole pages for anonymous readers, purged exactly by tag.

How a request goes (docs/deploy.md has the long version)::

    reader ── GET /politics/story/ ──▶ khabar.wsgi (PageCacheWSGIMiddleware)
                                         │ respond(environ): hit? → bytes out, Django never runs
                                         ▼ miss
                                       Django ─ PageCacheMiddleware ─ view/template
                                         │  templates tag what they show:
                                         │  page:12 (the story, every card), list:7 (a list of
                                         │  section 7's stories), layout (nav, ticker)…
                                         ▼
                                       store(key, response, tags)

A publish of story 12 under section 7 under the home page 3 purges the tags
``page:12 list:7 list:3 feeds sitemaps search``: exactly the entries that showed
the story or a list it now enters or leaves, nothing else.

Stores: ``RedisStore`` (shared by every app process; tag index in Redis sets) when
the cache alias is django-redis, otherwise ``LocalStore`` (the local-memory cache of
this process, its tag index in process memory, and a purge journal file so that
purges made by other processes on this machine, e.g. the scheduled-publishing
worker, reach it). Any other cache backend disables the page cache: its tag index
could not be kept consistent between processes.

If Redis goes away, every call fails fast, the site serves uncached, one warning is
logged per ``LOG_INTERVAL`` and purges that could not be delivered are retried when
Redis answers again.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import hashlib
import logging
import marshal
import os
import pickle
import re
import secrets
import socket
import string
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http.cookies import SimpleCookie
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.utils.http import http_date
from django.utils.translation import get_language

from .db import purged_now

logger = logging.getLogger("khabar.cache")

FORMAT = 1  # bump when the stored entry layout changes
LOG_INTERVAL = 30.0  # seconds between two "Redis is unreachable" warnings
RETRY_AFTER = 1.0  # seconds to skip Redis after a failure (no pile-up of timeouts)
CSRF_FIELD_RE = re.compile(
    rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(">)'
)
GZIP_MIN_BYTES = 512
DEFAULT_PREFIX_TAGS = {
    "/feeds/": "feeds",
    "/sitemap": "sitemaps",
    "/search/": "search",
}
# Tags every publish, unpublish, move or delete of a page purges besides the page's
# own tags: lists that may gain or lose the page (feeds, sitemaps, search results).
DEFAULT_PAGE_EVENT_TAGS = ("feeds", "sitemaps", "search")
LAYOUT = "layout"


def page_tag(pk: int) -> str:
    """The tag of responses that show page ``pk`` (its page, a card, a crumb)."""
    return f"page:{pk}"


def list_tag(pk: int) -> str:
    """The tag of responses that list the pages published under page ``pk``."""
    return f"list:{pk}"


def url_tag(path: str) -> str:
    """The tag every stored response carries for its own path (and query), on any host.

    ``url_tag("/feeds/rss/")``, ``url_tag("/sitemap-articles.xml?p=2")``.
    """
    path, _, query = path.partition("?")
    normal = _normal_query(query, config()) if query else ""
    text = f"{path}?{normal or ''}"
    return "url:" + hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


# --- Configuration ----------------------------------------------------------------


@dataclass
class Config:
    enabled: bool
    fragments: bool
    alias: str
    ttl: int
    query_params: frozenset[str]
    ignored_params: tuple[str, ...]
    cookies: frozenset[str]
    skip_prefixes: tuple[str, ...]
    prefix_tags: dict[str, str]
    microcache: int
    journal: str
    ssl_redirect: bool
    proxy_ssl_header: tuple[str, str] | None
    csrf_cookie: dict[str, Any]
    default_language: str


def _build_config() -> Config:
    admin = "/" + getattr(settings, "KHABAR_ADMIN_PATH", "admin/").strip("/") + "/"
    var_dir = getattr(settings, "VAR_DIR", "var")
    return Config(
        enabled=bool(getattr(settings, "KHABAR_PAGE_CACHE", True)),
        fragments=bool(getattr(settings, "KHABAR_FRAGMENT_CACHE", True)),
        alias=getattr(settings, "KHABAR_PAGE_CACHE_ALIAS", "default"),
        ttl=int(getattr(settings, "KHABAR_PAGE_CACHE_TTL", 3600)),
        query_params=frozenset(
            getattr(settings, "KHABAR_PAGE_CACHE_QUERY_PARAMS", ("page", "p", "q"))
        ),
        ignored_params=tuple(
            getattr(
                settings,
                "KHABAR_PAGE_CACHE_IGNORED_PARAMS",
                ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid"),
            )
        ),
        cookies=frozenset(
            [
                settings.CSRF_COOKIE_NAME,
                *getattr(settings, "KHABAR_PAGE_CACHE_COOKIES", ()),
            ]
        ),
        skip_prefixes=(
            settings.STATIC_URL or "/static/",
            settings.MEDIA_URL or "/media/",
            admin,
            "/api/",
            "/comments/",
            "/documents/",
        ),
        prefix_tags=dict(
            getattr(settings, "KHABAR_PAGE_CACHE_PREFIX_TAGS", DEFAULT_PREFIX_TAGS)
        ),
        microcache=int(getattr(settings, "KHABAR_MICROCACHE_SECONDS", 0)),
        journal=getattr(
            settings,
            "KHABAR_PAGE_CACHE_JOURNAL",
            os.path.join(var_dir, "page-cache-purges.log"),
        ),
        ssl_redirect=bool(getattr(settings, "SECURE_SSL_REDIRECT", False)),
        proxy_ssl_header=getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
        csrf_cookie={
            "max_age": settings.CSRF_COOKIE_AGE,
            "domain": settings.CSRF_COOKIE_DOMAIN,
            "path": settings.CSRF_COOKIE_PATH,
            "secure": settings.CSRF_COOKIE_SECURE,
            "httponly": settings.CSRF_COOKIE_HTTPONLY,
            "samesite": settings.CSRF_COOKIE_SAMESITE,
        },
        default_language=settings.LANGUAGE_CODE,
    )


_config: Config | None = None
_store: Store | None = None
_setup_lock = threading.Lock()


def config() -> Config:
    global _config
    if _config is None:
        _config = _build_config()
    return _config


def _any_store() -> Store | None:
    global _store
    if _store is None:
        with _setup_lock:
            if _store is None:
                _store = _make_store(config())
    return _store if _store.usable else None


def get_store() -> Store | None:
    """The page store, or None when the page cache is off."""
    store = _any_store()
    return store if store is not None and config().enabled else None


def get_fragment_store() -> Store | None:
    """The same store for template fragments, or None when fragment caching is off."""
    store = _any_store()
    return store if store is not None and config().fragments else None


def reset() -> None:
    """Forget configuration and store (settings changed; tests)."""
    global _config, _store
    _config = None
    _store = None


def _on_setting_changed(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith(("KHABAR_", "CACHES", "CSRF_", "SECURE_", "LANGUAGE")):
        reset()


setting_changed.connect(_on_setting_changed, dispatch_uid="khabar-page-cache-reset")


# --- Request facts: which requests may be served from, or stored in, the cache ----


@lru_cache(maxsize=256)
def _language(accept_language: str) -> str:
    """The language LocaleMiddleware picks for a request with no language cookie."""
    from django.utils.translation import get_language_from_request

    fake = SimpleNamespace(COOKIES={}, META={"HTTP_ACCEPT_LANGUAGE": accept_language})
    return get_language_from_request(fake)


def _cookie_names(header: str) -> Iterable[str]:
    for chunk in header.split(";"):
        name = chunk.split("=", 1)[0].strip()
        if name:
            yield name


def _cookie_value(header: str, wanted: str) -> str | None:
    for chunk in header.split(";"):
        name, _, value = chunk.partition("=")
        if name.strip() == wanted:
            return value.strip().strip('"')
    return None


def _normal_query(query: str, cfg: Config) -> str | None:
    """The query string as part of a cache key, or None if it makes a page personal.

    Tracking parameters (utm_*, fbclid …) do not change a page, so they are dropped;
    a parameter not in ``KHABAR_PAGE_CACHE_QUERY_PARAMS`` bypasses the cache.
    """
    if not query:
        return ""
    kept = []
    for name, value in parse_qsl(query, keep_blank_values=True):
        if name.startswith(cfg.ignored_params):
            continue
        if name not in cfg.query_params:
            return None
        kept.append((name, value))
    kept.sort()
    return urlencode(kept)


def _is_secure(environ: Mapping[str, Any], cfg: Config) -> bool:
    if cfg.proxy_ssl_header:
        header, secure_value = cfg.proxy_ssl_header
        value = environ.get(header)
        if value is not None:
            return value.split(",", 1)[0].strip() == secure_value
    return environ.get("wsgi.url_scheme") == "https"


def request_key(environ: Mapping[str, Any], cfg: Config | None = None) -> str | None:
    """The cache key of an anonymous GET/HEAD request, or None if it must bypass.

    Works on a WSGI environ and on Django's ``request.META`` alike, so the hit path
    in front of Django and the store path inside it agree on every key.
    """
    cfg = cfg or config()
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "/")
    if path.startswith(cfg.skip_prefixes):
        return None
    cookie_header = environ.get("HTTP_COOKIE")
    if cookie_header:
        for name in _cookie_names(cookie_header):
            if name not in cfg.cookies:
                return None  # a session, a language choice, a message: personal
    query = _normal_query(environ.get("QUERY_STRING", ""), cfg)
    if query is None:
        return None
    secure = _is_secure(environ, cfg)
    if cfg.ssl_redirect and not secure:
        return None  # Django answers with the redirect to https
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    lang = _language(environ.get("HTTP_ACCEPT_LANGUAGE", ""))
    scheme = "https" if secure else "http"
    script = environ.get("SCRIPT_NAME", "")
    return f"{scheme}://{host.lower()}{script}{path}?{query}#{lang}"


# --- Entries ----------------------------------------------------------------------


@dataclass
class Entry:
    """A stored response. ``parts`` is the body split where CSRF tokens go."""

    headers: list[tuple[str, str]]
    parts: list[bytes]
    gz: list[bytes] | None  # a gzip member, or raw deflate segments per part
    etag: str
    stored_at: float
    personal: bool = False  # carries a CSRF token filled in per request

    def dumps(self) -> bytes:
        return marshal.dumps(
            (
                FORMAT,
                self.headers,
                self.parts,
                self.gz,
                self.etag,
                self.stored_at,
                self.personal,
            )
        )

    @classmethod
    def loads(cls, blob: bytes) -> Entry | None:
        try:
            data = marshal.loads(blob)  # noqa: S302 - our own bytes from our own cache
        except (EOFError, ValueError, TypeError):
            return None
        if not isinstance(data, tuple) or data[0] != FORMAT:
            return None
        return cls(list(data[1]), data[2], data[3], data[4], data[5], data[6])


def _deflate_segment(data: bytes, *, last: bool) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15, 9)
    out = compressor.compress(data)
    # A full flush ends the segment on a byte boundary with an empty dictionary, so
    # segments compressed apart can be joined into one valid deflate stream.
    return out + compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def _gzip_member(deflated: bytes, crc: int, size: int) -> bytes:
    return b"".join(
        (
            _GZIP_HEADER,
            deflated,
            (crc & 0xFFFFFFFF).to_bytes(4, "little"),
            (size & 0xFFFFFFFF).to_bytes(4, "little"),
        )
    )


def _stored_block(data: bytes) -> bytes:
    """A non-final deflate 'stored' block (RFC 1951 3.2.4), byte aligned."""
    n = len(data)
    return b"\x00" + n.to_bytes(2, "little") + (n ^ 0xFFFF).to_bytes(2, "little") + data


def make_entry(body: bytes, headers: list[tuple[str, str]], *, compress: bool) -> Entry:
    """Split out CSRF tokens, pre-compress, and compute the validator of ``body``."""
    parts = CSRF_FIELD_RE.split(body)
    # split() returns [text, group1, group2, text, ...]: glue each token's input
    # markup back to its neighbours so that only the token itself is cut out.
    pieces: list[bytes] = [parts[0]]
    for index in range(1, len(parts), 3):
        pieces[-1] += parts[index]
        pieces.append(parts[index + 1] + parts[index + 2])
    personal = len(pieces) > 1
    gz: list[bytes] | None = None
    if compress and len(body) >= GZIP_MIN_BYTES:
        if personal:
            gz = [
                _deflate_segment(piece, last=i == len(pieces) - 1)
                for i, piece in enumerate(pieces)
            ]
        else:
            gz = [
                _gzip_member(
                    _deflate_segment(body, last=True), zlib.crc32(body), len(body)
                )
            ]
    digest = hashlib.blake2b(b"\0".join(pieces), digest_size=12).hexdigest()
    return Entry(headers, pieces, gz, f'W/"{digest}"', time.time(), personal)


_CSRF_CHARS = string.ascii_letters + string.digits  # Django's CSRF_ALLOWED_CHARS
_CSRF_INDEX = {char: index for index, char in enumerate(_CSRF_CHARS)}


def _random_alnum(length: int) -> str:
    """``length`` random characters of [A-Za-z0-9] (bytes ≥ 248 dropped: no bias)."""
    out: list[str] = []
    while len(out) < length:
        out += [_CSRF_CHARS[b % 62] for b in secrets.token_bytes(length * 2) if b < 248]
    return "".join(out[:length])


def _mask(secret: str) -> str:
    """Django's _mask_cipher_secret, with a fast random source (a hit path budget)."""
    mask = _random_alnum(len(secret))
    index = _CSRF_INDEX
    cipher = "".join(
        _CSRF_CHARS[(index[s] + index[m]) % 62]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def _csrf_token_for(cookie_header: str | None, cfg: Config) -> tuple[str, str | None]:
    """A masked CSRF token for this reader, and a Set-Cookie value if they had none.

    The same scheme as Django's ``get_token`` (the cookie holds the secret, the page
    a masked copy), so Django's CSRF check accepts it exactly as one made by
    ``{% csrf_token %}``.
    """
    from django.middleware.csrf import (
        CSRF_SECRET_LENGTH,
        CSRF_TOKEN_LENGTH,
        _unmask_cipher_token,
    )

    secret = (
        _cookie_value(cookie_header, settings.CSRF_COOKIE_NAME)
        if cookie_header
        else None
    )
    if secret and secret.isascii() and secret.isalnum():
        if len(secret) == CSRF_TOKEN_LENGTH:
            secret = _unmask_cipher_token(secret)
        if len(secret) == CSRF_SECRET_LENGTH:
            return _mask(secret), None
    secret = _random_alnum(CSRF_SECRET_LENGTH)
    return _mask(secret), _csrf_cookie(secret, cfg)


_cookie_suffix: tuple[int, str] = (0, "")


def _csrf_cookie(secret: str, cfg: Config) -> str:
    """The Set-Cookie value Django's CsrfViewMiddleware would send (attributes are
    built once a second: only ``expires`` changes)."""
    global _cookie_suffix
    now = int(time.time())
    if _cookie_suffix[0] != now:
        cookie: SimpleCookie = SimpleCookie()
        cookie["x"] = "x"
        morsel = cookie["x"]
        options = cfg.csrf_cookie
        if options["max_age"] is not None:
            morsel["max-age"] = int(options["max_age"])
            morsel["expires"] = http_date(now + options["max_age"])
        morsel["path"] = options["path"]
        if options["domain"]:
            morsel["domain"] = options["domain"]
        if options["secure"]:
            morsel["secure"] = True
        if options["httponly"]:
            morsel["httponly"] = True
        if options["samesite"]:
            morsel["samesite"] = options["samesite"]
        _cookie_suffix = (now, morsel.OutputString()[len("x=x") :])
    return f"{settings.CSRF_COOKIE_NAME}={secret}{_cookie_suffix[1]}"


def _wants_gzip(accept_encoding: str) -> bool:
    if "gzip" not in accept_encoding:
        return False
    return "gzip;q=0" not in accept_encoding.replace(" ", "").replace("q=0.0", "q=0")


def _not_modified(entry: Entry, environ: Mapping[str, Any]) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        wanted = entry.etag.removeprefix("W/")
        return any(
            tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(",")
        )
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if since:
        try:
            parsed = email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(entry.stored_at) <= parsed
    return False


_http_date = lru_cache(maxsize=4096)(http_date)


def render_entry(
    entry: Entry, environ: Mapping[str, Any], *, state: str
) -> tuple[int, list[tuple[str, str]], bytes]:
    """The response to send for ``entry``: 304, or the body in the best encoding."""
    cfg = config()
    validators = [
        ("ETag", entry.etag),
        ("Last-Modified", _http_date(int(entry.stored_at))),
        ("Vary", "Accept-Encoding"),
        (
            "Cache-Control",
            "private, max-age=0, must-revalidate"
            if entry.personal
            else "public, max-age=0, must-revalidate",
        ),
        ("X-Khabar-Cache", state),
    ]
    if cfg.microcache and not entry.personal:
        validators.append(("X-Accel-Expires", str(cfg.microcache)))
    if _not_modified(entry, environ):
        return 304, validators, b""
    headers = entry.headers + validators
    gzip_ok = entry.gz is not None and _wants_gzip(
        environ.get("HTTP_ACCEPT_ENCODING", "")
    )
    if not entry.personal:
        if gzip_ok:
            body = entry.gz[0]
            headers.append(("Content-Encoding", "gzip"))
        else:
            body = entry.parts[0]
    else:
        token, set_cookie = _csrf_token_for(environ.get("HTTP_COOKIE"), cfg)
        token_bytes = token.encode("ascii")
        if set_cookie:
            headers.append(("Set-Cookie", set_cookie))
        if gzip_ok:
            crc = 0
            size = 0
            chunks = []
            last = len(entry.parts) - 1
            for index, (piece, segment) in enumerate(
                zip(entry.parts, entry.gz, strict=True)
            ):
                chunks.append(segment)
                crc = zlib.crc32(piece, crc)
                size += len(piece)
                if index < last:
                    chunks.append(_stored_block(token_bytes))
                    crc = zlib.crc32(token_bytes, crc)
                    size += len(token_bytes)
            body = _gzip_member(b"".join(chunks), crc, size)
            headers.append(("Content-Encoding", "gzip"))
        else:
            body = token_bytes.join(entry.parts)
    headers.append(("Content-Length", str(len(body))))
    return 200, headers, body


# --- Stores -----------------------------------------------------------------------


class Store:
    """Where entries live, with a tag → keys index and a purge generation."""

    usable = True

    def get(self, key: str) -> bytes | None:
        raise NotImplementedError

    def generation(self) -> int | None:
        raise NotImplementedError

    def put(
        self, key: str, blob: bytes, tags: Iterable[str], ttl: int, gen: int
    ) -> bool:
        raise NotImplementedError

    def purge(self, tags: Iterable[str]) -> int:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError


def _digest(key: str) -> str:
    return hashlib.blake2b(
        key.encode("utf-8", "surrogateescape"), digest_size=16
    ).hexdigest()


class _Breaker:
    """Fail fast while Redis is away; log once per interval; note recovery."""

    def __init__(self) -> None:
        self.open_until = 0.0
        self.last_log = 0.0
        self.down = False

    def allow(self) -> bool:
        return time.monotonic() >= self.open_until

    def failed(self, exc: Exception) -> None:
        now = time.monotonic()
        self.open_until = now + RETRY_AFTER
        if not self.down or now - self.last_log >= LOG_INTERVAL:
            logger.warning(
                "Page cache: Redis is unreachable (%s); pages are served uncached.",
                exc.__class__.__name__,
            )
            self.last_log = now
        self.down = True

    def succeeded(self) -> None:
        if self.down:
            self.down = False
            logger.warning("Page cache: Redis answers again; caching resumed.")


class _Tracker:
    """Tells, without a round trip, whether any purge happened since the last look.

    Redis's server-assisted client-side caching (CLIENT TRACKING, RESP2 redirect
    mode): a tracking connection reads the purge generation key, and Redis pushes an
    invalidation message to a subscribed connection when any process bumps it. A
    hit then costs one non-blocking ``recv`` instead of a round trip.

    Why this is fresh, not just "soon": Redis queues the push to every tracking
    process while it executes the INCR that starts a purge, before it answers the
    purging process, which then needs another round trip (UNLINK) to finish. So once
    a publish has returned, the push already sits in the other processes' sockets.
    Any failure (refused, reset, timeout) answers "changed", which empties this
    process's copies, and the store falls back to asking Redis every time.
    """

    def __init__(self, client: Any, gen_key: str) -> None:
        kwargs = client.connection_pool.connection_kwargs
        self.address = (kwargs.get("host", "127.0.0.1"), int(kwargs.get("port", 6379)))
        self.username = kwargs.get("username")
        self.password = kwargs.get("password")
        self.gen_key = gen_key.encode()
        self.sub: socket.socket | None = None
        self.trk: socket.socket | None = None
        self.pid = 0
        self.retry_at = 0.0

    @staticmethod
    def _command(*parts: bytes | str) -> bytes:
        out = [b"*%d\r\n" % len(parts)]
        for part in parts:
            data = part.encode() if isinstance(part, str) else part
            out.append(b"$%d\r\n%s\r\n" % (len(data), data))
        return b"".join(out)

    @staticmethod
    def _reply(sock: socket.socket, until: bytes) -> bytes:
        data = b""
        while until not in data:
            chunk = sock.recv(4096)
            if not chunk:
                raise ConnectionError("Redis closed the tracking connection.")
            data += chunk
            if data.startswith(b"-"):
                raise ConnectionError(
                    data.split(b"\r\n", 1)[0].decode(errors="replace")
                )
        return data

    def _open(self) -> socket.socket:
        sock = socket.create_connection(self.address, timeout=0.5)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.password:
            auth = (self.username, self.password) if self.username else (self.password,)
            sock.sendall(self._command("AUTH", *auth))
            self._reply(sock, b"\r\n")
        return sock

    def _connect(self) -> None:
        self.close()
        sub = self._open()
        sub.sendall(self._command("CLIENT", "ID"))
        client_id = self._reply(sub, b"\r\n").split(b"\r\n")[0].lstrip(b":")
        sub.sendall(self._command("SUBSCRIBE", "__redis__:invalidate"))
        self._reply(sub, b":1\r\n")
        sub.setblocking(False)
        trk = self._open()
        trk.sendall(self._command("CLIENT", "TRACKING", "on", "REDIRECT", client_id))
        self._reply(trk, b"+OK\r\n")
        self.sub, self.trk, self.pid = sub, trk, os.getpid()
        self._arm()

    def _arm(self) -> None:
        """Read the generation key, so Redis tracks it for us (one-shot per read)."""
        if self.trk is None:
            raise ConnectionError("The tracking connection is closed.")
        self.trk.sendall(self._command("GET", self.gen_key))
        reply = self._reply(self.trk, b"\r\n")
        if reply.startswith(b"$") and not reply.startswith(b"$-1"):
            head = reply.index(b"\r\n") + 2
            length = int(reply[1 : head - 2])
            while len(reply) < head + length + 2:
                chunk = self.trk.recv(4096)
                if not chunk:
                    raise ConnectionError("Redis closed the tracking connection.")
                reply += chunk

    def close(self) -> None:
        for sock in (self.sub, self.trk):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()
        self.sub = self.trk = None

    def changed(self) -> bool:
        if self.sub is None or self.pid != os.getpid():
            if time.monotonic() < self.retry_at:
                return True
            try:
                self._connect()
            except OSError:  # ConnectionError and socket.timeout are OSErrors
                self.close()
                self.retry_at = time.monotonic() + RETRY_AFTER
            return True
        try:
            data = self.sub.recv(65536)
        except BlockingIOError:
            return False  # nothing pushed: no purge since the last look
        except OSError:
            self.close()
            return True
        if not data:
            self.close()
            return True
        with contextlib.suppress(BlockingIOError, OSError):
            while self.sub.recv(65536):
                pass
        try:
            self._arm()
        except OSError:
            self.close()
        return True


class RedisStore(Store):
    """Entries as Redis strings, the tag index as Redis sets (atomic SADD/SMEMBERS).

    Each process keeps its most used entries in memory too (``L1_ENTRIES``), valid
    until the tracker reports a purge anywhere; then they are all dropped.
    """

    L1_ENTRIES = 512

    def __init__(self, alias: str) -> None:
        from django_redis import get_redis_connection
        from redis.exceptions import RedisError

        self.client = get_redis_connection(alias)
        self.errors = (RedisError, OSError)
        prefix = settings.CACHES[alias].get("KEY_PREFIX", "") or ""
        self.prefix = f"{prefix}:kpc:"
        self.gen_key = self.prefix + "gen"
        self.breaker = _Breaker()
        self.pending: set[str] = set()
        self.lock = threading.Lock()
        self.l1: OrderedDict[str, bytes] = OrderedDict()
        self.l1_lock = threading.Lock()
        self.l1_epoch = 0
        self.l1_entries = int(
            getattr(settings, "KHABAR_PAGE_CACHE_L1_ENTRIES", self.L1_ENTRIES)
        )
        self.tracker = _Tracker(self.client, self.gen_key) if self.l1_entries else None

    def _entry_key(self, key: str) -> str:
        return self.prefix + "e:" + _digest(key)

    def _tag_key(self, tag: str) -> str:
        return self.prefix + "t:" + tag

    def _flush_pending(self) -> None:
        with self.lock:
            tags, self.pending = self.pending, set()
        if tags:
            logger.warning(
                "Page cache: delivering %d purges held while Redis was away.", len(tags)
            )
            self._purge(tags)

    def get(self, key: str) -> bytes | None:
        entry_key = self._entry_key(key)
        if self.tracker is not None:
            with self.l1_lock:
                if self.tracker.changed():
                    self.l1.clear()
                    self.l1_epoch += 1
                blob = self.l1.get(entry_key)
                if blob is not None:
                    self.l1.move_to_end(entry_key)
                    return blob
                epoch = self.l1_epoch
        if not self.breaker.allow():
            return None
        try:
            if self.pending:
                self._flush_pending()
            blob = self.client.get(entry_key)
        except self.errors as exc:
            self.breaker.failed(exc)
            return None
        self.breaker.succeeded()
        if blob is not None and self.tracker is not None:
            with self.l1_lock:
                # Only if no purge was seen since before the read: never keep a copy
                # that a purge racing with this read has already deleted.
                if self.l1_epoch == epoch and self.tracker.sub is not None:
                    self.l1[entry_key] = blob
                    if len(self.l1) > self.l1_entries:
                        self.l1.popitem(last=False)
        return blob

    def _drop_l1(self) -> None:
        if self.tracker is not None:
            with self.l1_lock:
                self.l1.clear()
                self.l1_epoch += 1

    def generation(self) -> int | None:
        if not self.breaker.allow():
            return None
        try:
            value = self.client.get(self.gen_key)
        except self.errors as exc:
            self.breaker.failed(exc)
            return None
        return int(value or 0)

    def put(
        self, key: str, blob: bytes, tags: Iterable[str], ttl: int, gen: int
    ) -> bool:
        if not self.breaker.allow():
            return False
        entry_key = self._entry_key(key)
        try:
            pipe = self.client.pipeline(transaction=False)
            # Index first, then the entry, then re-read the generation: a purge that
            # ran at any moment of this either sees the index or bumps the generation.
            for tag in tags:
                tag_key = self._tag_key(tag)
                pipe.sadd(tag_key, entry_key)
                pipe.expire(tag_key, ttl + 60)
            pipe.set(entry_key, blob, ex=ttl)
            pipe.get(self.gen_key)
            now_gen = int(pipe.execute()[-1] or 0)
            if now_gen != gen:
                self.client.delete(entry_key)
                return False
        except self.errors as exc:
            self.breaker.failed(exc)
            return False
        return True

    def _purge(self, tags: Iterable[str]) -> int:
        tag_keys = [self._tag_key(tag) for tag in tags]
        if not tag_keys:
            return 0
        pipe = self.client.pipeline(transaction=False)
        pipe.incr(self.gen_key)
        for tag_key in tag_keys:
            pipe.smembers(tag_key)
        results = pipe.execute()
        entry_keys = set().union(*results[1:])
        pipe = self.client.pipeline(transaction=False)
        if entry_keys:
            pipe.unlink(*entry_keys)
        pipe.unlink(*tag_keys)
        pipe.execute()
        return len(entry_keys)

    def purge(self, tags: Iterable[str]) -> int:
        tags = set(tags)
        self._drop_l1()
        try:
            return self._purge(tags)
        except self.errors as exc:
            self.breaker.failed(exc)
            with self.lock:
                self.pending |= tags
            return 0

    def clear(self) -> None:
        self._drop_l1()
        with self.lock:
            self.pending = set()
        try:
            cursor = 0
            while True:
                cursor, keys = self.client.scan(
                    cursor, match=self.prefix + "*", count=1000
                )
                if keys:
                    self.client.unlink(*keys)
                if cursor == 0:
                    break
        except self.errors as exc:
            self.breaker.failed(exc)


class LocalStore(Store):
    """This process's local-memory cache; purges from other processes via a journal.

    The journal is an append-only file of purged tags (one purge a line). Every
    lookup compares its size with what this process has applied (one ``fstat``) and
    applies what is new, so a story published by the worker or another server
    process on this machine is purged here before the next page is served.
    """

    def __init__(self, alias: str, journal: str) -> None:
        from django.core.cache import caches

        self.cache = caches[alias]
        self.index: dict[str, set[str]] = {}
        self.lock = threading.RLock()
        self.journal_path = journal
        os.makedirs(os.path.dirname(journal) or ".", exist_ok=True)
        self.journal = open(journal, "a+b")  # lives as long as the process
        self.applied = os.fstat(self.journal.fileno()).st_size

    def _catch_up(self) -> int:
        size = os.fstat(self.journal.fileno()).st_size
        if size != self.applied:
            with self.lock:
                if size < self.applied:  # truncated by hand: drop everything
                    self._drop(set(self.index))
                else:
                    with open(self.journal_path, "rb") as journal:
                        journal.seek(self.applied)
                        news = journal.read(size - self.applied)
                    complete = news[: news.rfind(b"\n") + 1]
                    size = self.applied + len(complete)
                    tags = {t for t in complete.decode("utf-8", "replace").split() if t}
                    self._drop(tags)
                self.applied = size
        return size

    def _drop(self, tags: Iterable[str]) -> int:
        keys: set[str] = set()
        for tag in tags:
            keys |= self.index.pop(tag, set())
        if keys:
            self.cache.delete_many(list(keys))
        return len(keys)

    def get(self, key: str) -> bytes | None:
        self._catch_up()
        return self.cache.get("kpc:e:" + _digest(key))

    def generation(self) -> int | None:
        return self._catch_up()

    def put(
        self, key: str, blob: bytes, tags: Iterable[str], ttl: int, gen: int
    ) -> bool:
        entry_key = "kpc:e:" + _digest(key)
        with self.lock:
            if self._catch_up() != gen:
                return False
            for tag in tags:
                self.index.setdefault(tag, set()).add(entry_key)
            self.cache.set(entry_key, blob, ttl)
        return True

    def purge(self, tags: Iterable[str]) -> int:
        tags = {tag for tag in tags if tag and not any(c.isspace() for c in tag)}
        if not tags:
            return 0
        line = (" ".join(sorted(tags)) + "\n").encode()
        with self.lock:
            self._catch_up()
            os.write(self.journal.fileno(), line)  # O_APPEND: one atomic append
            self.applied += len(line)
            return self._drop(tags)

    def clear(self) -> None:
        with self.lock:
            self._catch_up()
            self._drop(set(self.index))


class _Disabled(Store):
    usable = False


def _make_store(cfg: Config) -> Store:
    if not (cfg.enabled or cfg.fragments):
        return _Disabled()
    backend = settings.CACHES.get(cfg.alias, {}).get("BACKEND", "")
    if backend.startswith("django_redis."):
        return RedisStore(cfg.alias)
    if backend == "django.core.cache.backends.locmem.LocMemCache":
        return LocalStore(cfg.alias, cfg.journal)
    logger.warning(
        "Page cache: the cache backend %s cannot keep the tag index consistent; "
        "the page cache is off. Use Redis or local memory.",
        backend,
    )
    return _Disabled()


# --- The hit path -----------------------------------------------------------------


CHECKED = "khabar.page_cache.checked"  # environ flag: the WSGI layer already looked


def respond(environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes] | None:
    """Answer from the cache, or None (a miss or a request that must bypass)."""
    store = get_store()
    if store is None:
        return None
    key = request_key(environ)
    if key is None:
        return None
    environ[CHECKED] = key
    blob = store.get(key)
    if blob is None:
        return None
    entry = Entry.loads(blob)
    if entry is None:
        return None
    return render_entry(entry, environ, state="HIT")


# --- Collecting tags while a page renders -----------------------------------------


@dataclass
class Capture:
    """What the response being rendered depends on; filled by templates and views."""

    key: str
    generation: int
    tags: set[str] = field(default_factory=set)
    cacheable: bool = False
    expires_at: float | None = None


current: contextvars.ContextVar[Capture | None] = contextvars.ContextVar(
    "khabar_page_cache_capture", default=None
)


def tag_response(*tags: str) -> None:
    """Record that the response being rendered shows what ``tags`` name.

    Safe to call anywhere (templates, views, selectors' callers): a no-op outside a
    cacheable request.
    """
    capture = current.get()
    if capture is not None:
        capture.tags.update(str.__str__(tag) for tag in tags)  # plain str


def mark_cacheable(*tags: str) -> None:
    """Opt the response being rendered into the page cache, with its tags.

    Wagtail pages and the URL prefixes in ``KHABAR_PAGE_CACHE_PREFIX_TAGS`` are
    opted in already; another view (say the API) calls this to join.
    """
    capture = current.get()
    if capture is not None:
        capture.cacheable = True
        capture.tags.update(str.__str__(tag) for tag in tags)  # plain str


def expires_at(when: Any) -> None:
    """The response being rendered goes stale at ``when`` (datetime or timestamp)."""
    capture = current.get()
    if capture is None or when is None:
        return
    stamp = when.timestamp() if hasattr(when, "timestamp") else float(when)
    if capture.expires_at is None or stamp < capture.expires_at:
        capture.expires_at = stamp


# --- Purging ----------------------------------------------------------------------


_purge_tag_providers: list[Callable[[Any], Iterable[str]]] = []


def register_purge_tags(provider: Callable[[Any], Iterable[str]]) -> None:
    """Let an outer app add tags to purge when a page is published, moved, deleted.

    ``provider(page)`` returns tags, e.g. the seo app's
    ``lambda page: [f"feed:{page.get_parent().pk}"]`` for exact per-section feeds.
    """
    if provider not in _purge_tag_providers:
        _purge_tag_providers.append(provider)


def register_purge_urls(provider: Callable[[Any], Iterable[str]]) -> None:
    """The same with paths: ``provider(page)`` returns paths such as ``/feeds/rss/``.

    For the seo app: ``register_purge_urls(seo_urls_for_page)`` in its ready().
    """

    def tags(page: Any) -> list[str]:
        return [url_tag(path) for path in provider(page)]

    tags.__qualname__ = f"url_tags_of_{getattr(provider, '__name__', 'provider')}"
    if not any(
        getattr(p, "__qualname__", "") == tags.__qualname__
        for p in _purge_tag_providers
    ):
        _purge_tag_providers.append(tags)


def purge_tags(tags: Iterable[str]) -> int:
    """Delete every stored page that carries one of ``tags``; returns how many.

    Inside a transaction it purges now and once more after the commit: a reader who
    asks in between is rendered from the old rows and must not stay stored.
    """
    tags = frozenset(tags)
    if not tags:
        return 0
    # Readers use the primary until a replica has applied the change (khabar/core/db.py).
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(purged_now)
    else:
        purged_now()
    store = _any_store()
    if store is None:
        return 0
    purged = store.purge(tags)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: store.purge(tags))
    logger.debug("Page cache: purged %s (%d pages).", " ".join(sorted(tags)), purged)
    return purged


def page_event_tags(page: Any, *, extra_parents: Iterable[Any] = ()) -> set[str]:
    """Tags a publish, unpublish, move or delete of ``page`` must purge.

    The page itself (its URL, every card and crumb showing it), the lists of every
    ancestor (home, sections) it enters or leaves, the navigation when it is a
    top-level section, and the lists outer apps keep (feeds, sitemaps, search).
    Only Wagtail's generic Page API: core knows no page type.
    """
    from wagtail.models import Page

    tags = {page_tag(page.pk), *DEFAULT_PAGE_EVENT_TAGS}
    paths = {page.path, *(parent.path + "0000" for parent in extra_parents if parent)}
    ancestor_paths = {
        path[:end]
        for path in paths
        for end in range(Page.steplen * 2, len(path), Page.steplen)
    }
    if ancestor_paths:
        tags |= {
            list_tag(pk)
            for pk in Page.objects.filter(path__in=ancestor_paths).values_list(
                "pk", flat=True
            )
        }
    if page.depth == 3 or any(getattr(p, "depth", 0) == 2 for p in extra_parents):
        tags.add(LAYOUT)  # the main navigation lists the home page's children
    for provider in _purge_tag_providers:
        tags |= set(provider(page))
    return tags


def purge_page(page: Any, *, extra_parents: Iterable[Any] = ()) -> int:
    return purge_tags(page_event_tags(page, extra_parents=extra_parents))


def purge_page_content(page: Any) -> int:
    """Something shown with ``page`` changed (an approved comment): purge what shows it."""
    return purge_tags({page_tag(page.pk)})


def purge_layout() -> int:
    """The furniture of every page changed (ticker, site settings)."""
    return purge_tags({LAYOUT})


def purge_all() -> None:
    store = _any_store()
    if store is not None:
        store.clear()


# --- Fragments ---------------------------------------------------------------------

CSRF_MARK = "\x00khabar-csrf\x00"
_CSRF_TEXT_RE = re.compile(
    r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(">)'
)


def fragment(
    name: str, vary: Iterable[Any], render: Callable[[], str], request: Any = None
) -> str:
    """A piece of a page, rendered once and reused until one of its tags is purged.

    The tags recorded while ``render()`` runs (cards, crumbs, lists, expiry) are
    stored with it and re-applied to the page being rendered on every reuse, so a
    page built from fragments is purged exactly like one rendered from scratch.
    CSRF tokens inside are stored as a mark and re-made for each request.
    """
    store = get_fragment_store()
    method = getattr(request, "method", "GET")
    if (
        store is None
        or method != "GET"
        or (request is not None and _signed_in(request))
    ):
        return render()
    key = "frag:" + name + "\x1f" + "\x1f".join(map(str, [*vary, get_language()]))
    blob = store.get(key)
    if blob is not None:
        try:
            _format, html, tags, until = marshal.loads(blob)  # noqa: S302 - our own bytes
        except (EOFError, ValueError, TypeError):
            html = None
        if html is not None and _format == FORMAT:
            tag_response(*tags)
            if until:
                expires_at(until)
            return _fill_csrf_mark(html, request)
    generation = store.generation()
    outer = current.get()
    inner = Capture(key=key, generation=generation or 0)
    token = current.set(inner)
    try:
        html = str.__str__(render())  # a plain str (marshal refuses SafeString)
    finally:
        current.reset(token)
    if outer is not None:
        outer.tags |= inner.tags
        if inner.expires_at is not None:
            expires_at(inner.expires_at)
    ttl = config().ttl
    if inner.expires_at is not None:
        ttl = min(ttl, int(inner.expires_at - time.time()))
    if generation is not None and ttl >= 1:
        stored = _CSRF_TEXT_RE.sub(lambda m: m.group(1) + CSRF_MARK + m.group(2), html)
        blob = marshal.dumps(
            (FORMAT, stored, sorted(inner.tags), inner.expires_at or 0.0)
        )
        store.put(key, blob, inner.tags | {"fragments"}, ttl, generation)
    return html


def _signed_in(request: Any) -> bool:
    return settings.SESSION_COOKIE_NAME in getattr(request, "COOKIES", {})


def _fill_csrf_mark(html: str, request: Any) -> str:
    if CSRF_MARK not in html:
        return html
    from django.middleware.csrf import get_token

    parts = html.split(CSRF_MARK)
    out = [parts[0]]
    for part in parts[1:]:
        out.append(get_token(request) if request is not None else "")
        out.append(part)
    return "".join(out)


# --- Memos: small values read on every request -------------------------------------


def memo(
    name: str,
    compute: Callable[[], Any],
    tags: Iterable[str] | Callable[[Any], Iterable[str]],
) -> Any:
    """``compute()``'s value, stored with the fragments and reused until one of
    ``tags`` is purged (in any process: the store's purges reach every process).
    ``tags`` may be a function of the value.

    For small things every request reads and that change rarely (the site a host
    name belongs to, the pages behind a login); values are pickled, so they must
    be picklable (model instances are). Without a fragment store it just computes.
    """
    store = get_fragment_store()
    if store is None:
        return compute()
    key = "memo:" + name
    blob = store.get(key)
    if blob is not None:
        try:
            return pickle.loads(blob)  # noqa: S301 - our own bytes, our own store
        except Exception:  # noqa: BLE001 - an entry of an older code version: recompute
            logger.debug("Unreadable memo %s; recomputing.", name)
    generation = store.generation()
    value = compute()
    if callable(tags):
        tags = tags(value)
    if generation is not None:
        store.put(
            key,
            pickle.dumps(value, pickle.HIGHEST_PROTOCOL),
            {*tags, "fragments"},
            config().ttl,
            generation,
        )
    return value
