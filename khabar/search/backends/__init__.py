"""Full-text engines: which documents match a parsed query.

Each backend turns a :class:`~khabar.search.query.ParsedQuery` into a filter on
:class:`~khabar.search.models.SearchDocument`; ranking is done in Python by
the selector, so every backend returns the same results in the same order.
The backend follows the database vendor unless ``KHABAR_SEARCH_BACKEND``
names one by dotted path (a :class:`SQLBackend`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils.module_loading import import_string

from ..models import RankingRow
from ..query import ParsedQuery

VENDOR_BACKENDS = {
    "sqlite": "khabar.search.backends.sqlite.SQLiteBackend",
    "postgresql": "khabar.search.backends.postgres.PostgresBackend",
}


T = TypeVar("T")

#: What :meth:`SQLBackend.ranking_rows` reads of a ranking row after its id.
RANKING_ROW_COLUMNS = ("published", "term_stats", "title_length", "body_length")


def ranking_row_sql() -> tuple[str, str, list[str]]:
    """The ranking rows' table, its document id column and the columns of
    :data:`RANKING_ROW_COLUMNS`, quoted for the database."""
    meta = RankingRow._meta
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    return (
        quote(meta.db_table),
        column("document"),
        [column(name) for name in RANKING_ROW_COLUMNS],
    )


def ranking_rows_select() -> str:
    """``SELECT`` the ranking row columns ``… WHERE`` the document id (the
    condition on it left to add)."""
    table, document, columns = ranking_row_sql()
    return f"SELECT {', '.join([document, *columns])} FROM {table} WHERE {document}"  # noqa: S608 - quoted names


def newest_order(matches: QuerySet) -> QuerySet:
    """Newest first; the id breaks ties, so pages never overlap."""
    return matches.order_by("-published_at", "-pk")


class SQLBackend:
    """A search engine: what the two share, :meth:`candidates` as one
    statement. An engine writes its pieces (:meth:`filter`,
    :meth:`subset_sql`, and :meth:`matches_sql` if the ORM's is not the best).

    The match is evaluated once, as the CTE ``m(pk, published)``, for the
    count and the newest; the engine compiles one statement instead of one
    per list (a search typed in a less used spelling had made three, each
    compiled by the ORM).
    """

    #: Tell the engine to evaluate the match once (PostgreSQL); SQLite
    #: materialises a CTE read more than once by itself.
    materialized = False

    def filter(
        self, queryset: QuerySet, query: ParsedQuery, *, title_only: bool = False
    ) -> QuerySet:
        """``queryset`` narrowed to the documents matching ``query``."""
        raise NotImplementedError

    def matches_sql(self, base: QuerySet, query: ParsedQuery) -> tuple[str, list]:
        """A statement selecting ``(id, date)`` of every match among ``base``."""
        return (
            self.filter(base, query)
            .order_by()
            .values_list("pk", "published_at")
            .query.sql_with_params()
        )

    def subset_sql(
        self,
        matches: tuple[str, list],
        query: ParsedQuery,
        *,
        title_only: bool,
        enough: str,
    ) -> tuple[str, list]:
        """A statement selecting, as ``pk`` and ``published``, the matches
        that also match ``query`` (in the title alone if ``title_only``).

        Its WHERE must include ``enough``, a condition on no row: false when
        so few stories match that every one is a candidate already, so that
        the engine skips the subset. (SQLite skips
        it only when that condition comes first.)
        """
        raise NotImplementedError

    def every_match(
        self, base: QuerySet, query: ParsedQuery, *, at_most: int
    ) -> list[int] | None:
        """The ids of every match among ``base`` if no more than ``at_most``
        match, found more cheaply than :meth:`candidates`' statement (no
        dates, no sort); None when more match, or when asking first does not
        pay. (PostgreSQL: the ids alone still take a heap visit per match, so
        asked first they would cost a search of more than ``at_most`` matches
        about 1 ms more; bench/README.md, issue 9.)"""
        return None

    def ranking_rows_sql(self, ids: list[int]) -> tuple[str, list]:
        """The statement :meth:`ranking_rows` runs."""
        return (
            f"{ranking_rows_select()} IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )

    def ranking_rows(self, ids: list[int]) -> list[tuple]:
        """(id, *:data:`RANKING_ROW_COLUMNS`) of the ranking rows of ``ids``
        (a few hundred candidates), in any order; a story without one is left
        out. One plain statement: the ORM's per-value work (the ``IN``
        list's parameters) cost as much as reading the rows."""
        with connection.cursor() as cursor:
            cursor.execute(*self.ranking_rows_sql(ids))
            return cursor.fetchall()

    def candidates_sql(
        self,
        base: QuerySet,
        query: ParsedQuery,
        *,
        limit: int,
        title_limit: int,
        typed: ParsedQuery | None = None,
        typed_limit: int = 0,
        every: int = 0,
    ) -> tuple[str, list]:
        """The statement of :meth:`candidates` (which see for the limits):
        rows ``(id, count)``, the count on the rows of the newest matches
        (every match when few do) and NULL on the others; an id may come
        twice."""
        limit, every = int(limit), max(int(every), int(limit))
        matches = self.matches_sql(base, query)
        enough = f"(SELECT n FROM c) > {every}"  # noqa: S608 - an integer
        subsets = [
            (
                self.subset_sql(matches, query, title_only=True, enough=enough),
                title_limit,
            )
        ]
        if typed is not None:
            subsets.append(
                (
                    self.subset_sql(matches, typed, title_only=False, enough=enough),
                    typed_limit,
                )
            )
        inner, params = matches
        order = "ORDER BY published DESC, pk DESC"
        newest = f"{order} LIMIT %s"
        cte = "MATERIALIZED " if self.materialized else ""
        sql = [
            f"WITH m(pk, published) AS {cte}({inner}), "  # noqa: S608 - the ORM's SQL, placeholders
            "c(n) AS (SELECT COUNT(*) FROM m) "
            "SELECT pk, (SELECT n FROM c) "
            f"FROM (SELECT pk, published FROM m {order} "
            f"LIMIT CASE WHEN {enough} THEN {limit} ELSE {every} END) AS a0"
        ]
        params = list(params)
        for n, ((sub_sql, sub_params), sub_limit) in enumerate(subsets, start=1):
            sql.append(f"SELECT pk, NULL FROM ({sub_sql} {newest}) AS a{n}")  # noqa: S608 - the backend's SQL, placeholders
            params += [*sub_params, sub_limit]
        return " UNION ALL ".join(sql), params

    def candidates(
        self, base: QuerySet, query: ParsedQuery, **limits: Any
    ) -> tuple[list[int], int]:
        """The stories to rank for ``query`` among ``base``, and how many match
        (``limits``: those of :meth:`candidates_sql`).

        Every match when no more than ``every`` (or ``limit``) match; else the
        ``limit`` newest matches, the ``title_limit`` newest with every
        wanted word in the title and, given ``typed`` (the query as typed,
        before other spellings were added), its ``typed_limit`` newest
        matches; ids without repeats, from one statement (or from
        :meth:`every_match` alone, when the engine has it and few match).
        """
        every = max(int(limits.get("every", 0)), int(limits["limit"]))
        if (ids := self.every_match(base, query, at_most=every)) is not None:
            return ids, len(ids)
        with connection.cursor() as cursor:
            cursor.execute(*self.candidates_sql(base, query, **limits))
            rows = cursor.fetchall()
        count = next((total for _pk, total in rows if total is not None), 0)
        return list(dict.fromkeys(pk for pk, _total in rows)), count

    def scored_candidates(
        self,
        base: QuerySet,
        query: ParsedQuery,
        *,
        score: Callable[[Iterable[tuple]], T],
        **limits: Any,
    ) -> tuple[T, int, list[int]]:
        """What ``score`` makes of the ranking rows of :meth:`candidates`
        (rows as :meth:`ranking_rows` gives them, in any order), how many
        stories match, and the candidates without a ranking row.

        Here the two statements one after the other; an engine may read the
        rows with the candidates in one statement and hand them to ``score``
        as they arrive (PostgreSQL). So ``score`` reads every row, and uses
        no database while it does.
        """
        ids, count = self.candidates(base, query, **limits)
        rows = self.ranking_rows(ids) if ids else []
        missing = []
        if len(rows) < len(ids):
            found = {row[0] for row in rows}
            missing = [pk for pk in ids if pk not in found]
        return score(rows), count, missing


def get_backend() -> SQLBackend:
    path = getattr(settings, "KHABAR_SEARCH_BACKEND", "") or VENDOR_BACKENDS.get(
        connection.vendor
    )
    if not path:
        raise LookupError(
            f"Khabar search has no backend for the {connection.vendor} database."
        )
    return import_string(path)()
