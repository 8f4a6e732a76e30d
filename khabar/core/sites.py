"""Per-request lookups every page makes, answered from memos instead of queries.

Wagtail resolves the site of every request (a query with a CASE ordering), its
root page, the site settings, and the view restrictions of the page and its
ancestors (two queries). They change only when an administrator edits a site,
the site settings or a page's privacy, so they are memoised in the fragment
store (khabar.core.cache.memo) and purged by tag on exactly those edits
(khabar/core/signal_handlers.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache as django_cache
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from . import cache
from .models import SiteSettings

SITES = "sites"
RESTRICTIONS = "restrictions"


def site_for(hostname: str, port: int) -> Site | None:
    """The site serving ``hostname:port`` (Wagtail's rules), its root page loaded."""

    def compute() -> Site | None:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        site.root_page.specific  # noqa: B018 - loaded now, stored with the site
        return site

    def tags(site: Site | None) -> list[str]:
        # Publishing the home page purges its tag: the next request loads it anew.
        return [SITES] + ([cache.page_tag(site.root_page_id)] if site else [])

    return cache.memo(f"site:{hostname}:{port}", compute, tags)


#: Django's cache (shared by every process), not the fragment memo: search and
#: "see also" read it on every request even when fragments are switched off.
SITE_ROOTS_KEY = "khabar:site-root-paths"


def site_root_paths() -> tuple[str, ...]:
    """Tree paths of every site's root page (cached; dropped when a site is
    saved or deleted, or a page moved: :func:`site_root_paths_forget`)."""
    roots = django_cache.get(SITE_ROOTS_KEY)
    if roots is None:
        roots = tuple(sorted(Site.objects.values_list("root_page__path", flat=True)))
        django_cache.set(SITE_ROOTS_KEY, roots, None)
    return roots


def site_root_paths_forget() -> None:
    django_cache.delete(SITE_ROOTS_KEY)


def scope_path(path: str) -> str | None:
    """The tree path a page at ``path`` (a story, or a site's home) lists stories
    under: its site's root when this installation serves more than one site,
    so one title's search and "see also" never show another's stories. None
    with a single site (nothing to bound, so no filter and no cost) or for a
    page outside every site.
    """
    roots = site_root_paths()
    if len(roots) < 2:
        return None
    owners = [root for root in roots if path.startswith(root)]
    return max(owners, key=len) if owners else None


def settings_for(site: Site) -> SiteSettings:
    """The site's settings (saving them purges the layout tag, and this memo)."""
    return cache.memo(
        f"site-settings:{site.pk}",
        lambda: SiteSettings.for_site(site),
        [cache.LAYOUT, SITES],
    )


def restricted_paths() -> tuple[frozenset[str], frozenset[int]]:
    """Tree paths of the pages (and aliases) that carry a view restriction, and
    the ids of the restricted pages; usually both empty."""

    def compute() -> tuple[frozenset[str], frozenset[int]]:
        ids = frozenset(
            PageViewRestriction.objects.values_list("page_id", flat=True).distinct()
        )
        if not ids:
            return frozenset(), ids
        paths = Page.objects.filter(pk__in=ids).values_list("path", flat=True)
        aliases = Page.objects.filter(alias_of_id__in=ids).values_list(
            "path", flat=True
        )
        return frozenset([*paths, *aliases]), ids

    return cache.memo("restrictions", compute, [RESTRICTIONS])


def may_be_restricted(page: Page) -> bool:
    """False when no view restriction can apply to ``page`` (no query)."""
    paths, ids = restricted_paths()
    if not paths:
        return False
    if page.alias_of_id in ids:
        return True
    return any(page.path.startswith(path) for path in paths)


class RestrictionAwarePage:
    """Page mixin: skips Wagtail's two restriction queries when none can apply."""

    def get_view_restrictions(self) -> Any:
        if not may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class SiteMiddleware:
    """Puts the request's site on it from the memo, before Wagtail looks it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not hasattr(request, "_wagtail_site"):
            hostname = split_domain_port(request._get_raw_host())[0]
            request._wagtail_site = site_for(hostname, request.get_port())
            if request._wagtail_site is not None:
                site_settings = settings_for(request._wagtail_site)
                site_settings._request = request
                setattr(request, SiteSettings.get_cache_attr_name(), site_settings)
        return self.get_response(request)
