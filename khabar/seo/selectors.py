"""Reads for feeds, sitemaps and meta tags, built on the news selectors.

Everything here returns only what a reader may see: live, public pages
(``article_list_published`` and Wagtail's ``live().public()``), so drafts,
scheduled and private stories never reach a feed, sitemap or structured data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Max, QuerySet
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import Page

from khabar.news.models import ArticlePage, ArticleTag, SectionPage
from khabar.news.selectors import article_list_published

FEED_LIMIT = 50
# https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap:
# only articles published in the last two days, at most 1,000 per sitemap.
NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_LIMIT = 1000


def feed_articles(
    *, section: Page | None = None, limit: int = FEED_LIMIT
) -> list[ArticlePage]:
    """The newest published articles for a feed, with everything an item shows."""
    queryset = article_list_published(section=section).prefetch_related(
        "image__renditions"
    )
    return list(queryset[:limit])


def article_tag_names(*, articles: Iterable[ArticlePage]) -> dict[int, list[str]]:
    """Each article's tag names in one query: {article pk: [name, …]}.

    Plain values: the tag manager builds a queryset per call even when the
    tags were prefetched, which cost a feed of 50 stories more than its SQL.
    """
    names: dict[int, list[str]] = {}
    rows = (
        ArticleTag.objects.filter(content_object_id__in=[a.pk for a in articles])
        .order_by("id")
        .values_list("content_object_id", "tag__name")
    )
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    return names


def article_sections(*, articles: Iterable[ArticlePage]) -> dict[int, SectionPage]:
    """Each article's section (its parent page), in one query: {article pk: section}."""
    parent_paths = {article.pk: article.path[: -Page.steplen] for article in articles}
    sections = {
        section.path: section
        for section in SectionPage.objects.filter(path__in=set(parent_paths.values()))
    }
    return {pk: sections[path] for pk, path in parent_paths.items() if path in sections}


def section_get_public(*, pk: int) -> SectionPage | None:
    return SectionPage.objects.live().public().filter(pk=pk).first()


def section_list_public() -> QuerySet[SectionPage]:
    return SectionPage.objects.live().public().order_by("path")


def section_list_in_ancestry(*, page: Page) -> list[SectionPage]:
    """The sections a page belongs to, outermost first (a page is in its own)."""
    return list(
        SectionPage.objects.live()
        .public()
        .ancestor_of(page, inclusive=True)
        .order_by("depth")
    )


def sitemap_articles() -> QuerySet[ArticlePage]:
    """Every published article, in a stable order so sitemap pages stay put."""
    return ArticlePage.objects.live().public().defer_streamfields().order_by("pk")


def sitemap_articles_lastmod() -> datetime | None:
    return (
        ArticlePage.objects.live()
        .public()
        .aggregate(latest=Max("last_published_at"))["latest"]
    )


def page_lastmods(*, pages: Iterable[Page]) -> dict[int, datetime]:
    """When each page (home or section) last changed, in one query.

    A section page shows its stories, so it changes whenever one of them (in it
    or in a subsection) is published again: its date is the newest of its own
    last publication and its stories' last publications.
    """
    by_parent = (
        ArticlePage.objects.live()
        .public()
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .values("parent_path")
        .annotate(latest=Max("last_published_at"))
        .order_by()
    )
    latest_by_parent = {row["parent_path"]: row["latest"] for row in by_parent}
    result = {}
    for page in pages:
        dates = [
            latest
            for path, latest in latest_by_parent.items()
            if latest is not None and path.startswith(page.path)
        ]
        if page.last_published_at is not None:
            dates.append(page.last_published_at)
        if dates:
            result[page.pk] = max(dates)
    return result


def news_sitemap_articles(
    *, root: Page | None = None, now: datetime | None = None
) -> QuerySet[ArticlePage]:
    """Articles published in the last 48 hours, newest first, at most 1,000."""
    now = now or timezone.now()
    queryset = ArticlePage.objects.live().public()
    if root is not None:
        queryset = queryset.descendant_of(root)
    return (
        queryset.filter(
            published_at__gte=now - NEWS_SITEMAP_WINDOW, published_at__lte=now
        )
        .defer_streamfields()
        .order_by("-published_at", "-pk")[:NEWS_SITEMAP_LIMIT]
    )
