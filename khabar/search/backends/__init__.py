"""Full-text engines: which documents match a parsed query.

Each backend turns a :class:`~khabar.search.query.ParsedQuery` into a filter on
:class:`~khabar.search.models.SearchDocument`; ranking is done in Python by
the selector, so every backend returns the same results in the same order.
The backend follows the database vendor unless ``KHABAR_SEARCH_BACKEND``
names one by dotted path.
"""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from ..query import ParsedQuery

VENDOR_BACKENDS = {
    "sqlite": "khabar.search.backends.sqlite.SQLiteBackend",
    "postgresql": "khabar.search.backends.postgres.PostgresBackend",
}


class SearchBackend(Protocol):
    def filter(
        self, queryset: QuerySet, query: ParsedQuery, *, title_only: bool = False
    ) -> QuerySet:
        """``queryset`` narrowed to the documents matching ``query``."""
        ...

    def newest(self, matches: QuerySet, limit: int) -> tuple[list[int], int]:
        """The ids of the ``limit`` newest ``matches`` and how many match in all."""
        ...


def newest_order(matches: QuerySet) -> QuerySet:
    """Newest first; the id breaks ties, so pages never overlap."""
    return matches.order_by("-published_at", "-pk")


def get_backend() -> SearchBackend:
    path = getattr(settings, "KHABAR_SEARCH_BACKEND", "") or VENDOR_BACKENDS.get(
        connection.vendor
    )
    if not path:
        raise LookupError(
            f"Khabar search has no backend for the {connection.vendor} database."
        )
    return import_string(path)()
