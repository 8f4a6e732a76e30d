"""GET /api/ticker/: the breaking-news bar as JSON."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from khabar.news.selectors import breaking_list_active

from ..fields import absolute


class TickerItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    headline = serializers.CharField()
    starts_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    article_id = serializers.IntegerField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text="The article's address.")


class TickerSerializer(serializers.Serializer):
    items = TickerItemSerializer(many=True)


class TickerView(APIView):
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="ticker",
        summary="Breaking news shown now, newest first (empty when none).",
        responses={200: TickerSerializer},
        tags=["ticker"],
    )
    def get(self, request: Request) -> Response:
        items = [
            {
                "id": item.pk,
                "headline": item.headline,
                "starts_at": item.starts_at,
                "expires_at": item.expires_at,
                "article_id": item.article_id,
                "url": absolute(request, item.article.get_url(request))
                if item.article
                else None,
            }
            for item in breaking_list_active()
        ]
        return Response(TickerSerializer({"items": items}).data)
