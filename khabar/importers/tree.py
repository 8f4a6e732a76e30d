"""Tree positions for pages written in bulk under one parent (both importers)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from wagtail.models import Page

from khabar.core.bulk import insert_rows


def child_page_maker(parent_id: int, model: type[Page] = Page) -> Callable[..., Page]:
    """Lock the parent's row (concurrent importers then get distinct paths) and
    return a maker of unsaved, live child pages (of ``model``) at its next
    free positions.

    The caller writes them with :func:`pages_insert` and adds their number to
    the parent's ``numchild`` in the same transaction.
    """
    parent = (
        Page.objects.select_for_update()
        .filter(pk=parent_id)
        .values("path", "depth", "url_path", "locale_id")
        .get()
    )
    depth = parent["depth"] + 1
    last = (
        Page.objects.filter(path__startswith=parent["path"], depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    steps = itertools.count(Page._str2int(last[-Page.steplen :]) + 1 if last else 1)

    def make(*, title: str, slug: str, **fields: Any) -> Page:
        return model(
            path=Page._get_path(parent["path"], depth, next(steps)),
            depth=depth,
            numchild=0,
            title=title,
            draft_title=title,
            slug=slug,
            url_path=f"{parent['url_path']}{slug}/",
            locale_id=parent["locale_id"],
            live=True,
            has_unpublished_changes=False,
            **fields,
        )

    return make


def pages_insert(model: type[Page], pages: Sequence[Page]) -> None:
    """Write new pages of ``model`` (a direct ``Page`` subclass): the base rows,
    which gives their ids, then the model's own rows (``bulk_create`` refuses
    multi-table models; this is what ``save_base`` does, batched)."""
    insert_rows(Page, pages)
    ptr = model._meta.pk.attname
    for page in pages:
        setattr(page, ptr, page.id)
    insert_rows(model, pages)
