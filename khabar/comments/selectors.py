"""Reads of comments.

Public reads return :class:`PublicComment` values built from an explicit list
of columns: the commenter's e-mail and IP address are never even loaded, so
no template, feed or API built on these selectors can leak them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from .models import Comment
from .text import render_body, safe_url

#: Enough for any real discussion; bounds the page's work on a flood.
THREAD_LIMIT = 1000

PUBLIC_FIELDS = (
    "id",
    "parent_id",
    "depth",
    "author_name",
    "author_url",
    "body",
    "created_at",
    "is_staff_reply",
)


@dataclass
class PublicComment:
    id: int
    parent_id: int | None
    depth: int
    author_name: str
    author_url: str
    body: str
    created_at: datetime
    is_staff_reply: bool
    replies: list[PublicComment] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"comment-{self.id}"

    @property
    def body_html(self) -> str:
        """Escaped text; links are live (nofollow ugc) since it is approved."""
        return render_body(self.body, linkify=True)

    @property
    def website(self) -> str:
        return safe_url(self.author_url)

    @property
    def can_reply(self) -> bool:
        from .models import MAX_DEPTH

        return self.depth < MAX_DEPTH


@dataclass
class CommentThread:
    comments: list[PublicComment]
    count: int


def comment_public_get(*, comment_id: int) -> PublicComment | None:
    row = (
        Comment.objects.filter(pk=comment_id, status=Comment.Status.APPROVED)
        .values(*PUBLIC_FIELDS)
        .first()
    )
    return PublicComment(**row) if row else None


def comment_list_for_article(*, article: Any) -> CommentThread:
    """Approved comments as a tree (oldest first), in one query.

    A reply shows only under a visible parent, so a thread never shows an
    answer to a comment readers cannot see.
    """
    rows = (
        Comment.objects.filter(article_id=article.pk, status=Comment.Status.APPROVED)
        .order_by("created_at", "pk")
        .values(*PUBLIC_FIELDS)[:THREAD_LIMIT]
    )
    by_id: dict[int, PublicComment] = {}
    top: list[PublicComment] = []
    for row in rows:
        node = PublicComment(**row)
        if node.parent_id is None:
            top.append(node)
        elif node.parent_id in by_id:
            by_id[node.parent_id].replies.append(node)
        else:
            continue
        by_id[node.id] = node
    return CommentThread(comments=top, count=len(by_id))


def comment_count_for_article(*, article: Any) -> int:
    return Comment.objects.filter(
        article_id=article.pk, status=Comment.Status.APPROVED
    ).count()


def comment_queue(
    *,
    status: str | None = None,
    article_id: int | None = None,
) -> QuerySet[Comment]:
    """The moderators' queue, newest first, with what a row shows."""
    queryset = Comment.objects.select_related("article", "parent").order_by(
        "-created_at", "-pk"
    )
    if status:
        queryset = queryset.filter(status=status)
    if article_id:
        queryset = queryset.filter(article_id=article_id)
    return queryset
