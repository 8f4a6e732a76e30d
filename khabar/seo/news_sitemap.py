"""The Google News sitemap (/sitemap-news.xml): stories of the last 48 hours.

Rules (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap):
only articles published in the last two days, at most 1,000 URLs, each with
``news:publication`` (name and language, here ``ar``), ``news:publication_date``
in W3C format and ``news:title``. Hook methods mirror Django's ``Sitemap``:
override ``publication_name()``, ``publication_language()``,
``publication_date()`` or ``title()`` to change one element.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wagtail.contrib.sitemaps import Sitemap

from khabar.news.models import ArticlePage

from .meta import site_name_for
from .models import SeoSettings
from .selectors import NEWS_SITEMAP_LIMIT, news_sitemap_articles

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class NewsSitemap(Sitemap):
    limit = NEWS_SITEMAP_LIMIT
    language = "ar"

    def items(self):
        return news_sitemap_articles(root=self.get_wagtail_site().root_page)

    def publication_name(self, item: ArticlePage) -> str:
        if not hasattr(self, "_publication_name"):
            configured = SeoSettings.for_request(self.request).news_publication_name
            self._publication_name = configured or site_name_for(self.request)
        return self._publication_name

    def publication_language(self, item: ArticlePage) -> str:
        return self.language

    def publication_date(self, item: ArticlePage) -> datetime:
        return item.display_date

    def title(self, item: ArticlePage) -> str:
        return item.title

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        urls = []
        for item in self.paginator.page(page).object_list:
            urls.append(
                {
                    "item": item,
                    "location": self.location(item),
                    "lastmod": self.lastmod(item),
                    "news": {
                        "name": self.publication_name(item),
                        "language": self.publication_language(item),
                        "date": self.publication_date(item),
                        "title": self.title(item),
                    },
                }
            )
        return urls
