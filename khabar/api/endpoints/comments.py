"""/api/articles/<id>/comments/: read approved comments, post one.

GET lists approved comments only, built by ``comment_list_for_article`` from
an explicit column list: e-mail and IP address are never loaded, so they
cannot appear. POST goes through ``comment_submit``, the very function the
HTML form uses: same validation, spam scoring, moderation and rate limits.

CSRF: the endpoint takes only ``application/json`` bodies (anything else is a
415). A cross-site HTML form cannot send JSON, and a cross-site script can
only do so after a CORS preflight, which is refused unless the origin is in
``KHABAR_CORS_ORIGINS``. A request that names another ``Origin`` is also
refused (403) unless that origin is configured. So no CSRF token is needed,
and apps without cookies can post; there is no ambient credential to abuse
either, since posting a comment needs no login.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from khabar.comments import selectors, services
from khabar.comments.forms import rendered_at_from_token, rendered_token
from khabar.core.auth import client_ip
from khabar.news.selectors import article_get_published

MAX_ID = 2**63 - 1


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    depth = serializers.IntegerField()
    author_name = serializers.CharField()
    website = serializers.CharField(allow_blank=True)
    body = serializers.CharField()
    body_html = serializers.CharField()
    created_at = serializers.DateTimeField()
    is_staff_reply = serializers.BooleanField()


class CommentListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    comments = CommentSerializer(
        many=True, help_text="Oldest first; replies follow their parent (depth)."
    )
    rendered = serializers.CharField(
        help_text="Send back as `rendered` when posting (the form's time check)."
    )


class CommentInputSerializer(serializers.Serializer):
    """Only types are checked here; the comment form's rules apply in the service."""

    author_name = serializers.CharField(allow_blank=True, trim_whitespace=False)
    author_email = serializers.CharField(allow_blank=True, trim_whitespace=False)
    author_url = serializers.CharField(
        allow_blank=True, required=False, trim_whitespace=False
    )
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)
    parent_id = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=MAX_ID
    )
    rendered = serializers.CharField(allow_blank=True, required=False)


class CommentResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    status = serializers.ChoiceField(["published", "held", "error"])
    message = serializers.CharField()
    count = serializers.IntegerField(required=False)
    comment = CommentSerializer(required=False)
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


def _flat(comments: list, out: list) -> list:
    for comment in comments:
        out.append(comment)
        _flat(comment.replies, out)
    return out


def _public(comment: Any) -> dict[str, Any]:
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "depth": comment.depth,
        "author_name": comment.author_name,
        "website": comment.website,
        "body": comment.body,
        "body_html": comment.body_html,
        "created_at": comment.created_at,
        "is_staff_reply": comment.is_staff_reply,
    }


def _same_origin_or_allowed(request: Request) -> bool:
    origin = request.headers.get("Origin")
    if not origin:
        return True
    if origin in getattr(settings, "CORS_ALLOWED_ORIGINS", []):
        return True
    parts = urlsplit(origin)
    return parts.netloc == request.get_host() and parts.scheme == request.scheme


class ArticleCommentsView(APIView):
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    authentication_classes: list = []

    def _article(self, pk: int):
        article = article_get_published(pk=pk) if pk <= MAX_ID else None
        if article is None:
            raise NotFound("No such article.")
        return article

    @extend_schema(
        operation_id="article_comments_list",
        summary="Approved comments of a published article.",
        tags=["comments"],
        responses={200: CommentListSerializer, 404: DetailSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        thread = selectors.comment_list_for_article(article=self._article(pk))
        data = {
            "count": thread.count,
            "comments": [_public(c) for c in _flat(thread.comments, [])],
            "rendered": rendered_token(),
        }
        return Response(CommentListSerializer(data).data)

    @extend_schema(
        operation_id="article_comments_create",
        summary="Post a comment (validated, spam-checked and rate-limited "
        "like the comment form).",
        tags=["comments"],
        request=CommentInputSerializer,
        responses={
            201: CommentResultSerializer,
            400: CommentResultSerializer,
            403: DetailSerializer,
            404: DetailSerializer,
            415: DetailSerializer,
            429: CommentResultSerializer,
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        if not _same_origin_or_allowed(request):
            raise PermissionDenied("Cross-origin posts are not allowed.")
        article = self._article(pk)
        if not isinstance(request.data, dict):
            return Response(
                {
                    "ok": False,
                    "status": "error",
                    "message": services.MSG_ERRORS,
                    "errors": {services.NON_FIELD: ["Send a JSON object."]},
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        form = CommentInputSerializer(data=request.data)
        if not form.is_valid():
            errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
            return Response(
                {
                    "ok": False,
                    "status": "error",
                    "message": services.MSG_ERRORS,
                    "errors": errors,
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        data = form.validated_data
        rendered_at = rendered_at_from_token(data.get("rendered", ""))
        result = services.comment_submit(
            article=article,
            author_name=data["author_name"],
            author_email=data["author_email"],
            author_url=data.get("author_url", ""),
            body=data["body"],
            parent_id=data.get("parent_id"),
            ip=client_ip(request),
            # As the form: a missing or forged timestamp counts as "at once".
            rendered_at=rendered_at if rendered_at is not None else time.time(),
        )
        if not result.ok:
            return Response(
                {
                    "ok": False,
                    "status": "error",
                    "message": result.message,
                    "errors": result.errors,
                },
                status=429 if result.rate_limited else 400,
            )
        answer: dict[str, Any] = {
            "ok": True,
            "status": result.public_status,
            "message": result.message,
            "count": selectors.comment_count_for_article(article=article),
        }
        if result.published:
            public = selectors.comment_public_get(comment_id=result.comment.pk)
            if public is not None:
                answer["comment"] = _public(public)
        return Response(answer, status=status.HTTP_201_CREATED)
