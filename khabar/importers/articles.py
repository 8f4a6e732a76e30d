"""Bulk import of articles from JSON Lines (``manage.py import_articles``).

One article a line::

    {"external_id": "ant-123", "title": "…", "body": "plain text or HTML",
     "section": "economy", "published_at": "2018-02-18T10:00:00+00:00",
     "lead": "…", "tags": ["…"], "author": "…", "source": "…"}

The file is read as a stream (``.gz`` too) in batches, so memory stays
bounded by the batch plus the small lookup tables of sections, authors,
sources, tags and slugs. Import is idempotent by ``external_id``: a line
whose ``external_id`` exists already is skipped. A broken line is reported
(line number and reason) and skipped. Missing sections are created.

Fast path: Wagtail's ``add_child`` + revision costs ~10–20 ms a page, so a
batch allocates its tree paths with treebeard's materialised-path helpers
and inserts the pages, their article rows, tags, authors, the search index
and Wagtail's admin search entries with one statement per table. The pages
are live with ``first_published_at`` set, exactly what an editor's publish
leaves in those tables, except that no revision is stored (the first edit
in the admin creates one) and the reference index ("usage") is not filled.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import nh3
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from khabar.news.models import ArticlePage, Author, NewsSource, SectionPage
from khabar.search.backends.admin import title_norms_deferred
from khabar.search.indexing import document_fields
from khabar.search.services import (
    search_documents_bulk_create,
    search_keywords_refresh_stale,
    search_statistics_refresh,
)

from .tree import child_page_maker, pages_insert

logger = logging.getLogger(__name__)

REQUIRED = ("external_id", "title", "body", "section", "published_at")
BATCH_SIZE = 500
MAX_SLUG = 80
_HTML_RE = re.compile(
    r"</?(p|br|div|b|strong|i|em|a|ul|ol|li|h[1-6]|span|blockquote)\b", re.I
)
_ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li"}


class RecordError(ValueError):
    """A line that cannot become an article; the message is for the report."""


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    external_id: str
    title: str
    body: str
    section: str
    published_at: datetime
    lead: str = ""
    tags: tuple[str, ...] = ()
    author: str = ""
    source: str = ""


@dataclass
class ImportReport:
    created: int = 0
    skipped_existing: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    sections_created: list[str] = field(default_factory=list)
    lines: int = 0

    @property
    def failed(self) -> int:
        return len(self.errors)


# --- Reading ------------------------------------------------------------------


def open_text(path: str | Path) -> IO[str]:
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open("r", encoding="utf-8", errors="replace")


def _text(value: Any, name: str, *, required: bool = False, limit: int = 0) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        raise RecordError(f"The field “{name}” must be text.")
    text = str(value).strip()
    if required and not text:
        raise RecordError(f"The field “{name}” is empty.")
    if limit and len(text) > limit:
        text = text[:limit]
    return text


def parse_datetime(value: str) -> datetime:
    """ISO 8601 date or date-time; without an offset it is the site's time zone."""
    value = value.strip()
    try:
        if len(value) == 10:
            moment = datetime.combine(date.fromisoformat(value), datetime.min.time())
        else:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(
            f"The publication date “{value[:40]}” is not an ISO 8601 date."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def parse_record(data: Any) -> ArticleRecord:
    if not isinstance(data, dict):
        raise RecordError("The line is not a JSON object.")
    missing = [name for name in REQUIRED if name not in data]
    if missing:
        raise RecordError("Missing fields: " + ", ".join(missing) + ".")
    tags = data.get("tags") or []
    if isinstance(tags, str):
        tags = re.split(r"[,،]", tags)
    if not isinstance(tags, list):
        raise RecordError("The field “tags” must be a list of names.")
    return ArticleRecord(
        external_id=_text(data["external_id"], "external_id", required=True, limit=190),
        title=_text(data["title"], "title", required=True, limit=255),
        body=_text(data["body"], "body", required=True),
        section=_text(data["section"], "section", required=True, limit=255),
        published_at=parse_datetime(
            _text(data["published_at"], "published_at", required=True)
        ),
        lead=_text(data.get("lead"), "lead"),
        tags=tuple(
            dict.fromkeys(t for t in (_text(x, "tags", limit=100) for x in tags) if t)
        ),
        author=_text(data.get("author"), "author", limit=150),
        source=_text(data.get("source"), "source", limit=150),
    )


def read_records(stream: IO[str]) -> Iterator[tuple[int, ArticleRecord | RecordError]]:
    """(line number, record or error) for every non-blank line."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, RecordError(f"The line is not valid JSON ({exc.msg}).")
            continue
        try:
            yield number, parse_record(data)
        except RecordError as exc:
            yield number, exc


# --- Body --------------------------------------------------------------------------


def body_blocks(body: str) -> list[tuple[str, RichText]]:
    """Paragraph blocks from plain text (one per line) or cleaned HTML."""
    if _HTML_RE.search(body):
        cleaned = nh3.clean(
            body, tags=_ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel=None
        ).strip()
        return [("paragraph", RichText(cleaned))] if cleaned else []
    return [
        ("paragraph", RichText(f"<p>{html.escape(line.strip())}</p>"))
        for line in body.splitlines()
        if line.strip()
    ]


# --- Writing -----------------------------------------------------------------------


class ArticleImporter:
    """Imports batches of records under the default site's home page."""

    def __init__(self, *, admin_search: bool = True) -> None:
        self.admin_search = admin_search
        site = (
            Site.objects.filter(is_default_site=True)
            .select_related("root_page")
            .first()
        )
        if site is None:
            raise RuntimeError("There is no default site to import articles into.")
        self.home = site.root_page
        self.sections: dict[str, SectionPage] = {}
        self.slugs: dict[int, set[str]] = {}
        self.authors: dict[str, Author] = {}
        self.sources: dict[str, NewsSource] = {}
        self.tags: dict[str, int] = {}
        self.content_type = ContentType.objects.get_for_model(ArticlePage)
        self.sections_created: list[str] = []

    # lookups

    def section_for(self, name: str) -> SectionPage:
        key = name.casefold()
        if key in self.sections:
            return self.sections[key]
        slug = slugify(name, allow_unicode=True)[:MAX_SLUG] or "section"
        children = SectionPage.objects.child_of(self.home)
        section = (
            children.filter(slug=slug).first()
            or children.filter(title__iexact=name).first()
        )
        if section is None:
            section = self.home.add_child(
                instance=SectionPage(title=name, slug=slug, show_in_menus=True)
            )
            self.sections_created.append(name)
        self.sections[key] = section
        return section

    def author_for(self, name: str) -> Author:
        if name not in self.authors:
            author = Author.objects.filter(name=name).first()
            if author is None:
                base = slugify(name, allow_unicode=True)[:140] or "author"
                slug, n = base, 1
                while Author.objects.filter(slug=slug).exists():
                    n += 1
                    slug = f"{base}-{n}"
                author = Author.objects.create(name=name, slug=slug)
            self.authors[name] = author
        return self.authors[name]

    def source_for(self, name: str) -> NewsSource:
        if name not in self.sources:
            self.sources[name] = NewsSource.objects.get_or_create(name=name)[0]
        return self.sources[name]

    def tag_ids(self, names: set[str]) -> None:
        missing = [n for n in names if n not in self.tags]
        if not missing:
            return
        self.tags.update(Tag.objects.filter(name__in=missing).values_list("name", "id"))
        new = [n for n in missing if n not in self.tags]
        if new:
            used = set(
                Tag.objects.filter(
                    slug__in=[slugify(n, allow_unicode=True)[:100] for n in new]
                ).values_list("slug", flat=True)
            )
            objs = []
            for name in new:
                slug = slugify(name, allow_unicode=True)[:90] or "tag"
                candidate, n = slug, 1
                while candidate in used:
                    n += 1
                    candidate = f"{slug}-{n}"
                used.add(candidate)
                objs.append(Tag(name=name, slug=candidate))
            Tag.objects.bulk_create(objs, ignore_conflicts=True)
            self.tags.update(Tag.objects.filter(name__in=new).values_list("name", "id"))

    def unique_slug(self, section: SectionPage, title: str, external_id: str) -> str:
        taken = self.slugs.get(section.pk)
        if taken is None:
            taken = set(Page.objects.child_of(section).values_list("slug", flat=True))
            self.slugs[section.pk] = taken
        base = slugify(title, allow_unicode=True)[:MAX_SLUG].strip("-")
        base = base or slugify(external_id, allow_unicode=True)[:MAX_SLUG] or "article"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        return slug

    # the batch

    def import_batch(self, records: list[ArticleRecord], report: ImportReport) -> None:
        ids = [r.external_id for r in records]
        existing = set(
            ArticlePage.objects.filter(external_id__in=ids).values_list(
                "external_id", flat=True
            )
        )
        fresh: dict[str, ArticleRecord] = {}
        for record in records:
            if record.external_id in existing or record.external_id in fresh:
                report.skipped_existing += 1
            else:
                fresh[record.external_id] = record
        if not fresh:
            return
        with transaction.atomic():
            by_section: dict[int, list[ArticleRecord]] = {}
            sections: dict[int, SectionPage] = {}
            for record in fresh.values():
                section = self.section_for(record.section)
                sections[section.pk] = section
                by_section.setdefault(section.pk, []).append(record)
            self.tag_ids({t for r in fresh.values() for t in r.tags})
            for section_id, group in by_section.items():
                self._insert_group(sections[section_id], group)
            report.created += len(fresh)

    def _insert_group(self, section: SectionPage, records: list[ArticleRecord]) -> None:
        make_page = child_page_maker(section.pk, ArticlePage)
        articles = [
            make_page(
                title=record.title,
                slug=self.unique_slug(section, record.title, record.external_id),
                content_type=self.content_type,
                first_published_at=record.published_at,
                last_published_at=record.published_at,
                lead=record.lead,
                body=body_blocks(record.body),
                published_at=record.published_at,
                external_id=record.external_id,
                source=self.source_for(record.source) if record.source else None,
            )
            for record in records
        ]
        pages_insert(ArticlePage, articles)
        Page.objects.filter(pk=section.pk).update(
            numchild=F("numchild") + len(articles)
        )

        through = ArticlePage.authors.through
        author_rows = []
        tag_rows = []
        for article, record in zip(articles, records, strict=True):
            if record.author:
                author_rows.append(
                    through(
                        articlepage_id=article.pk,
                        author_id=self.author_for(record.author).pk,
                    )
                )
            tag_rows.extend(
                ArticlePage.tags.through(
                    content_object_id=article.pk, tag_id=self.tags[t]
                )
                for t in record.tags
                if t in self.tags
            )
        through.objects.bulk_create(author_rows, batch_size=BATCH_SIZE)
        ArticlePage.tags.through.objects.bulk_create(tag_rows, batch_size=BATCH_SIZE)

        search_documents_bulk_create(
            documents=[
                document_fields(
                    article,
                    section=section,
                    author_names=[record.author] if record.author else [],
                    tag_names=list(record.tags),
                    source_name=record.source,
                    text=_plain(record),
                )
                for article, record in zip(articles, records, strict=True)
            ]
        )
        if self.admin_search:
            _admin_search_add(articles)


def _plain(record: ArticleRecord) -> str:
    """The lead and body as plain text, as the search index reads them."""
    body = record.body
    if _HTML_RE.search(body):
        body = html.unescape(nh3.clean(body, tags=set()))
    return "\n".join(p for p in (record.lead, body) if p)


def _admin_search_add(articles: list[ArticlePage]) -> None:
    """Wagtail's own index (admin page search), as a page save would fill it."""
    from wagtail.search.backends import get_search_backends

    for backend in get_search_backends():
        try:
            backend.add_bulk(ArticlePage, articles)
        except Exception:  # the admin search is secondary; never lose the import
            logger.exception("Could not add imported articles to the admin search.")


def import_articles(
    *,
    path: str | Path,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    on_error: Callable[[int, str], None] | None = None,
    admin_search: bool = True,
) -> ImportReport:
    """Import every article of a ``.jsonl`` or ``.jsonl.gz`` file (see module doc).

    ``admin_search=False`` leaves Wagtail's admin search index alone (about a
    third of the import time); run ``manage.py update_index`` afterwards.
    """
    report = ImportReport()
    importer = ArticleImporter(admin_search=admin_search)
    batch: list[ArticleRecord] = []

    def flush() -> None:
        if batch:
            importer.import_batch(batch, report)
            if progress is not None:
                progress(len(batch))
            batch.clear()

    with open_text(path) as stream, title_norms_deferred():
        for number, item in read_records(stream):
            report.lines = number
            if isinstance(item, RecordError):
                report.errors.append((number, str(item)))
                if on_error is not None:
                    on_error(number, str(item))
                continue
            batch.append(item)
            if len(batch) >= batch_size:
                flush()
        flush()
    report.sections_created = importer.sections_created
    search_keywords_refresh_stale()
    if report.created:
        search_statistics_refresh()
    return report
