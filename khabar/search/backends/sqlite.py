"""SQLite FTS5 over the analysed terms (table ``search_fts``, migration 0002)."""

from __future__ import annotations

from django.db.models import Count, QuerySet, Window

from ..query import ParsedQuery, to_fts5
from . import newest_order


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

    def newest(self, matches: QuerySet, limit: int) -> tuple[list[int], int]:
        # The count comes with the ids (a window over the whole match): FTS5
        # evaluates the match once, not again for a COUNT.
        rows = list(
            newest_order(matches)
            .annotate(total=Window(Count("*")))
            .values_list("pk", "total")[:limit]
        )
        return [pk for pk, _total in rows], rows[0][1] if rows else 0
