"""Thin adapters from Wagtail signals to spelling services (STYLE rule 5).

The incremental update runs after the publishing transaction commits: it only
makes suggestions, and must never fail or slow down a publish.
"""

import logging
from typing import Any

from django.db import transaction
from wagtail.signals import page_published

from khabar.news.models import ArticlePage

from . import services

logger = logging.getLogger("khabar.spelling")


def _update(page_id: int) -> None:
    article = ArticlePage.objects.filter(pk=page_id).first()
    if article is None:
        return
    try:
        services.variants_update_for_article(article=article)
    except Exception:  # a suggestion must never break publishing
        logger.exception("Spelling variants: update for page %s failed.", page_id)


def _on_published(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    page_id = instance.pk
    transaction.on_commit(lambda: _update(page_id))


def register() -> None:
    page_published.connect(
        _on_published, sender=ArticlePage, dispatch_uid="spelling-variants-update"
    )
