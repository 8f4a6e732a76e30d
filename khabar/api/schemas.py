"""OpenAPI descriptions of the Wagtail API v2 endpoints (drf-spectacular).

Wagtail builds its serializers per request (``?fields=`` picks the fields), so
the schema is written here by hand: every property a response may carry, none
required (``?fields=`` may leave any out), nullable where the data may be empty.
These serializers only document; the endpoints never use them to serialise.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from wagtail.api.v2.views import BaseAPIViewSet

MAX_LIMIT = 100


class MessageErrorSerializer(serializers.Serializer):
    """Wagtail API v2 errors: {"message": "…"}."""

    message = serializers.CharField()


class ListMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField(min_value=0)


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class RenditionSetSerializer(serializers.Serializer):
    thumbnail = RenditionSerializer(help_text="fill-400x225")
    medium = RenditionSerializer(help_text="width-800")
    large = RenditionSerializer(help_text="width-1200")


class ImageRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    alt = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    download_url = serializers.URLField()
    renditions = RenditionSetSerializer()


class ObjectMetaSerializer(serializers.Serializer):
    type = serializers.CharField(required=False)
    detail_url = serializers.URLField(required=False)
    html_url = serializers.URLField(allow_null=True, required=False)
    slug = serializers.CharField(required=False)
    show_in_menus = serializers.BooleanField(required=False)
    seo_title = serializers.CharField(allow_blank=True, required=False)
    search_description = serializers.CharField(allow_blank=True, required=False)
    first_published_at = serializers.DateTimeField(allow_null=True, required=False)
    alias_of = serializers.JSONField(allow_null=True, required=False)
    parent = serializers.JSONField(allow_null=True, required=False)
    locale = serializers.CharField(required=False)
    download_url = serializers.URLField(required=False)


class BlockSerializer(serializers.Serializer):
    type = serializers.CharField(help_text="paragraph, heading, quote, image, …")
    value = serializers.JSONField(help_text="HTML, text or an object, by type.")
    id = serializers.CharField()


class SectionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    slug = serializers.CharField()
    html_url = serializers.URLField(allow_null=True)


class AuthorRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField(allow_blank=True)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    meta = ObjectMetaSerializer(required=False)
    title = serializers.CharField(required=False)
    kicker = serializers.CharField(allow_blank=True, required=False)
    lead = serializers.CharField(allow_blank=True, required=False)
    body = BlockSerializer(many=True, help_text="StreamField blocks.", required=False)
    body_html = serializers.CharField(allow_blank=True, required=False)
    published_at = serializers.DateTimeField(allow_null=True, required=False)
    last_published_at = serializers.DateTimeField(allow_null=True, required=False)
    section = SectionRefSerializer(allow_null=True, required=False)
    tags = serializers.ListField(child=serializers.CharField(), required=False)
    authors = AuthorRefSerializer(many=True, required=False)
    byline = serializers.CharField(allow_blank=True, required=False)
    source = SourceRefSerializer(allow_null=True, required=False)
    image = ImageRefSerializer(allow_null=True, required=False)
    image_caption = serializers.CharField(allow_blank=True, required=False)
    image_credit = serializers.CharField(allow_blank=True, required=False)
    short_url = serializers.URLField(required=False)


class SectionSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    meta = ObjectMetaSerializer(required=False)
    title = serializers.CharField(required=False)
    intro = serializers.CharField(allow_blank=True, required=False)


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    meta = ObjectMetaSerializer(required=False)
    name = serializers.CharField(required=False)
    slug = serializers.CharField(required=False)
    bio = serializers.CharField(allow_blank=True, required=False)
    photo = ImageRefSerializer(allow_null=True, required=False)


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    meta = ObjectMetaSerializer(required=False)
    title = serializers.CharField(required=False)
    width = serializers.IntegerField(required=False)
    height = serializers.IntegerField(required=False)
    renditions = RenditionSetSerializer(required=False)


def _list_of(item: type[serializers.Serializer], name: str):
    return type(
        name,
        (serializers.Serializer,),
        {"meta": ListMetaSerializer(), "items": item(many=True)},
    )


ArticleListSerializer = _list_of(ArticleSerializer, "ArticleListSerializer")
SectionListSerializer = _list_of(SectionSerializer, "SectionListSerializer")
AuthorListSerializer = _list_of(AuthorSerializer, "AuthorListSerializer")
ImageListSerializer = _list_of(ImageSerializer, "ImageListSerializer")

PAGING = [
    OpenApiParameter(
        "limit",
        OpenApiTypes.INT,
        description=f"How many items (default 20, at most {MAX_LIMIT}).",
    ),
    OpenApiParameter("offset", OpenApiTypes.INT, description="Items to skip."),
    OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        description="Wagtail API field selection, e.g. `title,body_html` or `*`.",
    ),
]


def _order(choices) -> OpenApiParameter:
    return OpenApiParameter(
        "order", OpenApiTypes.STR, enum=list(choices), description="Sort order."
    )


ARTICLE_FILTERS = [
    OpenApiParameter(
        "section", OpenApiTypes.INT, description="Section id (with its subsections)."
    ),
    OpenApiParameter("tag", OpenApiTypes.STR, description="Tag name; `a,b` = both."),
    OpenApiParameter("author", OpenApiTypes.STR, description="Author id or slug."),
    OpenApiParameter(
        "published_after",
        OpenApiTypes.STR,
        description="Date (YYYY-MM-DD) or ISO 8601 date-time, inclusive.",
    ),
    OpenApiParameter(
        "published_before",
        OpenApiTypes.STR,
        description="Date (YYYY-MM-DD, the whole day) or ISO 8601 date-time.",
    ),
]


def document(*, tag: str, item, listing, orders, filters=(), summary: str):
    """Class decorator: the listing and detail operations of one endpoint.

    drf-spectacular only knows DRF's own action names, so each endpoint gets
    its own ``listing_view``/``detail_view`` to carry the annotation.
    """
    listing_schema = extend_schema(
        operation_id=f"{tag}_list",
        summary=summary,
        tags=[tag],
        parameters=[*PAGING, _order(orders), *filters],
        responses={200: listing, 400: MessageErrorSerializer},
    )
    detail_schema = extend_schema(
        operation_id=f"{tag}_detail",
        tags=[tag],
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH),
            PAGING[2],
        ],
        responses={200: item, 400: MessageErrorSerializer, 404: MessageErrorSerializer},
    )

    def decorate(view_class):
        def listing_view(self, request):
            return BaseAPIViewSet.listing_view(self, request)

        def detail_view(self, request, pk):
            return BaseAPIViewSet.detail_view(self, request, pk)

        view_class.listing_view = listing_schema(listing_view)
        view_class.detail_view = detail_schema(detail_view)
        return view_class

    return decorate


def only_public_api(endpoints):
    """drf-spectacular preprocessing hook: document /api/ only (not the admin's)."""
    return [e for e in endpoints if e[0].startswith("/api/")]


SCHEMA_SETTINGS = {"PREPROCESSING_HOOKS": ["khabar.api.schemas.only_public_api"]}


def openapi_document() -> dict:
    """The document /api/schema/ serves, built without a request (tests, CLI)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import patched_settings

    with patched_settings(SCHEMA_SETTINGS):
        return SchemaGenerator().get_schema(request=None, public=True)
