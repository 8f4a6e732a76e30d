"""PostgreSQL full-text search over the analysed terms (``tsv`` column, GIN)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..query import ParsedQuery, to_tsquery, to_tsquery_title


class PostgresBackend:
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
