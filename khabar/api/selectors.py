"""Reads for the API beyond what ``khabar.news.selectors`` offers.

Only what readers may see: images and authors are listed when a published,
public article shows them, so the API never reveals what a draft is about.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from khabar.news.models import ArticlePage, Author, SectionPage


def article_list_public() -> QuerySet[ArticlePage]:
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("image", "source")
        .prefetch_related("authors", "tags", "image__renditions")
    )


def article_sections(*, articles: Iterable[ArticlePage]) -> dict[int, SectionPage]:
    """Each article's section (its parent page), in one query: {article pk: section}."""
    parent_paths = {a.pk: a.path[: -Page.steplen] for a in articles}
    sections = {
        s.path: s
        for s in SectionPage.objects.filter(path__in=set(parent_paths.values()))
    }
    return {pk: sections[p] for pk, p in parent_paths.items() if p in sections}


def section_list_public() -> QuerySet[SectionPage]:
    return SectionPage.objects.live().public()


def author_list_public() -> QuerySet[Author]:
    published = article_list_public().filter(authors=OuterRef("pk"))
    return (
        Author.objects.filter(Exists(published))
        .select_related("photo")
        .prefetch_related("photo__renditions")
    )


def image_list_public() -> QuerySet:
    """Images a reader can see: main and body images of public articles, and
    photos of listed authors (Wagtail's reference index knows the body's)."""
    Image = get_image_model()
    live = ArticlePage.objects.live().public()
    in_bodies = ReferenceIndex.objects.filter(
        content_type=ContentType.objects.get_for_model(ArticlePage),
        object_id__in=live.annotate(key=Cast("pk", CharField())).values("key"),
        to_content_type=ContentType.objects.get_for_model(Image),
    ).values("to_object_id")
    return (
        Image.objects.annotate(key=Cast("pk", CharField()))
        .filter(
            Q(pk__in=live.values("image_id"))
            | Q(pk__in=author_list_public().values("photo_id"))
            | Q(key__in=in_bodies)
        )
        .prefetch_related("renditions")
    )
