"""Pages and snippets of a news site: home, sections, articles, people, outlets."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from khabar.core.sites import RestrictionAwarePage

from .blocks import ArticleBodyBlock

SECTION_PAGE_SIZE = 20
SECTION_MAX_PAGES = 500


class CappedPaginator(Paginator):
    """Counts at most SECTION_MAX_PAGES pages of stories.

    A section of a 100,000-story archive would otherwise count every story on
    every view; readers never page that far (the search and the archive by
    date serve them better), so the count stops at the cap.
    """

    @cached_property
    def count(self) -> int:
        limit = SECTION_MAX_PAGES * self.per_page
        return self.object_list[:limit].count()


def requested_page_number(request: HttpRequest) -> int:
    """The ``?page=`` a reader asked for, as a page number the paginator accepts.

    Anything that is not a number is page 1 and numbers are held within the
    paginator's cap, so odd query strings cannot multiply cached fragments.
    """
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), SECTION_MAX_PAGES)


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True, allow_unicode=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@register_snippet
class NewsSource(index.Indexed, models.Model):
    """An outlet: where a story comes from, or a publication it cites."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    url = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("news source")
        verbose_name_plural = _("news sources")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class HomePage(RestrictionAwarePage, Page):
    intro = models.CharField(_("introduction"), max_length=250, blank=True)
    lead_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to lead with the newest featured story."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("lead_article"),
    ]
    subpage_types = ["news.SectionPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request: HttpRequest, path_components: list[str]) -> Any:
        """Find the page at ``path_components`` below the home page in two queries.

        Wagtail's default walks the tree one level at a time (two queries per
        level). Here the pages on the path are fetched at once by slug (indexed)
        and the chain is checked level by level; only sections are walked
        through like this (their routing is Wagtail's default), any other page
        type on the way routes itself.
        """
        if len(path_components) < 2:
            return super().route(request, path_components)
        candidates = Page.objects.filter(
            path__startswith=self.path,
            depth__gt=self.depth,
            depth__lte=self.depth + len(path_components),
            slug__in=set(path_components),
        ).only("id", "path", "depth", "slug", "content_type_id", "live", "url_path")
        by_level = {(p.depth, p.slug, p.path[: -Page.steplen]): p for p in candidates}
        parent: Page = self
        for depth, slug in enumerate(path_components, start=self.depth + 1):
            page = by_level.get((depth, slug, parent.path))
            if page is None:
                raise Http404
            page._cached_parent_obj = parent
            remaining = path_components[depth - self.depth :]
            if remaining and page.specific_class is not SectionPage:
                return page.specific.route(request, remaining)
            parent = page
        return parent.specific.route(request, [])

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        from .selectors import home_front

        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template renders the front inside a cached fragment, so the
        # list queries only run when that fragment has to be rendered again.
        context["front"] = SimpleLazyObject(lambda: home_front(home=self))
        return context


class SectionPage(RestrictionAwarePage, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage"]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        from .selectors import article_list_published

        context = super().get_context(request, *args, **kwargs)
        number = requested_page_number(request)

        def page_of_articles() -> Any:
            paginator = CappedPaginator(
                article_list_published(section=self), SECTION_PAGE_SIZE
            )
            try:
                return paginator.page(number)
            except EmptyPage:
                return paginator.page(paginator.num_pages)

        # The template renders the list inside a fragment cached per page number,
        # so counting and fetching only happen when that fragment is rendered.
        context["page_number"] = number
        context["articles"] = SimpleLazyObject(page_of_articles)
        return context


class ArticlePage(RestrictionAwarePage, Page):
    kicker = models.CharField(
        _("kicker"),
        max_length=120,
        blank=True,
        help_text=_("A few words above the title, e.g. «خاص» or «عاجل»."),
    )
    lead = models.TextField(_("lead"), blank=True)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_caption = models.CharField(_("image caption"), max_length=300, blank=True)
    image_credit = models.CharField(_("image credit"), max_length=150, blank=True)
    authors = ParentalManyToManyField(Author, verbose_name=_("authors"), blank=True)
    byline = models.CharField(
        _("byline"),
        max_length=200,
        blank=True,
        help_text=_(
            "Free text, e.g. «شام تايمز – دمشق», shown when there is no author."
        ),
    )
    source = models.ForeignKey(
        NewsSource,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    cited_sources = ParentalManyToManyField(
        NewsSource,
        verbose_name=_("cited outlets"),
        blank=True,
        related_name="cited_in",
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown to readers. Set on first publication when empty."),
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("May lead the home page.")
    )
    comments_open = models.BooleanField(_("comments open"), default=True)
    external_id = models.CharField(
        _("external id"), max_length=190, null=True, blank=True, unique=True
    )

    content_panels = [
        FieldPanel("kicker"),
        *Page.content_panels,
        FieldPanel("lead"),
        MultiFieldPanel(
            [
                FieldPanel("image"),
                FieldPanel("image_caption"),
                FieldPanel("image_credit"),
            ],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldPanel("byline"),
                FieldPanel("source"),
                FieldPanel("cited_sources"),
            ],
            heading=_("Byline and sources"),
        ),
        FieldPanel("tags"),
    ]
    settings_panels = [
        *Page.settings_panels,
        FieldPanel("published_at"),
        FieldPanel("featured"),
        FieldPanel("comments_open"),
    ]

    parent_page_types = ["news.SectionPage"]
    subpage_types: list[str] = []

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]
    api_fields = [
        APIField("kicker"),
        APIField("lead"),
        APIField("body"),
        APIField("published_at"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The home page's lead: the newest featured story, found without
            # scanning the archive.
            models.Index(
                fields=["published_at"],
                condition=models.Q(featured=True),
                name="news_featured_date_idx",
            ),
        ]

    @property
    def section(self) -> SectionPage | None:
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    @property
    def display_date(self):
        return self.published_at or self.first_published_at

    @property
    def was_updated(self) -> bool:
        """True when the story changed noticeably after it was first published."""
        published = self.display_date
        updated = self.last_published_at
        if not published or not updated:
            return False
        return (updated - published).total_seconds() > 60

    def get_short_url(self) -> str:
        return reverse("news:short", args=[self.pk])

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["absolute_url"] = self.get_full_url(request)
        return context


@register_snippet
class BreakingItem(models.Model):
    """A line in the breaking-news ticker ("news bar"), shown until it expires."""

    headline = models.CharField(_("headline"), max_length=250)
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="breaking_items",
    )
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("shown until"), db_index=True)

    panels = [
        FieldPanel("headline"),
        FieldPanel("article"),
        FieldPanel("starts_at"),
        FieldPanel("expires_at"),
    ]

    class Meta:
        verbose_name = _("breaking news item")
        verbose_name_plural = _("breaking news")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.headline
