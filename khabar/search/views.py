"""The search page: parse the request, call the selector, render (noindex)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .filters import search_params_parse
from .selectors import article_search


def search_page(request: HttpRequest) -> HttpResponse:
    params = search_params_parse(request.GET)
    results = article_search(query=params.query, page=params.page, **params.filters)
    response = render(
        request,
        "search/search_page.html",
        {
            "results": results,
            "search_query": params.query[:500],
            "errors": params.errors,
            "filters": params.filters,
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response
