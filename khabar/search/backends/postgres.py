"""PostgreSQL full-text search over the analysed terms (``tsv`` column, GIN)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..query import ParsedQuery, to_tsquery, to_tsquery_title
from . import candidates_run, candidates_statement


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
        # The match is evaluated once, through the GIN index, into a
        # materialized CTE; the count and the newest ids are taken from it.
        # (One ORM statement with COUNT(*) OVER () would not do: the planner
        # does not see that the window needs every match, and for a common
        # word walked the date index testing every document: 100,000
        # stories, 525 ms instead of ~30.)
        matches = (
            self.filter(base, query)
            .order_by()
            .values_list("pk", "published_at")
            .query.sql_with_params()
        )
        # Each subset is the match with one more condition, planned on its
        # own (the newest through the date index, or its GIN index); read
        # from ``m`` instead, the planner misjudges the match's size and
        # looks up every match by id (41,657 stories, a common word: 84 ms).
        inner, params = matches

        def subset(condition: str, value: str) -> tuple[str, list]:
            return (
                f"SELECT * FROM ({inner} AND {condition}) AS s(pk, published)",  # noqa: S608 - the ORM's SQL, placeholders
                [*params, value],
            )

        subsets = [
            (
                *subset(
                    "title_tsv @@ to_tsquery('simple', %s)", to_tsquery_title(query)
                ),
                title_limit,
            )
        ]
        if typed is not None:
            subsets.append(
                (
                    *subset("tsv @@ to_tsquery('simple', %s)", to_tsquery(typed)),
                    typed_limit,
                )
            )
        return candidates_run(
            candidates_statement(matches, subsets, limit, materialized=True)
        )
