"""Every public page costs a bounded number of queries, however many stories exist.

Each page is rendered (page cache off, as on a miss) on a site with N stories and
again with 4×N stories: the counts must not grow (no query per story, author,
image or tag) and under a ceiling. The first view of each page is not counted:
it fills Django's cache (image renditions, search's related-story lists).
"""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from tests.factories.news import (
    ArticlePageFactory,
    AuthorFactory,
    NewsSourceFactory,
    SectionPageFactory,
)

pytestmark = pytest.mark.django_db

# Ceilings measured on this build (SQLite and PostgreSQL agree), with some room.
CEILINGS = {
    "home": 28,
    "section": 22,
    "section_page_2": 22,
    "article": 34,
    "search": 16,
    "feed": 12,
    "section_feed": 12,
    "sitemap": 14,
}


def build_site(home, section, stories):
    """Add ``stories`` stories (with image, authors, source, tags) to two sections."""
    from khabar.news.models import SectionPage

    sport = SectionPage.objects.filter(slug="sport").first() or SectionPageFactory(
        parent=home, title="رياضة", slug="sport"
    )
    authors = [AuthorFactory(), AuthorFactory()]
    source = NewsSourceFactory()
    articles = []
    for n in range(stories):
        article = ArticlePageFactory(
            parent=section if n % 2 else sport,
            title=f"السعودية خبر رقم {n}",
            image=wagtail_factories.ImageFactory(),
            source=source,
        )
        article.authors.add(*authors)
        article.cited_sources.add(source)
        article.tags.add("سياسة", f"وسم {n}")
        article.save_revision().publish()
        articles.append(article)
    return articles


def urls(section, article):
    found = {
        "home": "/",
        "section": section.url,
        "section_page_2": section.url + "?page=2",
        "article": article.url,
    }
    for name, (view, kwargs, query) in {
        "search": ("search:search", {}, "?q=السعودية"),
        "feed": ("seo:feed-rss", {}, ""),
        "section_feed": ("seo:section-feed-rss", {"pk": section.pk}, ""),
        "sitemap": ("seo:sitemap-index", {}, ""),
    }.items():
        try:
            found[name] = reverse(view, kwargs=kwargs) + query
        except NoReverseMatch:  # the app has not published that page yet
            pass
    return found


def measure(client, site_urls):
    counts = {}
    for name, url in site_urls.items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts[name] = len(queries)
    return counts


@pytest.fixture
def counts_at(client, home, section):
    def at(stories):
        articles = build_site(home, section, stories)
        return measure(client, urls(section, articles[-1]))

    return at


def test_query_counts_do_not_grow_with_the_number_of_stories(counts_at):
    # Beyond a section page's 20 stories, so page 2 exists in the big site.
    small = counts_at(6)
    big = counts_at(18)  # 24 in all
    assert {"home", "section", "article"} <= small.keys()
    for name, count in big.items():
        assert count <= small[name], f"{name}: {small[name]} → {count} queries"


@pytest.mark.parametrize("name", list(CEILINGS))
def test_each_public_page_stays_under_its_query_ceiling(
    client, home, section, name, django_assert_max_num_queries
):
    articles = build_site(home, section, 24)
    site_urls = urls(section, articles[-1])
    if name not in site_urls:
        pytest.skip(f"{name} is not served by this build")
    url = site_urls[name]
    client.get(url)
    with django_assert_max_num_queries(CEILINGS[name]):
        assert client.get(url).status_code == 200
