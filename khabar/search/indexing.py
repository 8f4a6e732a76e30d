"""Turn an article into the fields of its search document (calls ``arabic``).

Indexed: the title (its own field, ranked highest); then lead, body, tags,
section, authors, byline and source, in one "body" field. Only live articles
without view restrictions are indexed: the index never knows a draft.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from wagtail import blocks
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from khabar.news.models import ArticlePage
from khabar.sanitize import bare_rich_text

from .arabic import normalize
from .query import index_terms
from .ranking import term_stats

#: Plain text kept for snippets (the excerpt is taken from the first part).
SNIPPET_SOURCE_CHARS = 8000


@dataclass(frozen=True, slots=True)
class DocumentFields:
    page_id: int
    published_at: datetime
    section_id: int | None
    path: str
    title_terms: list[str]
    body_terms: list[str]
    content_length: int
    text: str
    tags: list[str]

    @property
    def content_terms(self) -> list[str]:
        return self.body_terms[: self.content_length]

    def as_model_kwargs(self) -> dict:
        return {
            "published_at": self.published_at,
            "section_id": self.section_id,
            "path": self.path,
            "title_length": len(self.title_terms),
            "body_length": len(self.body_terms),
            "content_length": self.content_length,
            "title_terms": " ".join(self.title_terms),
            "body_terms": " ".join(self.body_terms),
            "text": self.text,
            "tags": "\n".join(self.tags),
        }

    def ranking_kwargs(self) -> dict:
        """The fields of its :class:`~khabar.search.models.RankingRow`."""
        return ranking_values(self.published_at, self.title_terms, self.body_terms)


def ranking_values(
    published_at: datetime, title_terms: list[str], body_terms: list[str]
) -> dict:
    """A :class:`~khabar.search.models.RankingRow`'s fields, from the date and
    the analysed terms of its document."""
    return {
        "published": published_at.timestamp(),
        "title_length": len(title_terms),
        "body_length": len(body_terms),
        "term_stats": term_stats(title_terms, body_terms),
    }


def rich_text_for_indexing(source: str) -> str:
    """Wagtail's ``get_text_for_indexing`` without an HTML parser where none is
    needed: stored rich text is sanitised on the way in, so when its tags are
    bare names removing them gives what ``strip_tags`` gives
    (:func:`~khabar.sanitize.bare_rich_text`); with attributes Wagtail's own
    function is used."""
    text = bare_rich_text(source)
    return get_text_for_indexing(source) if text is None else text


def _raw_searchable(block: blocks.Block, raw: Any) -> list[str]:
    """``block.get_searchable_content(block.to_python(raw))``, from the raw JSON."""
    if not getattr(block, "search_index", True):  # not every block has the flag
        return []
    if isinstance(block, blocks.RichTextBlock):
        return [rich_text_for_indexing(str(raw or ""))]
    if isinstance(block, blocks.StructBlock):
        raw = raw or {}
        return [
            text
            for name, child in block.child_blocks.items()
            for text in _raw_searchable(child, raw.get(name, child.get_default()))
        ]
    if isinstance(block, blocks.StreamBlock):
        return [
            text
            for item in raw or ()
            if item.get("type") in block.child_blocks
            for text in _raw_searchable(
                block.child_blocks[item["type"]], item.get("value")
            )
        ]
    if isinstance(block, blocks.CharBlock | blocks.TextBlock):
        return block.get_searchable_content(raw)
    if type(block).get_searchable_content is blocks.Block.get_searchable_content:
        return []  # choosers, URLs, embeds: nothing to search
    return block.get_searchable_content(block.to_python(raw))  # anything else


def stream_searchable_content(value: Any) -> list[str]:
    """What ``StreamField.get_searchable_content(value)`` returns, read from the
    stream's raw data: no block is turned into Python objects (no image is
    fetched, no rich text parsed unless it has attributes)."""
    return _raw_searchable(value.stream_block, list(value.raw_data))


def body_parts(article: ArticlePage, content: list[str] | None = None) -> list[str]:
    """The lead and the body's texts (paragraphs, sub-headings, quotes,
    captions), stripped, empty ones left out.

    ``content``: the body's searchable content, when the caller has it.
    """
    parts = [article.lead] if article.lead else []
    try:
        if content is None:
            content = stream_searchable_content(article.body)
        parts.extend(str(s) for s in content if s)
    except (TypeError, ValueError, AttributeError, KeyError):  # a malformed stream
        pass
    return [p.strip() for p in parts if p and p.strip()]


def body_text(article: ArticlePage, content: list[str] | None = None) -> str:
    """The lead and the body's text, one part a line (see :func:`body_parts`)."""
    return "\n".join(body_parts(article, content))


def is_indexable(article: Page) -> bool:
    if not isinstance(article, ArticlePage) or not article.live or article.expired:
        return False
    return not article.get_view_restrictions().exists()


def document_fields(
    article: ArticlePage,
    *,
    section: Page | None = None,
    author_names: list[str] | None = None,
    tag_names: list[str] | None = None,
    source_name: str | None = None,
    text: str | None = None,
    parts: list[str] | None = None,
    analyse: Callable[[str], list[str]] = index_terms,
) -> DocumentFields:
    """The search document of ``article`` (pass related values to save queries).

    ``text`` replaces :func:`body_text` when the caller already has the plain
    lead and body (an importer), which skips re-parsing the rich text;
    ``parts`` replaces :func:`body_parts` likewise.  ``analyse`` is
    :func:`~khabar.search.query.index_terms` or an equivalent that remembers
    texts analysed ahead (the WordPress importer's parsing process).  The
    body's terms are those of its parts in order: ``index_terms`` never joins
    words across a line break, so that is the analysis of the joined text.
    """
    if section is None:
        section = article.get_parent()
    if author_names is None:
        author_names = [a.name for a in article.authors.all()]
    if tag_names is None:
        tag_names = [t.name for t in article.tags.all()]
    if source_name is None:
        source_name = article.source.name if article.source_id else ""
    if parts is None:
        parts = [text] if text is not None else body_parts(article)
    text = "\n".join(parts)
    extra = [
        *tag_names,
        section.title if section is not None else "",
        *author_names,
        article.byline,
        source_name or "",
    ]
    published = (
        article.published_at
        or article.first_published_at
        or article.last_published_at
        or timezone.now()
    )
    content_terms = [term for part in parts for term in analyse(part)]
    meta_terms = index_terms("\n".join(e for e in extra if e))
    return DocumentFields(
        page_id=article.pk,
        published_at=published,
        section_id=section.pk if section is not None else None,
        path=article.path,
        title_terms=analyse(article.title),
        body_terms=content_terms + meta_terms,
        content_length=len(content_terms),
        text=text[:SNIPPET_SOURCE_CHARS],
        tags=sorted({normalize(t) for t in tag_names if normalize(t)}),
    )
