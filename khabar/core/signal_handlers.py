"""Thin adapters from Wagtail and Khabar signals to page-cache purges (STYLE rule 5).

Only Wagtail's generic Page API is used here; the news app connects its own
models (breaking news, authors) in khabar/news/signal_handlers.py.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import cache, sites
from .models import SiteSettings
from .signals import page_content_changed


def _on_page_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    cache.purge_page(instance)


def _on_page_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        cache.purge_page(instance)


def _on_page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    parents = (kwargs.get("parent_page_before"), kwargs.get("parent_page_after"))
    cache.purge_page(instance, extra_parents=[p for p in parents if p is not None])
    sites.site_root_paths_forget()  # a site's home may have moved


def _on_page_content_changed(sender: Any, page: Page, **kwargs: Any) -> None:
    cache.purge_page_content(page)


def _on_site_settings_saved(sender: Any, **kwargs: Any) -> None:
    cache.purge_layout()


def _on_site_changed(sender: Any, **kwargs: Any) -> None:
    cache.purge_tags({sites.SITES, cache.LAYOUT})  # the site name is on every page
    sites.site_root_paths_forget()


def _on_restriction_changed(
    sender: Any, instance: PageViewRestriction, **kwargs: Any
) -> None:
    """A page went behind (or came out from) a login or password: no stored copy
    of it or of a page below it may be served to the next anonymous reader."""
    cache.purge_tags({sites.RESTRICTIONS})
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None or page.numchild:
        cache.purge_all()  # a whole subtree: rare enough to start afresh
    else:
        cache.purge_page(page)


def _on_page_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page) and instance.alias_of_id:
        cache.purge_tags({sites.RESTRICTIONS})  # an alias shares its source's


def register() -> None:
    page_published.connect(_on_page_changed, dispatch_uid="core-cache-published")
    page_unpublished.connect(_on_page_changed, dispatch_uid="core-cache-unpublished")
    post_delete.connect(_on_page_deleted, dispatch_uid="core-cache-deleted")
    post_page_move.connect(_on_page_moved, dispatch_uid="core-cache-moved")
    page_content_changed.connect(
        _on_page_content_changed, dispatch_uid="core-cache-content"
    )
    post_save.connect(
        _on_site_settings_saved, sender=SiteSettings, dispatch_uid="core-cache-settings"
    )
    for signal in (post_save, post_delete):
        signal.connect(_on_site_changed, sender=Site, dispatch_uid="core-cache-site")
        signal.connect(
            _on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid="core-cache-restriction",
        )
    post_save.connect(_on_page_saved, dispatch_uid="core-cache-alias")
