"""SQLite FTS5 over the analysed terms (table ``search_fts``, migration 0002)."""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import QuerySet

from ..models import SearchDocument
from ..query import ParsedQuery, to_fts5
from . import SQLBackend, ranking_rows_select

#: The documents matching an FTS5 expression (the FTS table's rowid is the page id).
FTS_IDS = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"
#: (page id, date) of every document, in a narrow index (migration 0008).
DATES_INDEX = "search_doc_page_published"


class SQLiteBackend(SQLBackend):
    def filter(
        self, queryset: QuerySet, query: ParsedQuery, *, title_only: bool = False
    ) -> QuerySet:
        expression = to_fts5(query, title_column="title_terms" if title_only else None)
        # extra(): the MATCH operator has no ORM lookup, and a sub-select keeps
        # it a plain filter that composes with the other filters.
        return queryset.extra(
            where=[
                "search_searchdocument.page_id IN "
                "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
            ],
            params=[expression],
        )

    def matches_sql(self, base: QuerySet, query: ParsedQuery) -> tuple[str, list]:
        if base.query.where:  # filters: the ORM writes them
            return super().matches_sql(base, query)
        # the usual search, no filter: no ORM compilation at all, and the
        # dates read from the narrow index, not the wide rows
        return (
            f"SELECT page_id, published_at FROM {SearchDocument._meta.db_table} "  # noqa: S608 - a model's table name
            f"INDEXED BY {DATES_INDEX} "
            f"WHERE page_id IN ({FTS_IDS})",
            [to_fts5(query)],
        )

    def ranking_rows_sql(self, ids: list[int]) -> tuple[str, list]:
        # The ids as one JSON array: the statement's text is the same for any
        # number of ids, so it is prepared once per connection. With one
        # placeholder per id, each new count was a new statement, and
        # preparing one of 257 placeholders cost more than reading the rows
        # (0.64 against 0.27 ms; bench/README.md, issue 9).
        return (
            f"{ranking_rows_select()} IN (SELECT value FROM json_each(%s))",  # noqa: S608 - quoted names
            [json.dumps(ids)],
        )

    def every_match(
        self, base: QuerySet, query: ParsedQuery, *, at_most: int
    ) -> list[int] | None:
        # The usual search, no filter: FTS5 returns the ids without reading
        # the documents and stops after ``at_most + 1``. When that is all of
        # them, each is a candidate and the dates are not needed (the ranking
        # rows carry them); only when more match does the statement sorting
        # them by date run. (283 matches: 0.50 → 0.21 ms; when more match,
        # these ids cost 0.09–0.15 ms of the 1–4 ms the sort takes. SQLite
        # would not skip the sorting part of a single statement:
        # bench/README.md, issue 9.)
        if base.query.where:
            return None
        with connection.cursor() as cursor:
            cursor.execute(f"{FTS_IDS} LIMIT %s", [to_fts5(query), at_most + 1])
            ids = [pk for (pk,) in cursor.fetchall()]
        return ids if len(ids) <= at_most else None

    def subset_sql(
        self,
        matches: tuple[str, list],
        query: ParsedQuery,
        *,
        title_only: bool,
        enough: str,
    ) -> tuple[str, list]:
        # The matches already found, checked against the FTS5 result.
        expression = to_fts5(query, title_column="title_terms" if title_only else None)
        return (
            f"SELECT pk, published FROM m WHERE {enough} AND pk IN ({FTS_IDS})",  # noqa: S608 - constant SQL
            [expression],
        )
