"""Thin adapters from Wagtail signals to news services (STYLE rule 5)."""

from typing import Any

from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.signals import page_published

from khabar.core import cache

from . import services
from .models import ArticlePage, Author, BreakingItem, NewsSource


def _on_article_published(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    services.article_stamp_published_at(article_id=instance.pk)


def _on_breaking_changed(sender: Any, **kwargs: Any) -> None:
    cache.purge_layout()  # the ticker is on every page


def _on_byline_changed(
    sender: Any, instance: Author | NewsSource, **kwargs: Any
) -> None:
    """An author's or outlet's name shows on their stories: purge those pages."""
    if isinstance(instance, Author):
        shown = Q(authors=instance)
    else:
        shown = Q(source=instance) | Q(cited_sources=instance)
    pks = ArticlePage.objects.filter(shown).values_list("pk", flat=True).distinct()
    cache.purge_tags(cache.page_tag(pk) for pk in pks)


def register() -> None:
    page_published.connect(
        _on_article_published, sender=ArticlePage, dispatch_uid="news-stamp-date"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _on_breaking_changed, sender=BreakingItem, dispatch_uid="news-cache-ticker"
        )
    for signal in (post_save, pre_delete):  # pre: a deleted author's stories still link
        for model in (Author, NewsSource):
            signal.connect(
                _on_byline_changed,
                sender=model,
                dispatch_uid=f"news-cache-{model.__name__}",
            )


def ensure_editorial_groups(sender: Any, **kwargs: Any) -> None:
    services.editorial_groups_ensure()
