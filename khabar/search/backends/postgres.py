"""PostgreSQL full-text search over the analysed terms (``tsv`` column, GIN)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..query import ParsedQuery, to_tsquery


class PostgresBackend:
    def filter(
        self, queryset: QuerySet, query: ParsedQuery, *, title_only: bool = False
    ) -> QuerySet:
        expression = to_tsquery(query, title_only=title_only)
        # extra(): the generated tsv column is not a model field (it exists only
        # on PostgreSQL), so it is addressed in SQL.
        return queryset.extra(
            where=["search_searchdocument.tsv @@ to_tsquery('simple', %s)"],
            params=[expression],
        )
