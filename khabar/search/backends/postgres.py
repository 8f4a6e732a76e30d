"""PostgreSQL full-text search over the analysed terms (``tsv`` column, GIN)."""

from __future__ import annotations

import psycopg
from django.db import connection
from django.db.models import QuerySet

from ..query import ParsedQuery, to_tsquery, to_tsquery_title
from . import SQLBackend, ranking_rows_select


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
        raw = _BinaryRowsCursor(connection.connection)
        # Django's wrapper still: its error translation, execute_wrapper()
        # hooks and, with DEBUG, the statement in connection.queries
        cursor = (
            connection.make_debug_cursor(raw)
            if connection.queries_logged
            else connection.make_cursor(raw)
        )
        with cursor:
            cursor.execute(*self.ranking_rows_sql(ids))
            return cursor.fetchall()

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
