"""Which feed and sitemap addresses show a page, for the full-page cache.

When an article is published, changed or withdrawn, the cache
(``khabar.core.cache``) purges these paths along with the page itself::

    >>> seo_urls_for_page(article)          # doctest: +SKIP
    ['/feeds/rss/', '/feeds/atom/', '/feeds/sections/4/rss/',
     '/feeds/sections/4/atom/', '/sitemap.xml', '/sitemap-pages.xml',
     '/sitemap-articles.xml?p=1', '/sitemap-news.xml']

Paths only (no host); the order is stable.
"""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Page

from khabar.news.models import ArticlePage, SectionPage

from .meta import section_feed_url
from .selectors import section_list_in_ancestry
from .sitemaps import sitemap_page_for


def seo_urls_for_page(page: Page) -> list[str]:
    page = page.specific
    if not isinstance(page, ArticlePage | SectionPage):
        return []
    urls = [reverse("seo:feed-rss"), reverse("seo:feed-atom")]
    for section in section_list_in_ancestry(page=page):
        urls += [section_feed_url(section, "rss"), section_feed_url(section, "atom")]
    urls += [
        reverse("seo:sitemap-index"),
        reverse("seo:sitemap-section", kwargs={"section": "pages"}),
    ]
    if isinstance(page, ArticlePage):
        articles = reverse("seo:sitemap-section", kwargs={"section": "articles"})
        urls += [f"{articles}?p={sitemap_page_for(page)}", reverse("seo:sitemap-news")]
    return urls
