"""Turn an article into the fields of its search document (calls ``arabic``).

Indexed: the title (its own field, ranked highest); then lead, body, tags,
section, authors, byline and source, in one "body" field. Only live articles
without view restrictions are indexed: the index never knows a draft.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from wagtail.models import Page

from khabar.news.models import ArticlePage

from .arabic import normalize
from .query import index_terms

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


def body_text(article: ArticlePage) -> str:
    """The lead and the body's text (paragraphs, sub-headings, quotes, captions)."""
    field = ArticlePage._meta.get_field("body")
    parts = [article.lead] if article.lead else []
    try:
        parts.extend(str(s) for s in field.get_searchable_content(article.body) if s)
    except (TypeError, ValueError, AttributeError):  # a malformed stream
        pass
    return "\n".join(p.strip() for p in parts if p and p.strip())


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
) -> DocumentFields:
    """The search document of ``article`` (pass related values to save queries).

    ``text`` replaces :func:`body_text` when the caller already has the plain
    lead and body (an importer), which skips re-parsing the rich text.
    """
    if section is None:
        section = article.get_parent()
    if author_names is None:
        author_names = [a.name for a in article.authors.all()]
    if tag_names is None:
        tag_names = [t.name for t in article.tags.all()]
    if source_name is None:
        source_name = article.source.name if article.source_id else ""
    if text is None:
        text = body_text(article)
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
    content_terms = index_terms(text)
    meta_terms = index_terms("\n".join(e for e in extra if e))
    return DocumentFields(
        page_id=article.pk,
        published_at=published,
        section_id=section.pk if section is not None else None,
        path=article.path,
        title_terms=index_terms(article.title),
        body_terms=content_terms + meta_terms,
        content_length=len(content_terms),
        text=text[:SNIPPET_SOURCE_CHARS],
        tags=sorted({normalize(t) for t in tag_names if normalize(t)}),
    )
