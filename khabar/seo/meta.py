"""What goes into a page's <head> for search engines and social networks.

The Django-side adapter of ``jsonld``: it reads a Wagtail page and the request
into plain values (absolute URLs, titles, dates), asks ``jsonld`` for the
structured data and returns one dict the ``seo/head.html`` template renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Site

from khabar.core import cache as page_cache
from khabar.core.models import SiteSettings
from khabar.news.models import ArticlePage, HomePage, SectionPage

from . import jsonld

# Social cards and Google's article images: 16:9, 4:3 and 1:1, at least 1200 px
# wide (https://developers.google.com/search/docs/appearance/structured-data/article).
SHARE_IMAGE_SPEC = "fill-1200x675"
ARTICLE_IMAGE_SPECS = (SHARE_IMAGE_SPEC, "fill-1200x900", "fill-1200x1200")
# Google: publisher logos should fit 600x60.
LOGO_SPEC = "max-600x60"
# The search page (khabar/urls.py mounts the search app at "search/").
SEARCH_PATH = "/search/"
RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"


@dataclass
class Feed:
    title: str
    url: str
    mime_type: str


@dataclass
class HeadMeta:
    site_name: str
    title: str = ""
    description: str = ""
    # base.html writes <meta name="description"> itself from search_description.
    write_description: bool = False
    canonical: str = ""
    og_type: str = "website"
    image: str = ""
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None
    twitter_site: str = ""
    published: Any = None
    modified: Any = None
    section: str = ""
    tags: list[str] = field(default_factory=list)
    feeds: list[Feed] = field(default_factory=list)
    structured_data: list[str] = field(default_factory=list)


def site_name_for(request: HttpRequest | None) -> str:
    site = Site.find_for_request(request) if request is not None else None
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


def feed_links(*, request: HttpRequest, section: SectionPage | None) -> list[Feed]:
    """The feeds a page advertises: the whole site's, and its section's."""
    name = site_name_for(request)
    feeds = [
        Feed(f"{name} (RSS)", reverse("seo:feed-rss"), RSS_TYPE),
        Feed(f"{name} (Atom)", reverse("seo:feed-atom"), ATOM_TYPE),
    ]
    if section is not None:
        title = f"{name} – {section.title}"
        feeds += [
            Feed(f"{title} (RSS)", section_feed_url(section, "rss"), RSS_TYPE),
            Feed(f"{title} (Atom)", section_feed_url(section, "atom"), ATOM_TYPE),
        ]
    return feeds


def section_feed_url(section: Page, kind: str) -> str:
    return reverse(f"seo:section-feed-{kind}", kwargs={"pk": section.pk})


def _twitter_handle(site_settings: SiteSettings) -> str:
    path = urlsplit(site_settings.x_url or "").path.strip("/")
    return f"@{path.split('/')[0]}" if path else ""


def absolute_url(request: HttpRequest, url: str) -> str:
    """``url`` on the site's configured address (Wagtail ``Site.root_url``).

    Canonical links, feeds and sitemaps all use the address editors gave the
    site, like ``Page.get_full_url``, rather than whatever Host a request sent.
    """
    if url.startswith(("http://", "https://")):
        return url
    site = Site.find_for_request(request)
    if site is None:
        return request.build_absolute_uri(url)
    return site.root_url.rstrip("/") + url


def _canonical(page: Page, request: HttpRequest) -> str:
    url = page.get_full_url(request) or ""
    if isinstance(page, SectionPage):
        # Each page of a section's listing is its own canonical document.
        number = request.GET.get("page", "")
        if number.isdigit() and int(number) > 1:
            url += f"?page={int(number)}"
    return url


def _local(value):
    return timezone.localtime(value) if value is not None else None


def _publisher(request: HttpRequest, site_settings: SiteSettings) -> dict:
    logo_url = None
    if site_settings.logo is not None:
        logo_url = absolute_url(
            request, site_settings.logo.get_rendition(LOGO_SPEC).url
        )
    return jsonld.organization(
        site_name_for(request), absolute_url(request, "/"), logo_url
    )


def _breadcrumbs(page: Page, request: HttpRequest) -> dict:
    """The same trail the visible breadcrumbs show (news/includes/breadcrumbs.html)."""
    crumbs = []
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        page_cache.tag_response(page_cache.page_tag(ancestor.pk))
        name = "الرئيسية" if ancestor.depth == 2 else ancestor.title
        crumbs.append((name, ancestor.get_full_url(request)))
    crumbs.append((page.title, page.get_full_url(request)))
    return jsonld.breadcrumb_list(crumbs)


def head_meta(*, request: HttpRequest, page: Page | None) -> HeadMeta:
    """What the <head> says about ``page``; the tags recorded while it is built
    (layout, the page, its ancestors) purge the cached copy when any of them change."""
    page_cache.tag_response(page_cache.LAYOUT)
    if page is not None:
        page_cache.tag_response(page_cache.page_tag(page.pk))
    site_settings = SiteSettings.for_request(request)
    meta = HeadMeta(
        site_name=site_name_for(request), twitter_site=_twitter_handle(site_settings)
    )
    if page is None:
        meta.feeds = feed_links(request=request, section=None)
        return meta
    page = page.specific
    meta.title = page.seo_title or page.title
    meta.canonical = _canonical(page, request)
    description = page.search_description
    section = None
    if isinstance(page, ArticlePage):
        section = page.section if isinstance(page.section, SectionPage) else None
        _article_meta(meta, page, request, site_settings, section)
        description = description or page.lead
    elif isinstance(page, SectionPage):
        section = page
        description = description or page.intro
        meta.structured_data.append(jsonld.to_script(_breadcrumbs(page, request)))
    elif isinstance(page, HomePage):
        description = description or site_settings.tagline or page.intro
        meta.structured_data.append(
            jsonld.to_script(
                jsonld.website(
                    name=meta.site_name,
                    url=meta.canonical,
                    search_url=absolute_url(request, SEARCH_PATH),
                )
            )
        )
    meta.description = description or ""
    meta.write_description = bool(meta.description) and not page.search_description
    if not meta.image and site_settings.logo is not None:
        _set_image(meta, request, site_settings.logo, SHARE_IMAGE_SPEC, meta.site_name)
    meta.feeds = feed_links(request=request, section=section)
    return meta


def _set_image(meta: HeadMeta, request, image, spec: str, alt: str) -> None:
    rendition = image.get_rendition(spec)
    meta.image = absolute_url(request, rendition.url)
    meta.image_width, meta.image_height = rendition.width, rendition.height
    meta.image_alt = alt


def _article_meta(
    meta: HeadMeta,
    page: ArticlePage,
    request: HttpRequest,
    site_settings: SiteSettings,
    section: SectionPage | None,
) -> None:
    meta.og_type = "article"
    meta.published = _local(page.display_date)
    meta.modified = _local(page.last_published_at or page.display_date)
    meta.section = section.title if section else ""
    meta.tags = [tag.name for tag in page.tags.all()]
    images = []
    if page.image is not None:
        renditions = page.image.get_renditions(*ARTICLE_IMAGE_SPECS)
        images = [absolute_url(request, renditions[s].url) for s in ARTICLE_IMAGE_SPECS]
        _set_image(
            meta,
            request,
            page.image,
            SHARE_IMAGE_SPEC,
            page.image_caption or page.title,
        )
    authors = [jsonld.person(author.name) for author in page.authors.all()]
    if not authors and page.byline:
        authors = [jsonld.person(page.byline)]
    article = jsonld.news_article(
        headline=page.title,
        url=meta.canonical,
        description=page.search_description or page.lead,
        date_published=meta.published,
        date_modified=meta.modified,
        authors=authors,
        publisher=_publisher(request, site_settings),
        images=images,
        section=meta.section,
        keywords=meta.tags,
    )
    meta.structured_data += [
        jsonld.to_script(article),
        jsonld.to_script(_breadcrumbs(page, request)),
    ]
