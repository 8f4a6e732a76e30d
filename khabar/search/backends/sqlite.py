"""SQLite FTS5 over the analysed terms (table ``search_fts``, migration 0002)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..query import ParsedQuery, to_fts5


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
