"""Thin adapters from page and model signals to search services (STYLE rule 5).

Index writes run in the publishing transaction; the "see also" refresh runs
after commit (it is a cache and must never fail a publish).
"""

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from khabar.core.signals import page_content_changed
from khabar.news.models import ArticlePage, SectionPage

from . import services
from .models import SearchDocument

#: A save touching only these fields does not change what search knows.
_BOOKKEEPING = frozenset(
    {
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _on_published(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    services.search_index_article(article=instance)
    page_id = instance.pk
    transaction.on_commit(lambda: services.article_related_on_publish(page_id=page_id))


def _on_unpublished(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    services.search_unindex_page(page_id=instance.pk)


def _on_saved(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    # Pages created live (imports, scripts, tests) and direct saves of live
    # pages; publishing also arrives here and again, complete, as page_published.
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (update_fields and set(update_fields) <= _BOOKKEEPING):
        return
    services.search_index_article(article=instance)


def _on_moved(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.search_reindex_subtree(page=instance)


def _on_section_saving(sender: Any, instance: SectionPage, **kwargs: Any) -> None:
    # Remember the name and slug the stories were indexed with.
    update_fields = kwargs.get("update_fields")
    if kwargs.get("raw") or (
        update_fields and not {"title", "slug"} & set(update_fields)
    ):
        return
    instance._search_indexed_as = (
        Page.objects.filter(pk=instance.pk).values_list("title", "slug").first()
        if instance.pk
        else None
    )


def _on_section_saved(sender: Any, instance: SectionPage, **kwargs: Any) -> None:
    before = getattr(instance, "_search_indexed_as", None)
    if before is not None and before != (instance.title, instance.slug):
        instance._search_indexed_as = (instance.title, instance.slug)
        services.search_reindex_section(section=instance)


def _on_content_changed(sender: Any, page: Any, **kwargs: Any) -> None:
    services.related_cards_forget(page_ids=[page.pk])


def _on_image_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    # A card keeps the URL of the image's rendition.
    services.related_cards_forget_for_image(image_id=instance.pk)


def _on_restriction_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.search_restriction_changed(page_id=instance.page_id)


def _on_document_deleted(sender: Any, instance: SearchDocument, **kwargs: Any) -> None:
    services.search_document_forget(document=instance)


def register() -> None:
    page_published.connect(_on_published, sender=ArticlePage, dispatch_uid="search-pub")
    page_unpublished.connect(
        _on_unpublished, sender=ArticlePage, dispatch_uid="search-unpub"
    )
    post_save.connect(_on_saved, sender=ArticlePage, dispatch_uid="search-save")
    post_page_move.connect(_on_moved, dispatch_uid="search-move")
    pre_save.connect(_on_section_saving, sender=SectionPage, dispatch_uid="search-sec")
    post_save.connect(_on_section_saved, sender=SectionPage, dispatch_uid="search-sec")
    page_content_changed.connect(_on_content_changed, dispatch_uid="search-changed")
    image_model = get_image_model()
    post_save.connect(_on_image_changed, sender=image_model, dispatch_uid="search-img")
    pre_delete.connect(_on_image_changed, sender=image_model, dispatch_uid="search-img")
    post_delete.connect(
        _on_document_deleted, sender=SearchDocument, dispatch_uid="search-doc-delete"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid="search-restriction",
        )
