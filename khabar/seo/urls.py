"""Feeds, sitemaps and robots.txt, mounted at the site root.

/feeds/rss/  /feeds/atom/                       the whole site, 50 newest stories
/feeds/sections/<id>/rss/  …/atom/              one section (and its subsections)
/sitemap.xml                                    index → /sitemap-pages.xml,
                                                /sitemap-articles.xml?p=N
/sitemap-news.xml                               Google News, last 48 hours
/robots.txt
"""

from django.urls import path

from . import feeds, views

app_name = "seo"
urlpatterns = [
    path("feeds/rss/", feeds.feed_view(feeds.LatestArticlesFeed), name="feed-rss"),
    path(
        "feeds/atom/", feeds.feed_view(feeds.LatestArticlesAtomFeed), name="feed-atom"
    ),
    path(
        "feeds/sections/<int:pk>/rss/",
        feeds.feed_view(feeds.SectionFeed),
        name="section-feed-rss",
    ),
    path(
        "feeds/sections/<int:pk>/atom/",
        feeds.feed_view(feeds.SectionAtomFeed),
        name="section-feed-atom",
    ),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-news.xml", views.sitemap_news, name="sitemap-news"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap-section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
