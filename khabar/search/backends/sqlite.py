"""SQLite FTS5 over the analysed terms (table ``search_fts``, migration 0002)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import SearchDocument
from ..query import ParsedQuery, to_fts5
from . import candidates_run, candidates_statement

#: The documents matching an FTS5 expression (the FTS table's rowid is the page id).
FTS_IDS = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s"


class SQLiteBackend:
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
        if base.query.where:  # filters: the ORM writes them
            matches = (
                self.filter(base, query)
                .order_by()
                .values_list("pk", "published_at")
                .query.sql_with_params()
            )
        else:  # the usual search, no filter: no ORM compilation at all
            matches = (
                f"SELECT page_id, published_at FROM {SearchDocument._meta.db_table} "  # noqa: S608 - a model's table name
                f"WHERE page_id IN ({FTS_IDS})",
                [to_fts5(query)],
            )
        # The subsets read the matches already found (SQLite checks each
        # against the FTS5 result, kept as an index).
        subset = f"SELECT pk, published FROM m WHERE pk IN ({FTS_IDS})"  # noqa: S608 - constant SQL
        subsets = [(subset, [to_fts5(query, title_column="title_terms")], title_limit)]
        if typed is not None:
            subsets.append((subset, [to_fts5(typed)], typed_limit))
        # No MATERIALIZED: SQLite (3.35+) materialises a CTE read more than
        # once by itself, and older versions do not know the word.
        return candidates_run(
            candidates_statement(matches, subsets, limit, materialized=False)
        )
