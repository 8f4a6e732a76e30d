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

    def candidates(
        self,
        base: QuerySet,
        query: ParsedQuery,
        *,
        limit: int,
        title_limit: int,
        typed: ParsedQuery | None = None,
        typed_limit: int = 0,
    ) -> tuple[list[int], int]:
        """The stories to rank for ``query`` among ``base``, and how many match.

        The ``limit`` newest matches, the ``title_limit`` newest with every
        wanted word in the title and, given ``typed`` (the query as typed,
        before other spellings were added), its ``typed_limit`` newest
        matches; ids without repeats, in that order. One statement.
        """
        ...


def newest_order(matches: QuerySet) -> QuerySet:
    """Newest first; the id breaks ties, so pages never overlap."""
    return matches.order_by("-published_at", "-pk")


def candidates_statement(
    matches: tuple[str, list],
    subsets: list[tuple[str, list, int]],
    limit: int,
    *,
    materialized: bool,
) -> tuple[str, list]:
    """One statement for :meth:`SearchBackend.candidates`.

    ``matches`` selects ``(id, date)`` of every match; it is evaluated once,
    as the CTE ``m(pk, published)``, for the count and the ``limit`` newest.
    Each subset is a statement selecting some matches as columns ``pk`` and
    ``published`` (it may read ``m``), and how many of its newest to take;
    it is read only when at least ``limit`` stories match (else every match
    is a candidate already). The engine compiles one statement instead of
    one per list: a search typed in a less used spelling had made three,
    each compiled by the ORM.
    """
    inner, params = matches
    newest = "ORDER BY published DESC, pk DESC LIMIT %s"
    cte = "MATERIALIZED " if materialized else ""
    sql = [
        f"WITH m(pk, published) AS {cte}({inner}), "  # noqa: S608 - the ORM's SQL, placeholders
        "c(n) AS (SELECT COUNT(*) FROM m) "
        "SELECT pk, (SELECT n FROM c) "
        f"FROM (SELECT pk, published FROM m {newest}) AS a0"
    ]
    params = [*params, limit]
    for n, (sub_sql, sub_params, sub_limit) in enumerate(subsets, start=1):
        # Fewer matches than ``limit``: all are candidates already, and the
        # engines skip the subset (a condition on no row, checked once).
        sql.append(
            f"SELECT pk, NULL FROM (SELECT pk, published FROM ({sub_sql}) AS s{n} "  # noqa: S608 - the backend's SQL, placeholders
            f"WHERE (SELECT n FROM c) >= %s {newest}) AS a{n}"
        )
        params += [*sub_params, limit, sub_limit]
    return " UNION ALL ".join(sql), params


def candidates_run(statement: tuple[str, list]) -> tuple[list[int], int]:
    sql, params = statement
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    count = next((total for _pk, total in rows if total is not None), 0)
    return list(dict.fromkeys(pk for pk, _total in rows)), count


def get_backend() -> SearchBackend:
    path = getattr(settings, "KHABAR_SEARCH_BACKEND", "") or VENDOR_BACKENDS.get(
        connection.vendor
    )
    if not path:
        raise LookupError(
            f"Khabar search has no backend for the {connection.vendor} database."
        )
    return import_string(path)()
