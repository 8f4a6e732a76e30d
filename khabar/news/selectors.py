"""Reads of news content. Everything a reader can see is live and public."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.models import Page

from khabar.core.sites import scope_path

from .models import ArticlePage, Author, BreakingItem, HomePage, SectionPage

SEE_ALSO_LIMIT = 4


def _card_fields(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """What an article card needs, in a bounded number of queries.

    Cards never show the body: it is left in the database (an archive story's
    body can be tens of kilobytes of JSON).
    """
    return (
        queryset.defer_streamfields()
        .select_related("image", "source")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.only("id", "name", "slug"))
        )
    )


def article_list_published(
    *, section: Page | None = None, exclude_id: int | None = None
) -> QuerySet[ArticlePage]:
    """Live, publicly visible articles, newest first (optionally under a section)."""
    queryset = ArticlePage.objects.live().public()
    if section is not None:
        queryset = queryset.descendant_of(section)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    return _card_fields(queryset).order_by("-published_at", "-pk")


def article_list_published_links(*, ids: list[int]) -> QuerySet[ArticlePage]:
    """The live, public articles among ``ids``, with what a link to each
    shows (title, address, dates, lead) and no more: no body, no image,
    source or authors (a search result is a link and a snippet; the card
    relations cost a join and a query for nothing shown)."""
    return ArticlePage.objects.live().public().filter(pk__in=ids).defer_streamfields()


MAX_ID = 2**63 - 1  # the largest id any of our databases can store


def article_get_published(*, pk: int) -> ArticlePage | None:
    """The live, public article ``pk``; None for any other id, however absurd."""
    if not 0 < pk <= MAX_ID:
        return None
    return ArticlePage.objects.live().public().filter(pk=pk).first()


def article_see_also(*, article: ArticlePage, limit: int = SEE_ALSO_LIMIT) -> list:
    """Latest other stories in the same section (replaced by real relatedness)."""
    parent = article.get_parent()
    if parent is None:
        return []
    return list(article_list_published(section=parent, exclude_id=article.pk)[:limit])


def section_list_for_nav(*, home: Page | None = None) -> QuerySet[SectionPage]:
    queryset = SectionPage.objects.live().public().in_menu()
    if home is not None:
        queryset = queryset.child_of(home)
    else:
        queryset = queryset.filter(depth=3)
    return queryset.order_by("path")


def _site_stories(home: HomePage, exclude_id: int | None = None) -> QuerySet:
    """The site's live stories; on a single-site installation all of them
    (no tree filter: the home page's "latest" reads the date index alone)."""
    scope = scope_path(home.path)
    return article_list_published(
        section=home if scope else None, exclude_id=exclude_id
    )


def home_lead_story(*, home: HomePage) -> ArticlePage | None:
    if home.lead_article_id:
        lead = article_get_published(pk=home.lead_article_id)
        if lead is not None:
            return lead
    featured = _site_stories(home).filter(featured=True).first()
    return featured or _site_stories(home).first()


def home_front(*, home: HomePage, per_section: int = 4) -> dict:
    """The home page: a lead story and the latest stories of each section,
    all of this site's (another title on the same installation has its own)."""
    lead = home_lead_story(home=home)
    exclude = lead.pk if lead else None
    blocks = []
    for section in section_list_for_nav(home=home):
        articles = list(
            article_list_published(section=section, exclude_id=exclude)[:per_section]
        )
        if articles:
            blocks.append({"section": section, "articles": articles})
    latest = list(_site_stories(home, exclude_id=exclude)[:6])
    return {"lead_story": lead, "section_blocks": blocks, "latest": latest}


def breaking_list_active(*, now: datetime | None = None) -> list[BreakingItem]:
    """Ticker items shown now, newest first; items of unpublished articles never."""
    now = now or timezone.now()
    # A join on the item's own article, not "article in (all live articles)":
    # the ticker is on every page and must not cost more with a bigger archive.
    return list(
        BreakingItem.objects.filter(starts_at__lte=now, expires_at__gt=now)
        .filter(Q(article__isnull=True) | Q(article__live=True))
        .select_related("article")
        .order_by("-starts_at")[:10]
    )
