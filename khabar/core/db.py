"""An optional PostgreSQL read replica for anonymous readers (docs/deploy.md §8).

With ``DATABASE_REPLICA_URL`` set, the database alias ``replica`` exists and
:class:`ReplicaRouter` sends the *reads* of anonymous GET and HEAD requests to it;
every write, every signed-in request (editors must see what they just saved),
the admin, the API's writes, the worker and management commands use the primary.

One rule protects the page cache: a page rendered from a lagging replica right
after a publish would be stored with the old rows. So for
``KHABAR_REPLICA_AFTER_PURGE_SECONDS`` (default 10) after any purge, readers'
requests read from the primary too; the time of the last purge is kept in the
shared cache (Redis), where every app server sees it.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
ROUTER = "khabar.core.db.ReplicaRouter"
LAST_PURGE_KEY = "khabar:last-purge"
_reads_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "khabar_reads_from_replica", default=False
)


def replica_configured() -> bool:
    return REPLICA in connections.settings and ROUTER in settings.DATABASE_ROUTERS


def purged_now() -> None:
    """Record that something was purged (called by khabar.core.cache)."""
    if replica_configured():
        cache.set(LAST_PURGE_KEY, time.time(), None)


def replica_is_safe() -> bool:
    """True when the last purge is old enough for the replica to have applied it."""
    window = getattr(settings, "KHABAR_REPLICA_AFTER_PURGE_SECONDS", 10)
    last = cache.get(LAST_PURGE_KEY)
    return last is None or time.time() - float(last) >= window


class ReplicaRouter:
    """Reads go to the replica only inside a request the middleware allowed."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _reads_from_replica.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


class ReplicaMiddleware:
    """Lets anonymous GET/HEAD requests read from the replica (see module doc)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (
            replica_configured()
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and replica_is_safe()
        ):
            return self.get_response(request)
        token = _reads_from_replica.set(True)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
