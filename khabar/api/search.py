"""GET /api/search/ and GET /api/articles/<id>/related/: search and "see also" as JSON.

Both answer ``{"count": N, "results": [...]}`` with, for each story: ``id``
(page id), ``external_id`` (null unless imported with one), ``title``,
``url`` (absolute), ``snippet`` (HTML-escaped text, the query's words in
``<mark>``), ``published_at`` (ISO 8601) and ``score`` (higher is better).
"""

from __future__ import annotations

from django.utils.text import Truncator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from wagtail.models import Site

from khabar.news.selectors import article_get_published
from khabar.search.filters import search_params_parse
from khabar.search.highlight import Segment, snippet_html
from khabar.search.selectors import article_related_hits, article_search

RELATED_EXCERPT_WORDS = 30


class HitSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Page id.")
    external_id = serializers.CharField(allow_null=True)
    title = serializers.CharField()
    url = serializers.CharField(help_text="Absolute address of the article.")
    snippet = serializers.CharField(help_text="Escaped HTML; matches in <mark>.")
    published_at = serializers.DateTimeField()
    score = serializers.FloatField()


class SearchResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="All matching stories.")
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    message = serializers.CharField(help_text="Why there are no results, if so.")
    # spelling variants (issue 9)
    suggestion = serializers.CharField(
        help_text='"Did you mean": the query in the usual spelling, or "".'
    )
    results = HitSerializer(many=True)


class RelatedResponseSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = HitSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _hit(request: Request, article, *, snippet: str, score: float) -> dict:
    url = article.get_url(request)
    return {
        "id": article.pk,
        "external_id": article.external_id or None,
        "title": article.title,
        "url": request.build_absolute_uri(url) if url else "",
        "snippet": snippet,
        "published_at": article.display_date,
        "score": score,
    }


class SearchView(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="search",
        summary="Search published articles (any spelling of an Arabic word).",
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description='Words, "phrase", -word.'
            ),
            OpenApiParameter(
                "page", OpenApiTypes.INT, description="From 1; 10 a page."
            ),
            OpenApiParameter("section", OpenApiTypes.STR, description="Section slug."),
            OpenApiParameter("author", OpenApiTypes.STR, description="Author slug."),
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses={200: SearchResponseSerializer, 400: ErrorSerializer},
        tags=["search"],
    )
    def get(self, request: Request) -> Response:
        site = Site.find_for_request(request)
        params = search_params_parse(
            request.query_params, site_root=site.root_page if site is not None else None
        )
        if params.errors:
            return Response({"detail": " ".join(params.errors)}, status=400)
        results = article_search(query=params.query, page=params.page, **params.filters)
        data = {
            "count": results.count,
            "page": results.page,
            "num_pages": results.num_pages,
            "message": results.message,
            "suggestion": results.suggestion,  # spelling variants (issue 9)
            "results": [
                _hit(request, h.article, snippet=h.snippet_html, score=h.score)
                for h in results.hits
            ],
        }
        return Response(SearchResponseSerializer(data).data)


class RelatedView(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="article_related",
        summary='"See also": published articles related to this one by content.',
        responses={200: RelatedResponseSerializer, 404: ErrorSerializer},
        tags=["search"],
    )
    def get(self, request: Request, pk: int) -> Response:
        article = article_get_published(pk=pk)
        if article is None:
            return Response({"detail": "لا توجد مقالة منشورة بهذا الرقم."}, status=404)
        hits = article_related_hits(article=article)
        results = [
            _hit(
                request,
                hit.article,
                snippet=_excerpt(hit.excerpt),
                score=hit.score,
            )
            for hit in hits
        ]
        return Response(
            RelatedResponseSerializer({"count": len(results), "results": results}).data
        )


def _excerpt(text: str) -> str:
    """A short excerpt, escaped like search snippets (nothing to mark)."""
    excerpt = Truncator(text or "").words(RELATED_EXCERPT_WORDS, truncate=" …")
    return snippet_html([Segment(excerpt, False)]) if excerpt else ""
