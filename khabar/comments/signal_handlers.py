"""Thin adapters from Django signals to comment services (STYLE rule 5)."""

from typing import Any

from django.db.models.signals import post_delete

from . import services
from .models import Comment


def _on_comment_deleted(sender: Any, instance: Comment, **kwargs: Any) -> None:
    services.comment_deleted(comment=instance)


def register() -> None:
    post_delete.connect(
        _on_comment_deleted, sender=Comment, dispatch_uid="comments-deleted-purge"
    )
