"""The Wagtail API v2 router: /api/v2/articles/, sections/, authors/, images/."""

from wagtail.api.v2.router import WagtailAPIRouter

from .endpoints.content import (
    ArticlesAPIViewSet,
    AuthorsAPIViewSet,
    ImagesEndpoint,
    SectionsAPIViewSet,
)
from .filters import ARTICLE_ORDERS
from .schemas import (
    ARTICLE_FILTERS,
    ArticleListSerializer,
    ArticleSerializer,
    AuthorListSerializer,
    AuthorSerializer,
    ImageListSerializer,
    ImageSerializer,
    SectionListSerializer,
    SectionSerializer,
    document,
)

router = WagtailAPIRouter("api:v2")

ENDPOINTS = [
    document(
        tag="articles",
        item=ArticleSerializer,
        listing=ArticleListSerializer,
        orders=ARTICLE_ORDERS,
        filters=ARTICLE_FILTERS,
        summary="Published articles, newest first.",
    )(ArticlesAPIViewSet),
    document(
        tag="sections",
        item=SectionSerializer,
        listing=SectionListSerializer,
        orders=SectionsAPIViewSet.orders,
        summary="Published sections, in tree order.",
    )(SectionsAPIViewSet),
    document(
        tag="authors",
        item=AuthorSerializer,
        listing=AuthorListSerializer,
        orders=AuthorsAPIViewSet.orders,
        summary="Authors with at least one published article.",
    )(AuthorsAPIViewSet),
    document(
        tag="images",
        item=ImageSerializer,
        listing=ImageListSerializer,
        orders=ImagesEndpoint.orders,
        summary="Images shown on published articles, with renditions.",
    )(ImagesEndpoint),
]
for endpoint in ENDPOINTS:
    router.register_endpoint(endpoint.name, endpoint)
