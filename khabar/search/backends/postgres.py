"""PostgreSQL full-text search over the analysed terms (``tsv`` column, GIN)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import psycopg
from django.db import connection
from django.db.models import QuerySet

from ..query import ParsedQuery, to_tsquery, to_tsquery_title
from . import SQLBackend, T, ranking_row_sql, ranking_rows_select

#: Rows a chunk of a streamed result (libpq 17 and later; one at a time before).
STREAM_CHUNK = 32 if psycopg.capabilities.has_stream_chunked() else 1


class _BinaryRowsCursor(psycopg.Cursor):
    """Results in PostgreSQL's binary format, the statement never prepared.

    A few hundred term statistics (``bytea`` of ~1.4 kB each) arrive as
    bytes, not as hex text psycopg decodes: 280 rows read in 1.3 ms instead
    of 3.0 ms. Binary results need server-side binding, which Django's
    cursors do not use. A prepared statement would not survive a pooler in
    transaction mode (PgBouncer), hence ``prepare=False``.
    """

    def execute(self, query, params=None, *, prepare=False, binary=True):  # type: ignore[override]
        return super().execute(query, params, prepare=prepare, binary=binary)


class _StreamedRowsCursor(psycopg.Cursor):
    """``execute()`` hands the rows to ``consume`` as they arrive: chunks of
    :data:`STREAM_CHUNK` rows in binary format, never prepared (as
    :class:`_BinaryRowsCursor`). What ``consume`` returns is ``consumed``.

    The server finds and sends the rows while the client reads and scores
    the chunks before them; one chunk at a time is in memory. ``consume``
    must read every row (psycopg cancels the statement otherwise).
    """

    def __init__(self, conn, consume: Callable[[Iterator[tuple]], Any]):
        super().__init__(conn)
        self.consume = consume
        self.consumed: Any = None

    def execute(self, query, params=None, **kwargs):  # type: ignore[override]
        rows = self.stream(query, params, binary=True, size=STREAM_CHUNK)
        self.consumed = self.consume(rows)
        return self


def _execute(raw: psycopg.Cursor, sql: str, params: list) -> None:
    """``raw.execute(sql, params)`` through Django's cursor wrapper: its error
    translation, execute_wrapper() hooks and, with DEBUG, the statement in
    ``connection.queries``. (The caller closes ``raw``.)"""
    cursor = (
        connection.make_debug_cursor(raw)
        if connection.queries_logged
        else connection.make_cursor(raw)
    )
    cursor.execute(sql, params)


class PostgresBackend(SQLBackend):
    # Evaluated once through the GIN index into a materialized CTE, the count
    # and the newest taken from it. (One ORM statement with COUNT(*) OVER ()
    # would not do: the planner does not see that the window needs every
    # match, and for a common word walked the date index testing every
    # document: 100,000 stories, 525 ms instead of ~30.)
    materialized = True

    def filter(
        self, queryset: QuerySet, query: ParsedQuery, *, title_only: bool = False
    ) -> QuerySet:
        # extra(): the generated tsvector columns are not model fields (they
        # exist only on PostgreSQL), so they are addressed in SQL.
        where = ["search_searchdocument.tsv @@ to_tsquery('simple', %s)"]
        params = [to_tsquery(query)]
        if title_only:
            # Its own GIN index: a weight-restricted query on ``tsv`` would
            # have to re-read every matching row (migration 0004).
            where.append("search_searchdocument.title_tsv @@ to_tsquery('simple', %s)")
            params.append(to_tsquery_title(query))
        return queryset.extra(where=where, params=params)  # noqa: S610 (terms are alphanumeric, passed as params)

    def ranking_rows_sql(self, ids: list[int]) -> tuple[str, list]:
        # one array parameter: the statement is the same for any number of ids
        return f"{ranking_rows_select()} = ANY(%s)", [ids]

    def ranking_rows(self, ids: list[int]) -> list[tuple]:
        connection.ensure_connection()
        with _BinaryRowsCursor(connection.connection) as raw:
            _execute(raw, *self.ranking_rows_sql(ids))
            return raw.fetchall()

    def scored_candidates(
        self,
        base: QuerySet,
        query: ParsedQuery,
        *,
        score: Callable[[Iterable[tuple]], T],
        **limits: Any,
    ) -> tuple[T, int, list[int]]:
        # One statement: the candidates, each with its ranking row (joined by
        # the server, no id list sent back), streamed to ``score`` in chunks
        # so that the client scores a chunk while the server sends the next.
        # A search of 283 candidates: candidates, rows and scoring 3.4 →
        # 2.1 ms; 11 candidates 1.0 → 0.6 ms (bench/README.md, issue 9).
        sql, params = self.candidates_sql(base, query, **limits)
        table, document, columns = ranking_row_sql()
        read = ", ".join(f"r.{column}" for column in columns)
        statement = (
            f"WITH k(pk, n) AS ({sql}) "  # noqa: S608 - the backend's SQL, quoted names
            f"SELECT k.pk, {read}, k.n "
            "FROM (SELECT pk, MAX(n) AS n FROM k GROUP BY pk) AS k "
            f"LEFT JOIN {table} AS r ON r.{document} = k.pk"
        )
        count, missing = 0, []

        def rows(stream: Iterator[tuple]) -> Iterator[tuple]:
            nonlocal count
            for pk, published, stats, title_length, body_length, n in stream:
                if n is not None:
                    count = n
                if published is None:  # no ranking row (older code wrote it)
                    missing.append(pk)
                    continue
                yield pk, published, stats, title_length, body_length

        connection.ensure_connection()
        with _StreamedRowsCursor(
            connection.connection, lambda stream: score(rows(stream))
        ) as raw:
            _execute(raw, statement, params)
            scores = raw.consumed
        return scores, count, missing

    def subset_sql(
        self,
        matches: tuple[str, list],
        query: ParsedQuery,
        *,
        title_only: bool,
        enough: str,
    ) -> tuple[str, list]:
        # The match with one more condition, planned on its own (the newest
        # through the date index, or its GIN index). Read from ``m`` instead,
        # the planner misjudged the match's size and looked up every match by
        # id (41,657 stories, a common word: 84 ms).
        if title_only:
            condition, value = (
                "title_tsv @@ to_tsquery('simple', %s)",
                to_tsquery_title(query),
            )
        else:
            condition, value = "tsv @@ to_tsquery('simple', %s)", to_tsquery(query)
        inner, params = matches
        return (
            f"SELECT * FROM ({inner} AND {enough} AND {condition}) AS s(pk, published)",  # noqa: S608 - the ORM's SQL, placeholders
            [*params, value],
        )
