"""PostgreSQL full-text search over the analysed terms (``tsv`` column, GIN)."""

from __future__ import annotations

from django.db import connection
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

    def newest(self, matches: QuerySet, limit: int) -> tuple[list[int], int]:
        # The match is evaluated once, through the GIN index, and the count
        # and the newest ids are taken from it. The same as one ORM statement
        # with COUNT(*) OVER () would not do: the planner does not see that
        # the window needs every match, and for a common word walked the date
        # index testing every document (100,000 stories: 525 ms instead of
        # ~30); a LIMIT and a separate COUNT evaluate the match twice.
        inner, params = (
            matches.order_by().values_list("pk", "published_at").query.sql_with_params()
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH m(pk, published) AS MATERIALIZED ({inner}) "  # noqa: S608 - the ORM's SQL, placeholders
                "SELECT pk, COUNT(*) OVER () FROM m "
                "ORDER BY published DESC, pk DESC LIMIT %s",
                [*params, limit],
            )
            rows = cursor.fetchall()
        return [pk for pk, _total in rows], rows[0][1] if rows else 0
