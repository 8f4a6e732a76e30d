"""XML sitemaps: an index (/sitemap.xml) of paginated child sitemaps.

Hook-method subclasses of Wagtail's ``Sitemap`` (itself Django's); each page
gives its own address and date through ``Page.get_sitemap_urls(request)``.
A child sitemap holds at most ``limit`` URLs and the index lists every page of
it (``/sitemap-articles.xml?p=2`` …), so the archive can grow far past the
50,000 URLs one sitemap file may hold (https://www.sitemaps.org/protocol.html).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from khabar.news.models import ArticlePage, SectionPage

from .selectors import page_lastmods, sitemap_articles, sitemap_articles_lastmod


class PageSitemap(Sitemap):
    """Base: every URL comes from the page itself; ``lastmod`` may be refined."""

    def prepare(self, items: list[Page]) -> None:
        """Hook: load whatever ``page_lastmod`` needs for this batch, once."""

    def page_lastmod(self, item: Page, url_info: dict) -> datetime | None:
        return url_info.get("lastmod")

    def site_root(self) -> Page:
        return self.get_wagtail_site().root_page

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        items = list(self.paginator.page(page).object_list)
        self.prepare(items)
        urls = []
        for item in items:
            for url_info in item.get_sitemap_urls(self.request):
                urls.append(
                    {
                        **url_info,
                        "item": item,
                        "lastmod": self.page_lastmod(item, url_info),
                    }
                )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class SectionSitemap(PageSitemap):
    """The home page and every section, dated by their newest story."""

    def items(self) -> list[Page]:
        root = self.site_root()
        sections = list(
            SectionPage.objects.live().public().descendant_of(root).order_by("path")
        )
        return [root.specific, *sections]

    def prepare(self, items: list[Page]) -> None:
        self.lastmods = page_lastmods(pages=items)

    def page_lastmod(self, item: Page, url_info: dict) -> datetime | None:
        return self.lastmods.get(item.pk) or url_info.get("lastmod")

    def get_latest_lastmod(self) -> datetime | None:
        items = self.items()
        return max(page_lastmods(pages=items).values(), default=None)


class ArticleSitemap(PageSitemap):
    """Every published article, oldest first so that earlier pages stay stable."""

    # Well under the protocol's 50,000 so that each file renders quickly.
    limit = 5000

    def items(self):
        return sitemap_articles().descendant_of(self.site_root())

    def get_latest_lastmod(self) -> datetime | None:
        # Django's default would load every article to find the newest date.
        return sitemap_articles_lastmod()


SITEMAPS = {"pages": SectionSitemap, "articles": ArticleSitemap}


def sitemap_page_for(article: ArticlePage) -> int:
    """Which page of ``/sitemap-articles.xml`` lists ``article`` (1-based)."""
    position = sitemap_articles().filter(pk__lt=article.pk).count()
    return position // ArticleSitemap.limit + 1
