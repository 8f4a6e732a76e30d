"""The search page: parse the request, call the selector, render (noindex)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .filters import SearchParams, search_params_parse
from .selectors import article_search


def search_page(request: HttpRequest) -> HttpResponse:
    site = Site.find_for_request(request)
    params = search_params_parse(
        request.GET, site_root=site.root_page if site is not None else None
    )
    # Lazy: the template renders the results inside a fragment cached per query,
    # page and filters (purged with every publish), so a repeated search — the
    # same few queries during a breaking story — does not search again.
    results = SimpleLazyObject(
        lambda: article_search(query=params.query, page=params.page, **params.filters)
    )
    response = render(
        request,
        "search/search_page.html",
        {
            "results": results,
            "results_key": _results_key(params),
            "search_query": params.query[:500],
            "errors": params.errors,
            "filters": params.filters,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _results_key(params: SearchParams) -> str:
    """Everything the results depend on (the store hashes long keys)."""
    filters = params.filters
    return "\x1f".join(
        str(part)
        for part in (
            getattr(filters.get("site_root"), "pk", ""),
            params.query,
            params.page,
            getattr(filters.get("section"), "pk", ""),
            getattr(filters.get("author"), "pk", ""),
            filters.get("date_from") or "",
            filters.get("date_to") or "",
        )
    )
