"""Wagtail API v2 endpoints for articles, sections, authors and images.

Wagtail's viewsets bring the response shape (``meta.total_count`` + ``items``,
``?fields=``, ``detail_url``/``html_url``); Khabar narrows them to what a
reader may see, adds the fields editors expect, and replaces the open-ended
field filters with a documented set (section, tag, author, dates, order).
"""

from __future__ import annotations

from django.http import Http404
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet

from khabar.news.models import ArticlePage, Author, SectionPage

from .. import fields, selectors
from ..filters import ARTICLE_ORDERS, ArticleFilter, StableOrderingFilter
from ..pagination import BoundedPagination

MAX_ID = 2**63 - 1


class KhabarEndpointMixin:
    """JSON only, bounded pages, and only the documented query parameters."""

    renderer_classes = [JSONRenderer]
    pagination_class = BoundedPagination
    known_query_parameters = frozenset(["limit", "offset", "fields"])
    orders: tuple[str, ...] = ("id", "-id")
    default_order = "id"

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            names = ", ".join(sorted(unknown))
            raise BadRequestError(
                f"query parameter is not an operation or a recognised field: {names}"
            )
        for value in self.request.GET.values():
            if "\x00" in value:
                raise BadRequestError("null characters are not allowed")

    def get_object(self):
        # Ids beyond a 64-bit integer cannot exist; the database would overflow.
        if int(self.kwargs.get("pk", 0)) > MAX_ID:
            raise Http404("not found")
        return super().get_object()

    @classmethod
    def get_urlpatterns(cls):
        # Listing and detail only: "find/" redirects are not part of this API.
        return [p for p in super().get_urlpatterns() if p.name != "find"]


class ArticlesAPIViewSet(KhabarEndpointMixin, PagesAPIViewSet):
    name = "articles"
    model = ArticlePage
    filter_backends = [ArticleFilter, StableOrderingFilter]
    known_query_parameters = frozenset(
        [
            "limit",
            "offset",
            "fields",
            "order",
            "section",
            "tag",
            "author",
            "published_after",
            "published_before",
        ]
    )
    orders = ARTICLE_ORDERS
    default_order = "-published_at"
    extra_fields = [
        APIField("body_html", serializer=fields.BodyHTMLField()),
        APIField("last_published_at"),
        APIField("section", serializer=fields.SectionField()),
        APIField("tags", serializer=fields.TagNamesField()),
        APIField("authors", serializer=fields.AuthorsField()),
        APIField("byline"),
        APIField("source", serializer=fields.SourceField()),
        APIField(
            "image",
            serializer=fields.ImageRenditionsField(alt_attribute="image_caption"),
        ),
        APIField("image_caption"),
        APIField("image_credit"),
        APIField("short_url", serializer=fields.ShortURLField()),
    ]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "kicker",
        "lead",
        "published_at",
        "last_published_at",
        "section",
        "tags",
        "authors",
        "byline",
        "source",
        "image",
    ]

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + cls.extra_fields

    def get_queryset(self):
        return selectors.article_list_public().filter(
            pk__in=self.get_base_queryset().values("pk")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.sections = selectors.article_sections(articles=page)
        return page

    def get_object(self):
        article = super().get_object()
        self.sections = selectors.article_sections(articles=[article])
        return article


class SectionsAPIViewSet(KhabarEndpointMixin, PagesAPIViewSet):
    name = "sections"
    model = SectionPage
    orders = ("path", "title", "-title", "id", "-id")
    default_order = "path"
    known_query_parameters = frozenset(["limit", "offset", "fields", "order"])
    filter_backends = [StableOrderingFilter]
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "intro"]

    @classmethod
    def get_body_fields(cls, model):
        return super().get_body_fields(model) + [APIField("intro")]

    def get_queryset(self):
        return selectors.section_list_public().filter(
            pk__in=self.get_base_queryset().values("pk")
        )


class AuthorsAPIViewSet(KhabarEndpointMixin, BaseAPIViewSet):
    name = "authors"
    model = Author
    orders = ("name", "-name", "id", "-id")
    default_order = "name"
    known_query_parameters = frozenset(["limit", "offset", "fields", "order"])
    filter_backends = [StableOrderingFilter]
    body_fields = [
        *BaseAPIViewSet.body_fields,
        "name",
        "slug",
        "bio",
        APIField("photo", serializer=fields.ImageRenditionsField(attribute="photo")),
    ]
    listing_default_fields = [*BaseAPIViewSet.listing_default_fields, "name", "slug"]
    nested_default_fields = [*BaseAPIViewSet.nested_default_fields, "name", "slug"]

    def get_queryset(self):
        return selectors.author_list_public()


class ImagesEndpoint(KhabarEndpointMixin, ImagesAPIViewSet):
    name = "images"
    model = get_image_model()
    filter_backends = [StableOrderingFilter]
    known_query_parameters = frozenset(["limit", "offset", "fields", "order"])
    body_fields = [
        *BaseAPIViewSet.body_fields,
        "title",
        "width",
        "height",
        APIField("renditions", serializer=fields.RenditionsField()),
    ]
    meta_fields = [
        *BaseAPIViewSet.meta_fields,
        APIField("download_url", serializer=fields.DownloadURLField()),
    ]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "title",
        "width",
        "height",
        "download_url",
        "renditions",
    ]

    def get_queryset(self):
        return selectors.image_list_public()
