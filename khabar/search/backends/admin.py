"""Wagtail's search backend for the admin, finding articles however they are spelled.

Wagtail's admin (page search, page chooser, explorer listing) searches through
``WAGTAILSEARCH_BACKENDS["default"]``: the database backend of ``modelsearch``,
whose tokenizer splits Arabic words at harakat and does not equate أ/إ/ا, ة/ه
or ى/ي. Named there instead, this backend is that same database backend plus
one step: when pages are searched with words, the live articles that Khabar's
own search finds for those words (the public search, every spelling) are
added to what the database backend found, in this order: the backend's
matches, then Khabar's. Drafts and other pages are found as before, through
the database backend.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "khabar.search.backends.admin"}}

Bulk writers (the importers) wrap their run in :func:`title_norms_deferred`:
the database backend ends every ``add_bulk`` by averaging the title length
over its whole index (a full scan, so an import of n stories in batches cost
O(n²)); inside the block that refresh runs once, at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from modelsearch.backends import database
from modelsearch.query import MATCH_ALL, And, Boost, Or, Phrase, PlainText

#: How many of each side's matches are merged (the admin lists 20 a page).
ADMIN_MATCHES = 50


def query_text(query: Any) -> str:
    """The words of a modelsearch query (``parse_query_string`` output or str)."""
    if isinstance(query, str):
        return query
    if isinstance(query, PlainText | Phrase):
        return query.query_string
    if isinstance(query, And | Or):
        return " ".join(query_text(q) for q in query.subqueries)
    if isinstance(query, Boost):
        return query_text(query.subquery)
    return ""  # MATCH_ALL, Not, Fuzzy: nothing for Khabar's search to add


class ArabicArticlesMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        found = super()._search(
            query_compiler_class, query, model_or_queryset, **kwargs
        )
        queryset = (
            model_or_queryset
            if isinstance(model_or_queryset, QuerySet)
            else model_or_queryset.objects.all()
        )
        ids = self._article_ids(queryset, query_text(query).strip())
        if not ids:
            return found
        ids = list(dict.fromkeys([*(obj.pk for obj in found[:ADMIN_MATCHES]), *ids]))
        queryset = queryset.filter(id__in=ids)
        if kwargs.get("order_by_relevance", True):
            queryset = queryset.order_by(
                Case(
                    *(When(id=pk, then=Value(i)) for i, pk in enumerate(ids)),
                    output_field=IntegerField(),
                )
            )
        kwargs["fields"] = None
        return super()._search(query_compiler_class, MATCH_ALL, queryset, **kwargs)

    @staticmethod
    def _article_ids(queryset: QuerySet, text: str) -> list[int]:
        from khabar.news.models import ArticlePage

        from ..selectors import MAX_PER_PAGE, article_search

        if not text or not issubclass(ArticlePage, queryset.model):
            return []
        hits = article_search(query=text, per_page=min(ADMIN_MATCHES, MAX_PER_PAGE))
        return [hit.article.pk for hit in hits.hits]


#: The indexes whose refresh waits, one per index class (each ``add_bulk``
#: makes a new index object for the same table).
_deferred_norms: ContextVar[dict[type, Any] | None] = ContextVar(
    "khabar_title_norms_deferred", default=None
)


class DeferrableTitleNormsMixin:
    """An index whose title-norm refresh can wait for :func:`title_norms_deferred`."""

    def _refresh_title_norms(self, full: bool = False) -> None:
        pending = _deferred_norms.get()
        if pending is not None and not full:
            pending[type(self)] = self
            return
        super()._refresh_title_norms(full=full)


@contextmanager
def title_norms_deferred() -> Iterator[None]:
    """Refresh the admin index's title norms once, on leaving, not per batch.

    Entries written meanwhile keep the norm new entries get (1.0) until then;
    should the block die, the next write to the index refreshes them, as it
    refreshes every entry still at 1.0.
    """
    if _deferred_norms.get() is not None:  # nested: the outer block refreshes
        yield
        return
    pending: dict[type, Any] = {}
    token = _deferred_norms.set(pending)
    try:
        yield
    finally:
        _deferred_norms.reset(token)
        for index in pending.values():
            index._refresh_title_norms()


def SearchBackend(params: dict) -> Any:  # the name Wagtail looks up
    """The database backend for this database vendor, with Khabar's articles."""
    vendor = database.SearchBackend(params)
    attrs: dict[str, Any] = {}
    index_class = type(vendor).index_class
    if hasattr(index_class, "_refresh_title_norms"):
        attrs["index_class"] = type(
            f"Deferrable{index_class.__name__}",
            (DeferrableTitleNormsMixin, index_class),
            {},
        )
    cls = type(
        f"Arabic{type(vendor).__name__}", (ArabicArticlesMixin, type(vendor)), attrs
    )
    return cls(params)
