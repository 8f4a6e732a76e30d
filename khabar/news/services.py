"""Writes of news content: publishing and the breaking-news ticker."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import ArticlePage, BreakingItem


@transaction.atomic
def article_publish(*, article: Page, by: AbstractBaseUser | None = None) -> Page:
    """Save a revision of ``article`` and publish it now."""
    revision = article.save_revision(user=by, log_action=True)
    revision.publish(user=by)
    article.refresh_from_db()
    return article


def article_stamp_published_at(*, article_id: int) -> None:
    """Give a first-published article its reader-facing date, if it has none."""
    page = ArticlePage.objects.filter(pk=article_id, published_at__isnull=True).first()
    if page is None:
        return
    ArticlePage.objects.filter(pk=article_id).update(
        published_at=page.first_published_at or timezone.now()
    )


def breaking_create(
    *,
    headline: str,
    article: ArticlePage | None = None,
    until: datetime | None = None,
    duration: timedelta = timedelta(hours=2),
) -> BreakingItem:
    now = timezone.now()
    return BreakingItem.objects.create(
        headline=headline,
        article=article,
        starts_at=now,
        expires_at=until or now + duration,
    )


def breaking_expire(*, item: BreakingItem) -> None:
    item.expires_at = timezone.now()
    item.save(update_fields=["expires_at"])


# --- Editorial groups -------------------------------------------------------------

WRITER_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "lock_page",
    "publish_page",
    "unlock_page",
    "bulk_delete_page",
)
WRITER_MODEL_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "news.add_author",
    "news.change_author",
    "news.add_newssource",
    "news.change_newssource",
)
EDITOR_MODEL_PERMISSIONS = (
    *WRITER_MODEL_PERMISSIONS,
    "news.delete_author",
    "news.delete_newssource",
    "news.add_breakingitem",
    "news.change_breakingitem",
    "news.delete_breakingitem",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
)
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")

GROUP_WRITERS = "الكتّاب"
GROUP_EDITORS = "المحررون"
GROUP_ADMINS = "المدراء"


def _permissions(names: tuple[str, ...]) -> list:
    from django.contrib.auth.models import Permission

    found = []
    for name in names:
        app_label, codename = name.split(".")
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            found.append(permission)
    return found


@transaction.atomic
def editorial_groups_ensure() -> dict[str, object]:
    """Create (or top up) the writers, editors and admins groups. Idempotent.

    Writers draft and submit for moderation; editors publish, unpublish and
    schedule, and approve in the default moderation workflow; admins may do
    everything. Page permissions apply from the tree root down.
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
    )

    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    if root is None or collection is None:
        return {}
    page_perm = {
        p.codename: p
        for p in _permissions(
            tuple(f"wagtailcore.{c}" for c in EDITOR_PAGE_PERMISSIONS)
        )
    }
    image_perm = _permissions(tuple(f"wagtailimages.{c}" for c in IMAGE_PERMISSIONS))

    plan = {
        GROUP_WRITERS: (WRITER_PAGE_PERMISSIONS, WRITER_MODEL_PERMISSIONS),
        GROUP_EDITORS: (EDITOR_PAGE_PERMISSIONS, EDITOR_MODEL_PERMISSIONS),
        GROUP_ADMINS: (EDITOR_PAGE_PERMISSIONS, ()),
    }
    groups: dict[str, object] = {}
    for name, (page_codenames, model_permissions) in plan.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        if name == GROUP_ADMINS:
            group.permissions.add(*Permission.objects.all())
        else:
            group.permissions.add(*_permissions(model_permissions))
        for codename in page_codenames:
            if codename in page_perm:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=page_perm[codename]
                )
        for permission in image_perm:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    # Editors and admins approve in Wagtail's default moderation workflow.
    for task in GroupApprovalTask.objects.all():
        task.groups.add(groups[GROUP_EDITORS], groups[GROUP_ADMINS])
    return groups


def article_set_dates(
    *, article: ArticlePage, published_at: datetime, updated_at: datetime | None = None
) -> None:
    """Give an article its real publication dates (demo content, imports)."""
    updated = updated_at or published_at
    ArticlePage.objects.filter(pk=article.pk).update(
        published_at=published_at,
        first_published_at=published_at,
        last_published_at=updated,
    )
    article.published_at = published_at
    article.first_published_at = published_at
    article.last_published_at = updated
