"""RSS 2.0 and Atom feeds of the latest stories, site-wide and per section.

Hook-method subclasses of Django's ``Feed`` (STYLE rule 4). Extra RSS
namespaces (Dublin Core authors, ``content:encoded`` full text, Media RSS
images) are written by the feed generators' ``add_root_elements`` and
``add_item_elements``. Specs: https://www.rssboard.org/rss-specification,
RFC 4287 (Atom), https://www.rssboard.org/media-rss and
https://web.resource.org/rss/1.0/modules/content/.

A ``Feed`` instance is created per request (see ``feed_view``), so the request
and the prefetched sections can live on ``self`` safely.
"""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from wagtail.images.models import SourceImageIOError

from khabar.news.models import ArticlePage, SectionPage

from .meta import absolute_url, site_name_for
from .models import SeoSettings
from .selectors import (
    article_sections,
    article_tag_names,
    feed_articles,
    section_get_public,
)

DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
MEDIA_SPEC = "width-1200"
_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')


class KhabarRssFeed(Rss201rev2Feed):
    def rss_attributes(self) -> dict[str, str]:
        return {
            **super().rss_attributes(),
            "xmlns:dc": DC_NS,
            "xmlns:content": CONTENT_NS,
            "xmlns:media": MEDIA_NS,
        }

    def add_item_elements(self, handler: Any, item: dict) -> None:
        super().add_item_elements(handler, item)
        # RSS's own <author> must be an e-mail address; names go in dc:creator.
        for name in item["authors"]:
            handler.addQuickElement("dc:creator", name)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        media = item.get("media")
        if media:
            handler.addQuickElement("media:content", None, media)


class KhabarAtomFeed(Atom1Feed):
    def add_item_elements(self, handler: Any, item: dict) -> None:
        super().add_item_elements(handler, item)
        # Atom allows several <author>s; Django writes only one.
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LatestArticlesFeed(Feed):
    """The 50 newest stories of the whole site (RSS 2.0)."""

    feed_type = KhabarRssFeed
    language = "ar"
    url_name = "seo:feed-rss"

    def get_object(self, request: HttpRequest, **kwargs: Any) -> SectionPage | None:
        self.request = request
        section = self.get_section(**kwargs)
        self.articles = feed_articles(section=section)
        self.sections = article_sections(articles=self.articles)
        self.tag_names = article_tag_names(articles=self.articles)
        self.full_content = SeoSettings.for_request(request).feed_full_content
        return section

    def get_section(self, **kwargs: Any) -> SectionPage | None:
        return None

    # --- the channel ------------------------------------------------------------
    def title(self, obj: SectionPage | None) -> str:
        name = site_name_for(self.request)
        return f"{name} – {obj.title}" if obj else name

    def link(self, obj: SectionPage | None) -> str:
        return (
            obj.get_full_url(self.request) if obj else absolute_url(self.request, "/")
        )

    def description(self, obj: SectionPage | None) -> str:
        if obj is not None:
            return obj.intro or f"آخر أخبار {obj.title}"
        return f"آخر أخبار {site_name_for(self.request)}"

    def feed_url(self, obj: SectionPage | None) -> str:
        kwargs = {"pk": obj.pk} if obj is not None else {}
        return absolute_url(self.request, reverse(self.url_name, kwargs=kwargs))

    def items(self, obj: SectionPage | None) -> list[ArticlePage]:
        return self.articles

    # --- each story ---------------------------------------------------------------
    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lead or item.search_description

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url(self.request)

    def item_guid(self, item: ArticlePage) -> str:
        # The short link stays the same when an editor changes the slug.
        return absolute_url(self.request, item.get_short_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: ArticlePage):
        return item.display_date

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at or item.display_date

    def item_categories(self, item: ArticlePage) -> list[str]:
        section = self.sections.get(item.pk)
        categories = [section.title] if section else []
        return categories + self.tag_names.get(item.pk, [])

    def item_enclosures(self, item: ArticlePage) -> list[Enclosure]:
        if item.image is None:
            return []
        mime_type = mimetypes.guess_type(item.image.file.name)[0] or "image/jpeg"
        return [
            Enclosure(
                absolute_url(self.request, item.image.file.url),
                str(_file_size(item.image)),
                mime_type,
            )
        ]

    def item_extra_kwargs(self, item: ArticlePage) -> dict[str, Any]:
        extra: dict[str, Any] = {
            "authors": _author_names(item),
            "content_html": self.content_html(item) if self.full_content else None,
        }
        if item.image is not None:
            rendition = item.image.get_rendition(MEDIA_SPEC)
            extra["media"] = {
                "url": absolute_url(self.request, rendition.url),
                "medium": "image",
                "width": str(rendition.width),
                "height": str(rendition.height),
            }
        return extra

    def content_html(self, item: ArticlePage) -> str:
        html = str(item.body)
        if item.lead:
            html = f"<p>{escape(item.lead)}</p>{html}"
        # Feed readers show content away from the site: make links absolute.
        base = absolute_url(self.request, "/").rstrip("/")
        return _RELATIVE_URL.sub(lambda m: f'{m.group(1)}{base}{m.group(2)}"', html)


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = KhabarAtomFeed
    url_name = "seo:feed-atom"
    subtitle = LatestArticlesFeed.description


class SectionFeed(LatestArticlesFeed):
    """The 50 newest stories of one section and its subsections (RSS 2.0)."""

    url_name = "seo:section-feed-rss"

    def get_section(self, **kwargs: Any) -> SectionPage | None:
        section = section_get_public(pk=kwargs["pk"])
        if section is None:
            raise Http404("No such section.")
        return section


class SectionAtomFeed(SectionFeed):
    feed_type = KhabarAtomFeed
    url_name = "seo:section-feed-atom"
    subtitle = LatestArticlesFeed.description


def _author_names(item: ArticlePage) -> list[str]:
    names = [author.name for author in item.authors.all()]
    return names or ([item.byline] if item.byline else [])


def _file_size(image: Any) -> int:
    try:
        return image.get_file_size() or 0
    except SourceImageIOError:
        return 0


def feed_view(feed_class: type[Feed]):
    """A view that builds a fresh feed object for every request."""

    def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return feed_class()(request, **kwargs)

    view.__name__ = feed_class.__name__
    return view
