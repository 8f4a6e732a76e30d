"""Thin adapters from Wagtail signals to news services (STYLE rule 5)."""

from typing import Any

from wagtail.signals import page_published

from . import services
from .models import ArticlePage


def _on_article_published(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    services.article_stamp_published_at(article_id=instance.pk)


def register() -> None:
    page_published.connect(
        _on_article_published, sender=ArticlePage, dispatch_uid="news-stamp-date"
    )


def ensure_editorial_groups(sender: Any, **kwargs: Any) -> None:
    services.editorial_groups_ensure()
