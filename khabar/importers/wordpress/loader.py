"""Load a WordPress export (WXR) into Khabar, keeping every old URL working.

Worked example (what ``manage.py import_wordpress`` does)::

    >>> from khabar.importers.wordpress.loader import ImportOptions, wordpress_import
    >>> report = wordpress_import(path="export.xml",                 # doctest: +SKIP
    ...                           options=ImportOptions(uploads=Path("wp-content/uploads")))
    >>> print(report.render())                                       # doctest: +SKIP
    kind      created  updated  unchanged  skipped  warnings
    section         5        0          0        0         0
    post          812        0          0        3        41
    …

How WordPress things become Khabar things:

=====================  ==========================================================
categories             ``SectionPage``s under the site's home page, nested like
                       the categories; a post goes in its most specific
                       non-default category (WordPress's own permalink choice is
                       the lowest term id, which is usually the parent).
tags                   taggit tags on the article.
``wp:author``          ``Author`` snippets (and, with ``create_users``, editor
                       accounts in the writers group, without a usable password).
post ``publish``       a live article with its revision, WordPress dates kept.
post ``future``        a scheduled revision (``approved_go_live_at``); the worker
                       (``publish_scheduled``) publishes it on time.
post ``draft``         an unpublished article with a draft revision.
post ``pending``       the same, submitted to the moderation workflow, so it
                       shows in the editors' "awaiting review" list as in WP.
post ``private``       a live article behind a login view restriction: like in
                       WordPress, only the newsroom (logged-in users) can read it,
                       it is in no list, feed or sitemap (they use ``.public()``).
password-protected     a live article behind a shared-password restriction
                       with the same password.
sticky                 ``featured=True``; the newest live one leads the home page.
excerpt                the lead (plain text).
images                 with ``uploads``: copied into Wagtail images (collection
                       "WordPress"), reused by attachment id; without: kept as
                       ``external_image`` blocks pointing at the old URL, and a
                       featured image becomes the body's first block.
comments               ``khabar.comments`` rows with status, thread and date;
                       e-mails kept private, IPs only within the retention
                       window; spam/approved ones teach the spam filter once.
                       Pingbacks and trackbacks are skipped.
pages                  ``StaticPage``s (``khabar.importers.models``) under the
                       home page, nested like the WordPress pages, so their
                       paths stay the same; statuses and passwords as posts.
old URLs               ``Redirect``s to the page (so they follow it if it moves):
                       ``/?p=ID`` and ``/?page_id=ID`` (answered by
                       ``khabar.importers.middleware``), the post's permalink
                       path from ``<link>`` (date or ``/%postname%/``
                       structures, percent-encoded Arabic), attachment pages,
                       category archives (nested and flat), their feeds,
                       ``/?cat=ID``, tag and author archives (searches), the
                       site feeds; ``…/page/N/`` of any of them is followed by
                       the middleware with ``?page=N``.
=====================  ==========================================================

Idempotency and resumability: each post is imported in its own transaction
together with its ``WordPressObject`` row, keyed by the site host and the post
id (the guid is the fallback key).  A re-run compares a fingerprint of the
record and leaves unchanged posts alone; a changed post gets a new revision,
unless an editor has changed the article in Khabar since the import (then it is
reported and left alone).  A run killed at any point leaves only whole posts
behind, and the next run carries on.

Memory: the export is read once with the streaming parser, keeping only the
channel's authors/categories/tags, a small record per attachment (URL, file,
alt, caption, parent) and the few posts waiting for an attachment written
after them (bounded; see ``_Importer._import``).  Posts are imported a batch
at a time.  Nothing grows with the size of post bodies.
"""

from __future__ import annotations

import copy
import hashlib
import ipaddress
import itertools
import json
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import reset_queries, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from taggit.models import Tag as TaggitTag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, PageViewRestriction, Revision, Site
from wagtail.search.backends import get_search_backends

from khabar.core.bulk import insert_rows
from khabar.core.signals import page_content_changed
from khabar.news import services as news_services
from khabar.news.models import (
    ArticlePage,
    ArticleTag,
    Author,
    HomePage,
    SectionPage,
)
from khabar.sanitize import html_to_text
from khabar.search.backends.admin import title_norms_deferred
from khabar.search.indexing import (
    body_parts,
    document_fields,
    stream_searchable_content,
)
from khabar.search.query import index_terms
from khabar.search.services import (
    search_documents_bulk_create,
    search_statistics_refresh,
)

from ..models import StaticPage, WordPressObject
from ..tree import child_page_maker, pages_insert
from . import html as wphtml
from . import pipeline, wxr
from .report import ImportReport

__all__ = ["ImportOptions", "WordPressImportError", "wordpress_import"]

logger = logging.getLogger(__name__)

#: Bump when the mapping from WordPress to Khabar changes, so that a re-run
#: re-imports posts whose record did not change.
LOADER_VERSION = "1"

Kind = WordPressObject.Kind

IMPORTED_STATUSES = frozenset({"publish", "future", "draft", "pending", "private"})
#: Post types that are WordPress plumbing, not content anyone wrote.
PLUMBING_TYPES = frozenset(
    {
        "attachment",
        "revision",
        "nav_menu_item",
        "customize_changeset",
        "custom_css",
        "oembed_cache",
        "user_request",
        "wp_block",
        "wp_template",
        "wp_template_part",
        "wp_global_styles",
        "wp_navigation",
        "wp_font_family",
        "wp_font_face",
    }
)
#: Posts per transaction: a kill loses at most this many, and bulk writes
#: amortise their statements over it.
BATCH_SIZE = 500
#: Posts waiting for their attachments (see ``_Importer._import``): beyond
#: this many, or this much post text, the oldest are read again at the end.
WAITING_POSTS = 2000
WAITING_CHARS = 32_000_000
FALLBACK_SECTION = ("archive", "أرشيف")
DEFAULT_CATEGORY = "uncategorized"
_SLUG_OK = re.compile(r"^[-\w]+\Z")
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
UPLOADS_MARKER = "/wp-content/uploads/"


class WordPressImportError(Exception):
    """The export cannot be imported at all (not a WXR file, no home page)."""


@dataclass(frozen=True)
class ImportOptions:
    uploads: Path | None = None
    dry_run: bool = False
    since: datetime | None = None
    create_users: bool = False
    category_base: str = "category"
    tag_base: str = "tag"
    #: Parse in a second process (``pipeline.records``); None: when it pays.
    parse_process: bool | None = None


# --------------------------------------------------------------------------
# First pass: the channel and an index of attachments
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Attachment:
    url: str
    file: str
    alt: str
    caption: str
    title: str
    parent_id: int | None
    link: str


@dataclass
class ExportIndex:
    site: wxr.Site | None = None
    authors: dict[str, wxr.Author] = field(default_factory=dict)
    categories: dict[str, wxr.Category] = field(default_factory=dict)
    tags: dict[str, wxr.Tag] = field(default_factory=dict)
    attachments: dict[int, _Attachment] = field(default_factory=dict)
    #: post id → ids of the attachments uploaded to it (their pages redirect).
    attached: dict[int, list[int]] = field(default_factory=dict)


def _index_channel(index: ExportIndex, record: wxr.Record) -> bool:
    """Keep an author, category or tag; False for any other record."""
    if isinstance(record, wxr.Author):
        index.authors.setdefault(record.login, record)
    elif isinstance(record, wxr.Category):
        index.categories.setdefault(record.nicename, record)
    elif isinstance(record, wxr.Tag):
        index.tags.setdefault(record.slug, record)
    elif not isinstance(record, wxr.Term):
        return False
    return True


def _index_attachment(index: ExportIndex, record: wxr.Post) -> None:
    """Keep the small part of an attachment that posts refer to."""
    index.attachments[record.wp_id] = _Attachment(
        url=record.attachment_url or record.guid,
        file=record.attached_file,
        alt=record.image_alt,
        caption=html_to_text(record.excerpt),
        title=record.title,
        parent_id=record.parent_id,
        link=record.link,
    )
    if record.parent_id:
        index.attached.setdefault(record.parent_id, []).append(record.wp_id)


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _clean_slug(raw: str, fallback: str) -> str:
    """A slug Wagtail accepts (Unicode allowed), from a decoded WordPress slug."""
    slug = raw.strip().lower()
    if not _SLUG_OK.match(slug):
        slug = slugify(slug, allow_unicode=True)
    slug = slug.strip("-")[:200]
    return slug or fallback


def _first_reverse(*names: str, **kwargs: Any) -> str | None:
    for name in names:
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            continue
    return None


def _fingerprint(*parts: Any) -> str:
    payload = json.dumps(parts, ensure_ascii=False, default=str, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@contextmanager
def _body_text_memo() -> Iterator[None]:
    """Extract each article body's searchable text once instead of four times.

    Khabar's index (``body_parts``) and Wagtail's admin index (title, body and
    autocomplete passes of ``ObjectIndexer``) each ask the body field for its
    searchable content.  While this is active, the field answers from a memo,
    computed once per value from the raw blocks
    (``search.indexing.stream_searchable_content``, the same text).
    """
    field = ArticlePage._meta.get_field("body")
    compute = stream_searchable_content  # the field's answer, from the raw data
    memo: dict[int, tuple[Any, list[str]]] = {}

    def memoised(value: Any) -> list[str]:
        hit = memo.get(id(value))
        if hit is None or hit[0] is not value:
            hit = (value, compute(value))  # the value is kept: ids stay unique
            memo[id(value)] = hit
        return list(hit[1])

    field.get_searchable_content = memoised
    try:
        yield
    finally:
        del field.get_searchable_content  # back to the class's method


# --------------------------------------------------------------------------
# The importer
# --------------------------------------------------------------------------


@dataclass
class _Plan:
    """A new published post, prepared and waiting for the batch's bulk write."""

    post: wxr.Post
    values: dict[str, Any]
    fingerprint: str


class _DryRunRollback(Exception):
    pass


def wordpress_import(
    *,
    path: str | Path,
    options: ImportOptions | None = None,
    progress: Callable[[int | None], Any] | None = None,
) -> ImportReport:
    """Import a WXR export; returns the report.  See the module docstring.

    ``progress(total)`` (``total`` is None: the file is read once, its item
    count is not known in advance) may return an object with ``update(n)`` and ``close()``
    (a tqdm bar).  Raises ``WordPressImportError`` when nothing can be imported.
    """
    importer = _Importer(Path(path), options or ImportOptions())
    return importer.run(progress)


class _Importer:
    def __init__(self, path: Path, options: ImportOptions) -> None:
        self.path = path
        self.options = options
        self.report = ImportReport(dry_run=options.dry_run)
        self.uploads = self._uploads_root(options.uploads)
        # Caches, filled lazily; undone when a post's transaction rolls back.
        self._undo: list[Callable[[], None]] = []
        self._sections: dict[str, SectionPage] = {}
        self._authors: dict[str, Author] = {}
        self._tags: dict[str, TaggitTag] = {}
        self._images: dict[tuple[str, str], int] = {}
        self._slugs: dict[int, set[str]] = {}
        self._used_attachments: set[int] = set()
        self._touched_sections: set[int] = set()
        self._commented: set[int] = set()
        self._new_pages: set[int] = set()
        self._planned_images: set[tuple[str, str]] = set()
        self._comment_rows: dict[str, tuple[int, str]] = {}
        #: WordPress post id → its page, if this run wrote its redirects
        #: (None: the post was seen, its redirects were already there).
        self._done_posts: dict[int, int | None] = {}
        #: WordPress page id → its StaticPage (parents of later pages).
        self._page_ids: dict[int, int] = {}
        self._new_comments: list[tuple[str, Any, datetime | None]] = []
        self._learn: list[tuple[str, bool]] = []
        self._unlearn: list[tuple[str, bool]] = []
        #: Post HTML → its conversion, done ahead by the parsing process.
        self._prepared: dict[str, pipeline.Prepared] = {}
        #: Text → its search terms, analysed ahead with those conversions.
        self._terms: dict[str, list[str]] = {}

    # -- set-up -------------------------------------------------------------

    @staticmethod
    def _uploads_root(uploads: Path | None) -> Path | None:
        if uploads is None:
            return None
        root = Path(uploads).resolve()
        if not root.is_dir():
            raise WordPressImportError(f"The uploads folder {uploads} does not exist.")
        nested = root / "wp-content" / "uploads"
        return nested if nested.is_dir() else root

    def run(self, progress: Callable[[int | None], Any] | None) -> ImportReport:
        # One pass over the file: the channel header (site, authors,
        # categories, tags) comes before the first item in every export.
        records = self._records()
        index = self.index = ExportIndex()
        first: wxr.Record | None = None
        for record in records:
            if isinstance(record, wxr.Site):
                index.site = record
            elif not _index_channel(index, record):
                first = record
                break
        if index.site is None:
            raise WordPressImportError(
                self.report.fatal or "The file is not a WordPress export."
            )
        self.wp_site = index.site
        home_url = index.site.base_site_url or index.site.link
        self.source = (urlsplit(home_url).hostname or "wordpress").lower()[:190]
        self.site_root = home_url.rstrip("/")
        blog = index.site.base_blog_url or index.site.link or home_url
        self.blog_path = urlsplit(blog).path.rstrip("/")
        self.site = Site.objects.filter(is_default_site=True).first()
        home = self.site.root_page.specific if self.site else None
        if not isinstance(home, HomePage):
            raise WordPressImportError(
                "The default site's root page is not a Khabar home page; run "
                "`manage.py migrate` first."
            )
        self.home = home
        items = itertools.chain([first] if first is not None else [], records)
        bar = progress(None) if progress else None
        try:
            with title_norms_deferred():
                if self.options.dry_run:
                    try:
                        with transaction.atomic():
                            self._import(items, bar)
                            raise _DryRunRollback
                    except _DryRunRollback:
                        pass
                else:
                    self._import(items, bar)
                    if self.report.changed_anything:
                        search_statistics_refresh()
        finally:
            if bar is not None:
                bar.close()
        return self.report

    def _import(self, items: Iterator[wxr.Record], bar: Any) -> None:
        """Import the header's records, then the items as they are read.

        Posts go in batches of ``BATCH_SIZE``.  A post that uses an attachment
        (featured image, ``wp-image-N``, gallery) not read yet waits for it:
        WordPress writes items by id, and an image uploaded to a post comes
        after it.  When an attachment of an already imported post arrives,
        its old page gets its redirect then.  Posts still waiting at the end
        of the file are imported without what never came.  Should too much
        wait at once (an export without attachments), the oldest waiting
        posts are kept as ids only and read again in a second pass.
        """
        index = self.index
        self._load_maps()
        self._import_authors(index)
        self._import_sections(index)
        self._import_tags(index)
        self._site_redirects()
        batch: list[wxr.Post] = []
        waiting: list[tuple[wxr.Post, set[int]]] = []
        waiting_chars = 0
        reread: set[int] = set()

        def ready(post: wxr.Post) -> None:
            nonlocal batch
            if post.post_type == "page":
                self._import_page(post, bar)
                return
            batch.append(post)
            if len(batch) >= BATCH_SIZE:
                self._import_batch(batch, bar)
                batch = []

        for record in items:
            if isinstance(record, wxr.InvalidRecord):
                if record.kind in ("post", "comment"):
                    self.report.skip(record.kind, record.ident, record.reason)
                    if bar is not None and record.kind == "post":
                        bar.update(1)
                continue
            if not isinstance(record, wxr.Post):
                self._late_channel_record(record)
                continue
            if record.post_type == "attachment":
                _index_attachment(index, record)
                self._attachment_arrived(record)
                if waiting and any(record.wp_id in needs for _p, needs in waiting):
                    still: list[tuple[wxr.Post, set[int]]] = []
                    for post, needs in waiting:
                        needs.discard(record.wp_id)
                        if needs:
                            still.append((post, needs))
                        else:
                            waiting_chars -= len(post.content)
                            ready(post)
                    waiting = still
                if bar is not None:
                    bar.update(1)
            elif record.post_type in ("post", "page"):
                needs = self._missing_attachments(record)
                if not needs:
                    ready(record)
                    continue
                waiting.append((record, needs))
                waiting_chars += len(record.content)
                while len(waiting) > WAITING_POSTS or waiting_chars > WAITING_CHARS:
                    post, _needs = waiting.pop(0)
                    waiting_chars -= len(post.content)
                    reread.add(post.wp_id)
            else:
                self._dispatch(record)
                if bar is not None:
                    bar.update(1)
        for post, _needs in waiting:
            ready(post)
        self._import_batch(batch, bar)
        batch = []
        if reread and not self.report.fatal:
            for record in wxr.parse(self.path):
                if isinstance(record, wxr.Post) and record.wp_id in reread:
                    ready(record)
            self._import_batch(batch, bar)
        self._finish()

    def _missing_attachments(self, post: wxr.Post) -> set[int]:
        """Attachments ``post`` may use that have not been read yet."""
        ready = self._prepared.get(post.content) if post.content else None
        if ready is not None:
            ids = set(ready.attachment_ids)
        else:
            ids = wphtml.attachment_ids(post.content) if post.content else set()
        if post.thumbnail_id:
            ids.add(post.thumbnail_id)
        return ids - self.index.attachments.keys()

    def _attachment_arrived(self, record: wxr.Post) -> None:
        """An attachment of a post imported earlier in this run: its old page
        redirects to the post, and it counts as used, as if read first."""
        parent = record.parent_id
        if not parent or parent not in self._done_posts:
            return
        self._used_attachments.add(record.wp_id)
        page_id = self._done_posts[parent]
        if page_id is None:
            return  # unchanged or left alone: its redirects exist already
        page = Page(pk=page_id)
        with self._record("redirect", str(record.wp_id)):
            self._redirects(
                self._attachment_redirect_targets(record.wp_id, page),
                "post",
                str(parent),
            )

    def _late_channel_record(self, record: wxr.Record) -> None:
        """An author, category or tag written after the first item (hand-made
        exports): imported when it comes; earlier posts could not use it."""
        if not _index_channel(self.index, record):
            return
        if isinstance(record, wxr.Author):
            with self._record("author", record.login):
                self._author(record.login, self.index.authors[record.login])
        elif isinstance(record, wxr.Category):
            self._section(record.nicename, ())
        elif isinstance(record, wxr.Tag):
            with self._record("tag", record.slug):
                self._tag(record.slug, self.index.tags[record.slug])
                self._tag_redirects(self.index.tags[record.slug])

    def _import_batch(self, posts: list[wxr.Post], bar: Any) -> None:
        """Posts in one transaction; new published ones are written in bulk.

        Each post is prepared in a savepoint, so a bad one is skipped alone.
        Should the bulk write itself fail, the batch is rolled back and every
        post is imported again on its own (the slow, per-post path).
        """
        if not posts:
            return
        saved_report = copy.deepcopy(self.report)
        outer, self._undo = self._undo, []
        try:
            with transaction.atomic():
                plans: list[_Plan] = []
                for post in posts:
                    with self._record("post", str(post.wp_id)):
                        plan = self._post(post, bulk=True)
                        if plan is not None:
                            plans.append(plan)
                self._bulk_create(plans)
                self._comments_flush()
                self._train_flush()
        except Exception:
            logger.exception("A batch failed; importing its posts one at a time.")
            for undo in reversed(self._undo):
                undo()
            self._undo = []
            self.report = saved_report
            self._learn, self._unlearn = [], []
            self._new_comments = []
            for post in posts:
                with self._record("post", str(post.wp_id)):
                    self._post(post, bulk=False)
                    self._comments_flush()
                    self._train_flush()
        finally:
            # The batch is committed (or was redone post by post): nothing of
            # it can be rolled back any more, so its undo steps are dropped.
            self._undo = outer
            # Conversions read ahead for posts that did not need them
            # (unchanged, skipped, still waiting for an attachment).
            self._prepared.clear()
            self._terms.clear()
        # With DEBUG on, Django keeps the last 9000 statements, bulk INSERTs
        # with whole article bodies among them: drop them to stay bounded.
        reset_queries()
        # The database driver keeps prepared statements (sqlite3: 128), and a
        # bulk INSERT of n rows is a new, large statement for every n: a fresh
        # connection per batch keeps that memory flat on huge exports.
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            connection.close()
        if bar is not None:
            bar.update(len(posts))

    def _records(self) -> Iterator[wxr.Record]:
        try:
            yield from pipeline.records(
                self.path, self._prepared, process=self.options.parse_process
            )
        except wxr.WXRError as exc:
            self.report.fatal = str(exc)

    def _load_maps(self) -> None:
        rows = WordPressObject.objects.filter(source=self.source)
        self._post_rows: dict[str, tuple[int, int | None, str, int | None]] = {}
        self._post_guids: dict[str, str] = {}
        for (
            pk,
            kind,
            key,
            guid,
            object_id,
            fingerprint,
            revision_id,
        ) in rows.values_list(
            "pk", "kind", "wp_key", "guid", "object_id", "fingerprint", "revision_id"
        ).iterator(chunk_size=5000):
            if kind == Kind.POST:
                self._post_rows[key] = (pk, object_id, fingerprint, revision_id)
                if guid:
                    self._post_guids[guid] = key
            elif kind in (Kind.ATTACHMENT, Kind.UPLOAD) and object_id:
                self._images[(kind, key)] = object_id
            elif kind == Kind.COMMENT and object_id:
                self._comment_rows[key] = (object_id, fingerprint)
        # Articles of this site whose mapping rows are gone (adopted, not doubled).
        self._external_ids: dict[str, int] = dict(
            ArticlePage.objects.filter(
                external_id__startswith=f"wp:{self.source}:"
            ).values_list("external_id", "pk")
        )

    def _remember(self, cache: dict, key: Any, value: Any) -> None:
        """Cache ``value`` and forget it again if the current post rolls back."""
        cache[key] = value
        self._undo.append(lambda: cache.pop(key, None))

    def _mapping(
        self,
        kind: str,
        key: str,
        *,
        object_id: int | None,
        fingerprint: str = "",
        guid: str = "",
        revision_id: int | None = None,
        data: dict | None = None,
    ) -> None:
        WordPressObject.objects.update_or_create(
            source=self.source,
            kind=kind,
            wp_key=key[:190],
            defaults={
                "object_id": object_id,
                "fingerprint": fingerprint,
                "guid": guid[:500],
                "revision_id": revision_id,
                "data": data or {},
            },
        )

    def _existing(self, kind: str, key: str) -> WordPressObject | None:
        return WordPressObject.objects.filter(
            source=self.source, kind=kind, wp_key=key[:190]
        ).first()

    @contextmanager
    def _record(self, kind: str, ident: str) -> Iterator[None]:
        """One record, one transaction: a failure skips it and nothing else."""
        outer, self._undo = self._undo, []
        try:
            with transaction.atomic():
                yield
        except Exception as exc:  # noqa: BLE001 - one bad record never aborts the run
            for undo in reversed(self._undo):
                undo()
            self._undo = []
            logger.warning("WordPress %s %s was skipped: %r", kind, ident, exc)
            message = str(exc).strip().rstrip(".") or type(exc).__name__
            self.report.skip(
                kind, ident, f"It could not be imported ({_clip(message, 200)})."
            )
        finally:
            outer.extend(self._undo)
            self._undo = outer

    # -- authors and users --------------------------------------------------

    def _import_authors(self, index: ExportIndex) -> None:
        for login, record in index.authors.items():
            with self._record("author", login):
                self._author(login, record)
            if self.options.create_users:
                with self._record("user", login):
                    self._user(record)

    def _author(self, login: str, record: wxr.Author | None = None) -> Author | None:
        if not login:
            return None
        if login in self._authors:
            return self._authors[login]
        name = login
        if record is not None:
            full = f"{record.first_name} {record.last_name}".strip()
            name = record.display_name or full or login
        name = _clip(name, 150)
        mapped = self._existing(Kind.AUTHOR, login)
        author = Author.objects.filter(pk=mapped.object_id).first() if mapped else None
        if author is None:
            slug = _clean_slug(login, "author")[:150]
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                author = Author.objects.create(name=name, slug=slug)
                self.report.add("author", "created")
            else:
                self.report.add("author", "unchanged")  # an existing author, adopted
            self._mapping(Kind.AUTHOR, login, object_id=author.pk)
        elif author.name != name and record is not None:
            author.name = name
            author.save(update_fields=["name"])
            self.report.add("author", "updated")
        else:
            self.report.add("author", "unchanged")
        self._remember(self._authors, login, author)
        self._author_redirects(login, record, author)
        return author

    def _author_redirects(
        self, login: str, record: wxr.Author | None, author: Author
    ) -> None:
        """Author archives (``/author/<nicename>/``, its feed, ``/?author=ID``)
        land on a search for the author's stories: Khabar has no author pages.

        WordPress's nicename is the login made URL-safe (``sanitize_title``),
        which is what the author's slug here is made from too.
        """
        search = _first_reverse("search:search", "search:index", "search:results")
        if not search:
            return
        link = f"{search}?q={quote(author.name)}&author={quote(author.slug)}"
        nicename = quote(_clean_slug(login, "author"))
        base = f"{self.blog_path}/author/{nicename}/"
        targets: list[tuple[str, Page | None, str]] = [
            (base, None, link),
            (base + "feed/", None, link),
        ]
        if record is not None and record.wp_id:
            targets.append((f"{self.blog_path}/?author={record.wp_id}", None, link))
        self._redirects(targets, "author", login)

    def _user(self, record: wxr.Author) -> None:
        from khabar.news.services import GROUP_WRITERS

        User = get_user_model()
        username = record.login[:150]
        user = User.objects.filter(username=username).first()
        if user is not None:
            self.report.add("user", "unchanged")
            return
        user = User(
            username=username,
            email=record.email,
            first_name=record.first_name[:150],
            last_name=record.last_name[:150],
        )
        # They choose a password through "forgot password"; none travels here.
        user.set_unusable_password()
        user.save()
        from django.contrib.auth.models import Group

        group = Group.objects.filter(name=GROUP_WRITERS).first()
        if group is not None:
            user.groups.add(group)
        self._mapping(Kind.USER, record.login, object_id=user.pk)
        self.report.add("user", "created")

    # -- sections -----------------------------------------------------------

    def _import_sections(self, index: ExportIndex) -> None:
        for nicename in index.categories:
            self._section(nicename, ())

    def _section(self, nicename: str, stack: tuple[str, ...]) -> SectionPage | None:
        if nicename in self._sections:
            return self._sections[nicename]
        category = self.index.categories.get(nicename)
        if category is None:
            return None
        parent: Page = self.home
        if category.parent:
            if category.parent in stack or category.parent not in self.index.categories:
                self.report.warn(
                    "section",
                    nicename,
                    "The parent category is missing or circular; the section was "
                    "put at the top level.",
                )
            else:
                parent = self._section(category.parent, (*stack, nicename)) or self.home
        section = None
        with self._record("section", nicename):
            section = self._section_page(category, parent)
        if section is not None:
            self._sections[nicename] = section
            self._category_redirects(category, section)
        return section

    def _section_page(self, category: wxr.Category, parent: Page) -> SectionPage:
        fingerprint = _fingerprint(category.name, category.description, category.parent)
        mapped = self._existing(Kind.CATEGORY, category.nicename)
        section = None
        if mapped is not None:
            section = SectionPage.objects.filter(pk=mapped.object_id).first()
        if section is not None and mapped is not None:
            if mapped.fingerprint == fingerprint:
                self.report.add("section", "unchanged")
                return section
            if section.get_parent().pk != parent.pk:
                section.move(parent, pos="last-child")
                section = SectionPage.objects.get(pk=section.pk)
            section.title = _clip(category.name, 255)
            section.intro = category.description
            news_services.article_publish(article=section)
            self.report.add("section", "updated")
        else:
            slug = _clean_slug(category.nicename, f"section-{category.term_id}")
            section = SectionPage.objects.child_of(parent).filter(slug=slug).first()
            if section is None:
                section = SectionPage(
                    title=_clip(category.name, 255),
                    slug=self._free_slug(parent, slug, str(category.term_id or "")),
                    intro=category.description,
                    show_in_menus=parent.pk == self.home.pk,
                )
                parent.add_child(instance=section)
                news_services.article_publish(article=section)
                self.report.add("section", "created")
            else:
                self.report.add("section", "unchanged")  # existing section adopted
        self._mapping(
            Kind.CATEGORY,
            category.nicename,
            object_id=section.pk,
            fingerprint=fingerprint,
            data={"term_id": category.term_id},
        )
        return section

    def _fallback_section(self) -> SectionPage:
        if DEFAULT_CATEGORY in self._sections:
            return self._sections[DEFAULT_CATEGORY]
        key = "\x00fallback"
        if key in self._sections:
            return self._sections[key]
        slug, title = FALLBACK_SECTION
        section = SectionPage.objects.child_of(self.home).filter(slug=slug).first()
        if section is None:
            section = SectionPage(title=title, slug=slug, show_in_menus=False)
            self.home.add_child(instance=section)
            news_services.article_publish(article=section)
            self.report.add("section", "created")
        self._remember(self._sections, key, section)
        return section

    def _free_slug(self, parent: Page, slug: str, suffix: str) -> str:
        """``slug``, or ``slug-<suffix>`` (-2, -3 …) if a sibling already has it."""
        taken = self._slugs.get(parent.pk)
        if taken is None:
            taken = set(Page.objects.child_of(parent).values_list("slug", flat=True))
            self._slugs[parent.pk] = taken
        candidate, n = slug, 1
        while candidate in taken:
            n += 1
            candidate = f"{slug}-{suffix}" if n == 2 and suffix else f"{slug}-{n}"
        taken.add(candidate)
        self._undo.append(lambda: taken.discard(candidate))
        return candidate

    # -- tags -----------------------------------------------------------------

    def _import_tags(self, index: ExportIndex) -> None:
        for slug, record in index.tags.items():
            with self._record("tag", slug):
                self._tag(slug, record)
                self._tag_redirects(record)

    def _tag(self, slug: str, record: wxr.Tag | None = None) -> TaggitTag:
        if slug in self._tags:
            return self._tags[slug]
        if record is None:
            record = self.index.tags.get(slug)
        name = _clip(record.name if record else slug, 100)
        tag = TaggitTag.objects.filter(name=name).first()
        if tag is None:
            tag = TaggitTag.objects.create(name=name)
            self.report.add("tag", "created")
        else:
            self.report.add("tag", "unchanged")
        self._remember(self._tags, slug, tag)
        return tag

    # -- posts ----------------------------------------------------------------

    def _dispatch(self, post: wxr.Post) -> None:
        ident = str(post.wp_id)
        if post.post_type in PLUMBING_TYPES:
            return  # attachments are imported with the posts that use them
        else:
            self.report.skip(
                "post", ident, f"The post type «{post.post_type}» is not imported."
            )

    def _post_fingerprint(self, post: wxr.Post) -> str:
        return _fingerprint(
            LOADER_VERSION,
            bool(self.uploads),
            post.title,
            post.content,
            post.excerpt,
            post.status,
            post.post_name,
            post.post_date,
            post.post_date_gmt,
            post.modified_gmt,
            post.categories,
            post.tags,
            post.is_sticky,
            post.thumbnail_id,
            post.author,
            post.password,
            post.comment_status,
            post.link,
        )

    def _post(self, post: wxr.Post, *, bulk: bool = False) -> _Plan | None:
        """Import one post; with ``bulk``, a new published one is returned as a
        plan for ``_bulk_create`` instead of being written here."""
        ident = str(post.wp_id)
        if post.status not in IMPORTED_STATUSES:
            reason = {
                "trash": "The post is in the WordPress trash.",
                "auto-draft": "The post is an empty auto-draft.",
            }.get(post.status, f"The post status «{post.status}» is not imported.")
            self.report.skip("post", ident, reason)
            return None
        changed_at = post.modified_gmt or post.post_date_gmt
        if self.options.since and changed_at and changed_at < self.options.since:
            self.report.skip("post", ident, "It has not changed since --since.")
            return None
        fingerprint = self._post_fingerprint(post)
        key = ident if ident in self._post_rows else self._post_guids.get(post.guid, "")
        row = self._post_rows.get(key)
        page: ArticlePage | None = None
        if row is not None:
            _pk, object_id, old_fingerprint, revision_id = row
            page = ArticlePage.objects.filter(pk=object_id).first()
            if page is None:
                self.report.skip(
                    "post",
                    ident,
                    "The article was deleted in Khabar after an earlier import; it "
                    "was not recreated.",
                )
                return None
            if old_fingerprint == fingerprint:
                self._mark_attachments_used(post)
                self.report.add("post", "unchanged")
                self._import_comments(post, page)
                return None
            if page.latest_revision_id != revision_id:
                self.report.skip(
                    "post",
                    ident,
                    "The article was edited in Khabar since it was imported; the "
                    "newer WordPress version was not applied.",
                )
                self._import_comments(post, page)
                return None
        else:
            page_id = self._external_ids.get(self._external_id(post))
            page = ArticlePage.objects.filter(pk=page_id).first() if page_id else None

        values = self._article_values(post)
        self._mark_attachments_used(post)
        plan = _Plan(post=post, values=values, fingerprint=fingerprint)
        if bulk and page is None and post.status == "publish" and not post.password:
            return plan
        if page is None:
            page = self._create_article(post, values)
            self._new_pages.add(page.pk)
            self.report.add("post", "created")
        else:
            page = self._update_article(post, page, values)
            self.report.add("post", "updated")
        self._post_redirects(post, page)
        self._import_comments(post, page)
        self._mapping(
            Kind.POST,
            ident,
            object_id=page.pk,
            fingerprint=fingerprint,
            guid=post.guid,
            revision_id=page.latest_revision_id,
            data=values["data"],
        )
        self._remember(
            self._post_rows, ident, (0, page.pk, fingerprint, page.latest_revision_id)
        )
        self._touched_sections.add(values["section"].pk)
        return None

    def _mark_attachments_used(self, post: wxr.Post) -> None:
        if post.wp_id not in self._done_posts:
            self._remember(self._done_posts, post.wp_id, None)
        if post.thumbnail_id:
            self._used_attachments.add(post.thumbnail_id)
        self._used_attachments.update(self.index.attached.get(post.wp_id, ()))

    def _external_id(self, post: wxr.Post) -> str:
        return f"wp:{self.source}:{post.wp_id}"[:190]

    def _aware(self, naive: datetime | None) -> datetime | None:
        if naive is None:
            return None
        return timezone.make_aware(naive, timezone.get_default_timezone())

    def _article_values(self, post: wxr.Post) -> dict[str, Any]:
        ident = str(post.wp_id)
        title = post.title.strip()
        if not title:
            text = html_to_text(post.content or post.excerpt)
            title = _clip(" ".join(text.split()[:10]), 120) or f"WordPress {ident}"
            self.report.warn(
                "post", ident, "The post has no title; one was made from its text."
            )
        elif len(title) > 255:
            title = _clip(title, 255)
            self.report.warn(
                "post", ident, "The title was shortened to 255 characters."
            )

        section = self._post_section(post)
        fallback_slug = _clean_slug(slugify(title, allow_unicode=True)[:80], "")
        slug = _clean_slug(post.post_name, fallback_slug or f"post-{ident}")

        conversion = self._convert(post.content)
        self.report.conversion.update(conversion.counts)
        for message in conversion.warnings:
            self.report.warn("post", ident, message)
        body, image_fields, data = self._body(post, conversion.blocks)

        published = post.post_date_gmt or self._aware(post.post_date)
        if post.status in ("draft", "pending"):
            published = None
        modified = post.modified_gmt or published
        if published and modified and modified < published:
            modified = published
        tags = [self._tag(slug) for slug in post.tags]
        author = self._author(post.author, self.index.authors.get(post.author))
        return {
            "fields": {
                "title": title,
                "lead": html_to_text(post.excerpt),
                "body": body,
                "featured": post.is_sticky,
                "comments_open": post.comment_status == "open",
                "external_id": self._external_id(post),
                **image_fields,
            },
            "slug": slug,
            "section": section,
            "tags": tags,
            "authors": [author] if author else [],
            "published": published,
            "modified": modified,
            "data": data,
        }

    def _convert(self, content: str) -> wphtml.ConversionResult:
        ready = self._prepared.pop(content, None)
        if ready is None:
            return wphtml.convert(content)
        self._terms.update(ready.terms)
        return ready.conversion

    def _post_section(self, post: wxr.Post) -> SectionPage:
        """The most specific non-default category of the post, else a fallback."""
        candidates = [
            (self.index.categories[c], self._sections[c])
            for c in post.categories
            if c in self._sections and c in self.index.categories
        ]
        if len(candidates) > 1:
            candidates = [c for c in candidates if c[0].nicename != DEFAULT_CATEGORY]
        if not candidates:
            return self._fallback_section()
        # Deepest first (a child category says more than its parent), then the
        # lowest term id, which is what WordPress picks for %category%.
        candidates.sort(key=lambda c: (-c[1].depth, c[0].term_id or 0))
        return candidates[0][1]

    # -- WordPress pages ----------------------------------------------------------

    def _import_page(self, post: wxr.Post, bar: Any) -> None:
        with self._record("page", str(post.wp_id)):
            self._page(post)
        if bar is not None:
            bar.update(1)

    def _page(self, post: wxr.Post) -> None:
        """A WordPress page → a ``StaticPage`` under the home page (or under
        its imported parent page), at the same path when the slug is free.

        Statuses, dates, passwords, idempotency and "edited in Khabar since"
        work as for posts; pages have no section, tags, lead or comments.
        """
        ident = str(post.wp_id)
        if post.status not in IMPORTED_STATUSES:
            self.report.skip(
                "page", ident, f"The page status «{post.status}» is not imported."
            )
            return
        changed_at = post.modified_gmt or post.post_date_gmt
        if self.options.since and changed_at and changed_at < self.options.since:
            self.report.skip("page", ident, "It has not changed since --since.")
            return
        fingerprint = self._post_fingerprint(post)
        mapped = self._existing(Kind.PAGE, ident)
        page: StaticPage | None = None
        if mapped is not None:
            page = StaticPage.objects.filter(pk=mapped.object_id).first()
            if page is None:
                self.report.skip(
                    "page",
                    ident,
                    "The page was deleted in Khabar after an earlier import; it was "
                    "not recreated.",
                )
                return
            self._remember(self._page_ids, post.wp_id, page.pk)
            if mapped.fingerprint == fingerprint:
                self._mark_attachments_used(post)
                self.report.add("page", "unchanged")
                return
            if page.latest_revision_id != mapped.revision_id:
                self.report.skip(
                    "page",
                    ident,
                    "The page was edited in Khabar since it was imported; the newer "
                    "WordPress version was not applied.",
                )
                return
        title = _clip(post.title.strip(), 255) or _clip(
            " ".join(html_to_text(post.content).split()[:10]), 120
        )
        title = title or f"WordPress {ident}"
        slug = _clean_slug(
            post.post_name,
            _clean_slug(slugify(title, allow_unicode=True)[:80], f"page-{ident}"),
        )
        parent = self._page_parent(post)
        conversion = self._convert(post.content)
        self.report.conversion.update(conversion.counts)
        for message in conversion.warnings:
            self.report.warn("page", ident, message)
        body, image_fields, _data = self._body(post, conversion.blocks)
        if image_fields:  # a featured image copied from --uploads leads the body
            body.insert(
                0,
                {
                    "type": "image",
                    "value": {
                        "image": image_fields["image_id"],
                        "alt": "",
                        "caption": image_fields["image_caption"],
                        "credit": "",
                    },
                },
            )
        self._mark_attachments_used(post)
        live = post.status in ("publish", "private")
        published = post.post_date_gmt or self._aware(post.post_date)
        go_live = published if post.status == "future" else None
        dates: dict[str, Any] = {}
        if live and published:
            modified = post.modified_gmt or published
            dates = {
                "first_published_at": published,
                "last_published_at": max(modified, published),
            }
        if page is None:
            page = StaticPage(
                title=title,
                slug=self._free_slug(parent, slug, ident),
                body=body,
                live=live,
                has_unpublished_changes=not live,
                go_live_at=go_live,
                **dates,
            )
            parent.add_child(instance=page)
            self.report.add("page", "created")
        else:
            if page.get_parent().pk != parent.pk:
                page.move(parent, pos="last-child")
                page = StaticPage.objects.get(pk=page.pk)
            if page.slug != slug:
                page.slug = self._free_slug(parent, slug, ident)
            was_live = page.live
            page.title, page.body, page.go_live_at = title, body, go_live
            page.live, page.has_unpublished_changes = live, not live
            for name, value in dates.items():
                setattr(page, name, value)
            page.save()
            if was_live and not live:
                page.live = True
                page.unpublish(log_action=True)
            page.view_restrictions.all().delete()
            self.report.add("page", "updated")
        self._save_revision(page, live=live, go_live=go_live)
        self._restrict(page, post)
        own = Redirect.normalise_path(unquote(page.url or ""))
        targets = [
            (old, target, link)
            for old, target, link in self._post_redirect_targets(post, page)
            if Redirect.normalise_path(unquote(old)) != own  # never to itself
        ]
        targets.append((f"{self.blog_path}/?page_id={post.wp_id}", page, ""))
        self._redirects(targets, "page", ident)
        self._mapping(
            Kind.PAGE,
            ident,
            object_id=page.pk,
            fingerprint=fingerprint,
            guid=post.guid,
            revision_id=page.latest_revision_id,
        )
        self._remember(self._page_ids, post.wp_id, page.pk)

    def _page_parent(self, post: wxr.Post) -> Page:
        if not post.parent_id:
            return self.home
        parent_id = self._page_ids.get(post.parent_id)
        parent = StaticPage.objects.filter(pk=parent_id).first() if parent_id else None
        if parent is None:
            self.report.warn(
                "page",
                str(post.wp_id),
                "Its parent page was not imported (not in the export, or later in "
                "it); the page was put under the home page.",
            )
            return self.home
        return parent

    # -- body and images --------------------------------------------------------

    def _body(
        self, post: wxr.Post, blocks: list[wphtml.Block]
    ) -> tuple[list[dict], dict[str, Any], dict[str, Any]]:
        ident = str(post.wp_id)
        body: list[dict] = []
        seen_attachments: set[int] = set()
        seen_urls: set[str] = set()
        for block_type, value in blocks:
            if block_type == "image":
                block = self._image_block(value, ident)
                if block is None:
                    continue
                if value.get("attachment_id"):
                    seen_attachments.add(value["attachment_id"])
                if block["type"] == "external_image":
                    seen_urls.add(block["value"]["url"])
                body.append(block)
            elif block_type == "embed":
                body.append(
                    {"type": "embed", "value": {"url": value["url"], "caption": ""}}
                )
            elif block_type == "quote":
                body.append(
                    {
                        "type": "quote",
                        "value": {
                            "text": value["text"],
                            "attribution": _clip(value["attribution"], 200),
                        },
                    }
                )
            elif block_type == "heading":
                body.append({"type": "heading", "value": _clip(value, 250)})
            else:
                body.append({"type": block_type, "value": value})

        image_fields: dict[str, Any] = {}
        data: dict[str, Any] = {}
        thumbnail = post.thumbnail_id
        if thumbnail:
            attachment = self.index.attachments.get(thumbnail)
            if attachment is None:
                self.report.warn(
                    "image",
                    ident,
                    "The featured image's attachment is not in the export.",
                )
                return body, image_fields, data
            self._used_attachments.add(thumbnail)
            image_id = self._local_image(thumbnail, attachment, attachment.url, ident)
            if image_id:
                image_fields = {
                    "image_id": image_id,
                    "image_caption": _clip(attachment.caption, 300),
                }
            else:
                url = self._absolute(attachment.url)
                if url:
                    data["featured_image_url"] = url
                    self.report.warn(
                        "image",
                        ident,
                        "The featured image was kept as a reference to the old site "
                        "(first block of the body).",
                    )
                    if thumbnail not in seen_attachments and url not in seen_urls:
                        body.insert(
                            0,
                            {
                                "type": "external_image",
                                "value": {
                                    "url": url,
                                    "alt": _clip(attachment.alt, 250),
                                    "caption": _clip(attachment.caption, 300),
                                    "credit": "",
                                },
                            },
                        )
        return body, image_fields, data

    def _absolute(self, url: str) -> str:
        url = url.strip()
        if not url:
            return ""
        if url.startswith("//"):
            return "https:" + url
        if url.startswith("/"):
            return urljoin(self.site_root + "/", url.lstrip("/"))
        return url if url.lower().startswith(("http://", "https://")) else ""

    def _image_block(self, value: dict[str, Any], ident: str) -> dict | None:
        attachment_id = value.get("attachment_id")
        attachment = (
            self.index.attachments.get(attachment_id) if attachment_id else None
        )
        if attachment_id and attachment is not None:
            self._used_attachments.add(attachment_id)
        src = value.get("src") or (attachment.url if attachment else "")
        alt = _clip(value.get("alt") or (attachment.alt if attachment else ""), 250)
        caption = _clip(value.get("caption") or "", 300)
        image_id = self._local_image(attachment_id, attachment, src, ident)
        if image_id:
            return {
                "type": "image",
                "value": {
                    "image": image_id,
                    "alt": alt,
                    "caption": caption,
                    "credit": "",
                },
            }
        url = self._absolute(src)
        if not url:
            self.report.warn(
                "image",
                ident,
                "A gallery image whose attachment is not in the export was dropped.",
            )
            return None
        self.report.add("image", "external")
        return {
            "type": "external_image",
            "value": {"url": url, "alt": alt, "caption": caption, "credit": ""},
        }

    def _upload_path(self, url_or_path: str) -> str:
        """``2013/05/a.jpg`` from a URL under wp-content/uploads (or a relative path)."""
        path = unquote(urlsplit(url_or_path).path)
        if UPLOADS_MARKER in path:
            return path.split(UPLOADS_MARKER, 1)[1]
        return ""

    def _find_upload(self, attachment: _Attachment | None, src: str) -> Path | None:
        if self.uploads is None:
            return None
        candidates: list[str] = []
        if attachment is not None:
            candidates += [attachment.file, self._upload_path(attachment.url)]
        for rel in (self._upload_path(src),):
            candidates += [rel, _SIZE_SUFFIX.sub("", rel)]
        for rel in candidates:
            if not rel:
                continue
            found = (self.uploads / rel).resolve()
            # The export is untrusted: never read outside the uploads folder.
            if found.is_relative_to(self.uploads) and found.is_file():
                return found
        return None

    def _local_image(
        self,
        attachment_id: int | None,
        attachment: _Attachment | None,
        src: str,
        ident: str,
    ) -> int | None:
        """The Wagtail image for an attachment (copied once), or None."""
        if self.uploads is None:
            return None
        if attachment_id and attachment is not None:
            key = (Kind.ATTACHMENT, str(attachment_id))
        else:
            key = (Kind.UPLOAD, self._upload_path(src))
            if not key[1]:
                return None
        if key in self._images:
            self.report.add("image", "unchanged")
            return self._images[key]
        found = self._find_upload(attachment, src)
        if found is None:
            self.report.warn(
                "image",
                ident,
                "The image file was not found under --uploads; it was kept as a "
                "reference to the old site.",
            )
            return None
        extension = found.suffix.lower().lstrip(".")
        if extension not in settings.WAGTAILIMAGES_EXTENSIONS:
            self.report.warn(
                "image",
                ident,
                f"Files of type .{extension} are not imported as images.",
            )
            return None
        if self.options.dry_run:
            if key not in self._planned_images:  # count each file once
                self._planned_images.add(key)
                self.report.add("image", "created")
            return None
        image_model = get_image_model()
        title = (attachment.title if attachment else "") or found.stem
        try:
            with found.open("rb") as handle:
                image = image_model(
                    title=_clip(title, 255),
                    collection=self._collection(),
                    file=ImageFile(handle, name=found.name),
                )
                image._set_image_file_metadata()
                image.save()
        except Exception as exc:  # noqa: BLE001 - a bad file must not stop the post
            self.report.warn(
                "image",
                ident,
                f"The image file could not be read ({type(exc).__name__}); it was "
                "kept as a reference to the old site.",
            )
            return None
        self._mapping(
            key[0],
            key[1],
            object_id=image.pk,
            guid=attachment.url if attachment else "",
        )
        self._remember(self._images, key, image.pk)
        self.report.add("image", "created")
        return image.pk

    def _collection(self) -> Collection:
        if getattr(self, "_collection_obj", None) is None:
            root = Collection.get_first_root_node()
            found = root.get_children().filter(name="WordPress").first()
            if found is None:
                found = root.add_child(name="WordPress")
            self._collection_obj = found
            self._undo.append(lambda: setattr(self, "_collection_obj", None))
        return self._collection_obj

    # -- writing articles -------------------------------------------------------

    def _create_article(self, post: wxr.Post, values: dict[str, Any]) -> ArticlePage:
        section: SectionPage = values["section"]
        live = post.status in ("publish", "private")
        go_live = values["published"] if post.status == "future" else None
        page = ArticlePage(
            slug=self._free_slug(section, values["slug"], str(post.wp_id)),
            live=live,
            has_unpublished_changes=not live,
            go_live_at=go_live,
            **values["fields"],
            **self._dates(post, values),
        )
        page.tags.set(values["tags"])
        page.authors.set(values["authors"])
        section.add_child(instance=page)
        self._save_revision(page, live=live, go_live=go_live)
        self._restrict(page, post)
        if post.status == "pending":
            self._submit_for_review(page)
        return page

    def _bulk_create(self, plans: list[_Plan]) -> None:
        """Write new published articles with one statement per table.

        The same rows ``_create_article`` writes one page at a time (page and
        article rows, tags, authors, a live revision, redirects, the mapping,
        both search indexes), the technique of ``khabar.importers.articles``:
        tree paths come from treebeard's materialised-path helpers under a lock
        on the section row.  Not filled: Wagtail's reference index ("usage"),
        which ``manage.py rebuild_references_index`` rebuilds.
        """
        if not plans:
            return
        page_type = ContentType.objects.get_for_model(ArticlePage)
        base_type = ContentType.objects.get_for_model(Page)
        now = timezone.now()
        by_section: dict[int, list[_Plan]] = {}
        for plan in plans:
            by_section.setdefault(plan.values["section"].pk, []).append(plan)
        articles: list[ArticlePage] = []
        ordered: list[_Plan] = []
        for section_id, group in by_section.items():
            section = group[0].values["section"]
            make_page = child_page_maker(section_id, ArticlePage)
            for plan in group:
                post, values = plan.post, plan.values
                fields = values["fields"]
                articles.append(
                    make_page(
                        slug=self._free_slug(section, values["slug"], str(post.wp_id)),
                        content_type=page_type,
                        latest_revision_created_at=now,
                        published_at=values["published"],
                        **fields,
                        **{
                            k: v
                            for k, v in self._dates(post, values).items()
                            if k != "published_at"
                        },
                    )
                )
                ordered.append(plan)
            Page.objects.filter(pk=section_id).update(
                numchild=F("numchild") + len(group)
            )
        pages_insert(ArticlePage, articles)

        child_relations = [
            relation.get_accessor_name()
            for relation in get_all_child_relations(ArticlePage)
        ]
        child_m2m = [f.name for f in get_all_child_m2m_relations(ArticlePage)]
        for article, plan in zip(articles, ordered, strict=True):
            values = plan.values
            # A new page has no child rows: say so, or serializable_data()
            # below would query each relation (admin comments …) per article.
            for relation in child_relations:
                setattr(article, relation, [])
            for m2m in child_m2m:
                getattr(article, m2m).set([])
            # What ``article.tags.set(tags)`` leaves in memory (tags deduplicated
            # in order), without its lookups: the rows are bulk-written below.
            article.tagged_items = [
                ArticleTag(tag=tag) for tag in dict.fromkeys(values["tags"])
            ]
            article.authors.set(values["authors"])
        insert_rows(
            ArticlePage.authors.through,
            [
                ArticlePage.authors.through(articlepage_id=a.pk, author_id=author.pk)
                for a, plan in zip(articles, ordered, strict=True)
                for author in plan.values["authors"]
            ],
        )
        insert_rows(
            ArticlePage.tags.through,
            [
                ArticlePage.tags.through(content_object_id=a.pk, tag_id=tag.pk)
                for a, plan in zip(articles, ordered, strict=True)
                for tag in plan.values["tags"]
            ],
        )
        revisions = [
            Revision(
                content_type_id=page_type.pk,
                base_content_type_id=base_type.pk,
                object_id=str(a.pk),
                created_at=now,
                object_str=a.title,
                content=a.serializable_data(),
            )
            for a in articles
        ]
        insert_rows(Revision, revisions)
        # One UPDATE for the batch (bulk_update's CASE is slow on SQLite).
        newest = Subquery(
            Revision.objects.filter(
                base_content_type_id=base_type.pk,
                object_id=Cast(OuterRef("pk"), CharField()),
            )
            .order_by("-pk")
            .values("pk")[:1]
        )
        Page.objects.filter(pk__in=[a.pk for a in articles]).update(
            latest_revision_id=newest, live_revision_id=newest
        )

        redirects: list[tuple[str, Page | None, str]] = []
        for article, plan in zip(articles, ordered, strict=True):
            redirects += self._post_redirect_targets(plan.post, article)
        self._redirects(redirects, "post", "batch")
        insert_rows(
            WordPressObject,
            [
                WordPressObject(
                    source=self.source,
                    kind=Kind.POST,
                    wp_key=str(plan.post.wp_id),
                    guid=plan.post.guid[:500],
                    object_id=article.pk,
                    fingerprint=plan.fingerprint,
                    revision_id=revision.pk,
                    data=plan.values["data"],
                )
                for article, plan, revision in zip(
                    articles, ordered, revisions, strict=True
                )
            ],
        )
        self._search_index(articles, ordered)
        self._new_pages.update(a.pk for a in articles)
        for article, plan, revision in zip(articles, ordered, revisions, strict=True):
            ident = str(plan.post.wp_id)
            row = (0, article.pk, plan.fingerprint, revision.pk)
            self._remember(self._post_rows, ident, row)
            self._touched_sections.add(plan.values["section"].pk)
            self._import_comments(plan.post, article)
        self.report.add("post", "created", len(articles))

    def _search_index(self, articles: list[ArticlePage], plans: list[_Plan]) -> None:
        """Both search indexes, as saving each page would have filled them."""
        with _body_text_memo():
            self._search_index_batch(articles, plans)

    def _search_index_batch(
        self, articles: list[ArticlePage], plans: list[_Plan]
    ) -> None:
        body_field = ArticlePage._meta.get_field("body")
        ahead = self._terms

        def analyse(text: str) -> list[str]:
            terms = ahead.get(text)
            return terms if terms is not None else index_terms(text)

        search_documents_bulk_create(
            documents=[
                document_fields(
                    article,
                    section=plan.values["section"],
                    author_names=[a.name for a in plan.values["authors"]],
                    tag_names=[t.name for t in plan.values["tags"]],
                    source_name="",
                    # Through the field: its memo serves Wagtail's index too.
                    parts=body_parts(
                        article, body_field.get_searchable_content(article.body)
                    ),
                    analyse=analyse,
                )
                for article, plan in zip(articles, plans, strict=True)
            ]
        )
        for backend in get_search_backends():
            backend.add_bulk(ArticlePage, articles)

    def _update_article(
        self, post: wxr.Post, page: ArticlePage, values: dict[str, Any]
    ) -> ArticlePage:
        section: SectionPage = values["section"]
        if page.get_parent().pk != section.pk:
            page.move(section, pos="last-child")
            page = ArticlePage.objects.get(pk=page.pk)
        if page.slug != values["slug"]:
            page.slug = self._free_slug(section, values["slug"], str(post.wp_id))
        live = post.status in ("publish", "private")
        go_live = values["published"] if post.status == "future" else None
        for name, value in values["fields"].items():
            setattr(page, name, value)
        if "image_id" not in values["fields"]:
            page.image = None
            page.image_caption = ""
        page.tags.set(values["tags"])
        page.authors.set(values["authors"])
        was_live = page.live
        page.go_live_at = go_live
        page.live = live
        page.has_unpublished_changes = not live
        for name, value in self._dates(post, values).items():
            setattr(page, name, value)
        page.save()
        if was_live and not live:
            page.live = True
            page.unpublish(log_action=True)
        self._save_revision(page, live=live, go_live=go_live)
        page.view_restrictions.all().delete()
        self._restrict(page, post)
        if post.status == "pending" and page.current_workflow_state is None:
            self._submit_for_review(page)
        return page

    def _dates(self, post: wxr.Post, values: dict[str, Any]) -> dict[str, Any]:
        """The WordPress dates, as ``news.services.article_set_dates`` sets them.

        They are set on the instance *before* it is saved, so every
        ``post_save`` receiver (the search index, caches) sees the real dates;
        calling the service afterwards would be a second UPDATE behind their
        backs.  A scheduled post only gets its reader-facing date.
        """
        published = values["published"]
        if post.status == "future":
            return {"published_at": published}
        if published is None:
            return {"published_at": None}
        return {
            "published_at": published,
            "first_published_at": published,
            "last_published_at": values["modified"],
        }

    def _save_revision(
        self, page: ArticlePage, *, live: bool, go_live: datetime | None
    ) -> None:
        revision = Revision.objects.create(
            content_object=page,
            base_content_type=page.get_base_content_type(),
            content=page.serializable_data(),
            object_str=str(page),
            approved_go_live_at=go_live,
        )
        Page.objects.filter(pk=page.pk).update(
            latest_revision=revision,
            live_revision=revision if live else None,
            has_unpublished_changes=not live,
        )
        page.latest_revision = revision
        page.live_revision = revision if live else None

    def _restrict(self, page: ArticlePage, post: wxr.Post) -> None:
        if post.password:
            PageViewRestriction.objects.create(
                page=page,
                restriction_type=PageViewRestriction.PASSWORD,
                password=post.password[:255],
            )
        elif post.status == "private":
            PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )

    def _submit_for_review(self, page: ArticlePage) -> None:
        workflow = page.get_workflow()
        if workflow is not None and workflow.active:
            workflow.start(page, user=None)

    # -- redirects ----------------------------------------------------------------

    def _redirects(
        self, targets: list[tuple[str, Page | None, str]], kind: str, ident: str
    ) -> None:
        """Point each old path at a page (or a URL); create or update, never twice."""
        wanted: dict[str, tuple[Page | None, str]] = {}
        for old, page, link in targets:
            path = Redirect.normalise_path(old)
            if path in ("", "/"):
                continue
            if len(path) > 255:
                self.report.warn(
                    "redirect",
                    ident,
                    "An old URL longer than 255 characters was skipped.",
                )
                continue
            wanted[path] = (page, link)
        if not wanted:
            return
        existing = {
            r.old_path: r
            for r in Redirect.objects.filter(site=self.site, old_path__in=list(wanted))
        }
        new = []
        for path, (page, link) in wanted.items():
            page_id = page.pk if page is not None else None
            redirect = existing.get(path)
            if redirect is None:
                new.append(
                    Redirect(
                        old_path=path,
                        site=self.site,
                        is_permanent=True,
                        redirect_page_id=page_id,
                        redirect_link=link if page is None else "",
                    )
                )
            elif redirect.redirect_page_id == page_id and (
                page_id or redirect.redirect_link == link
            ):
                self.report.add("redirect", "unchanged")
            else:
                redirect.redirect_page_id = page_id
                redirect.redirect_link = link if page is None else ""
                redirect.save()
                self.report.add("redirect", "updated")
        if new:
            insert_rows(Redirect, new)
            self.report.add("redirect", "created", len(new))

    def _post_redirects(self, post: wxr.Post, page: ArticlePage) -> None:
        self._redirects(
            self._post_redirect_targets(post, page), "post", str(post.wp_id)
        )

    def _post_redirect_targets(
        self, post: wxr.Post, page: Page
    ) -> list[tuple[str, Page | None, str]]:
        targets: list[tuple[str, Page | None, str]] = [
            (f"{self.blog_path}/?p={post.wp_id}", page, "")
        ]
        for link in self._own_paths(post.link):
            targets.append((link, page, ""))
        for attachment_id in self.index.attached.get(post.wp_id, ()):
            targets += self._attachment_redirect_targets(attachment_id, page)
        # Attachments read later find the page here (``_attachment_arrived``).
        self._remember(self._done_posts, post.wp_id, page.pk)
        return targets

    def _attachment_redirect_targets(
        self, attachment_id: int, page: Page
    ) -> list[tuple[str, Page | None, str]]:
        attachment = self.index.attachments[attachment_id]
        targets: list[tuple[str, Page | None, str]] = [
            (f"{self.blog_path}/?attachment_id={attachment_id}", page, "")
        ]
        for link in self._own_paths(attachment.link):
            targets.append((link, page, ""))
        return targets

    def _own_paths(self, link: str) -> list[str]:
        """The path of an old-site URL, if it is a pretty permalink."""
        if not link:
            return []
        parts = urlsplit(link)
        host = (parts.hostname or "").lower()
        if host and host != self.source:
            return []
        if parts.query or parts.path in ("", "/"):
            return []  # /?p=ID is added by the caller
        return [parts.path]

    def _category_paths(self, category: wxr.Category) -> list[str]:
        chain = [category.nicename]
        seen = {category.nicename}
        parent = category.parent
        while parent and parent in self.index.categories and parent not in seen:
            chain.insert(0, parent)
            seen.add(parent)
            parent = self.index.categories[parent].parent
        base = f"{self.blog_path}/{self.options.category_base.strip('/')}"
        paths = [f"{base}/{'/'.join(quote(c) for c in chain)}/"]
        if len(chain) > 1:
            paths.append(f"{base}/{quote(category.nicename)}/")
        return paths

    def _category_redirects(self, category: wxr.Category, section: SectionPage) -> None:
        feed = self._section_feed_url(section)
        targets: list[tuple[str, Page | None, str]] = []
        for path in self._category_paths(category):
            targets.append((path, section, ""))
            targets.append((path + "feed/", None if feed else section, feed or ""))
        if category.term_id:
            targets.append((f"{self.blog_path}/?cat={category.term_id}", section, ""))
        with self._record("redirect", category.nicename):
            self._redirects(targets, "section", category.nicename)

    def _tag_redirects(self, tag: wxr.Tag) -> None:
        link = self._tag_url(tag)
        base = f"{self.blog_path}/{self.options.tag_base.strip('/')}/{quote(tag.slug)}/"
        target_page = None if link else self.home
        self._redirects(
            [
                (base, target_page, link),
                (f"{self.blog_path}/?tag={quote(tag.slug)}", target_page, link),
            ],
            "tag",
            tag.slug,
        )

    def _tag_url(self, tag: wxr.Tag) -> str:
        """Old tag archives land on a Khabar search for the tag's name.

        A search keeps the reader on the topic they followed; a section would
        not, and Khabar has no per-tag pages.
        """
        search = _first_reverse("search:search", "search:index", "search:results")
        return f"{search}?q={quote(tag.name)}" if search else ""

    def _section_feed_url(self, section: SectionPage) -> str:
        return _first_reverse("seo:section-feed-rss", pk=section.pk) or ""

    def _site_redirects(self) -> None:
        """WordPress feeds → Khabar's feeds (``khabar.seo``), or home without them."""
        rss = _first_reverse("seo:feed-rss") or ""
        atom = _first_reverse("seo:feed-atom") or rss
        feeds = {
            "/feed/": rss,
            "/feed/rss2/": rss,
            "/feed/rss/": rss,
            "/feed/rdf/": rss,
            "/feed/atom/": atom,
            "/comments/feed/": rss,
            "/?feed=rss2": rss,
            "/?feed=rss": rss,
            "/?feed=atom": atom,
        }
        targets: list[tuple[str, Page | None, str]] = [
            (f"{self.blog_path}{old}", None if new else self.home, new)
            for old, new in feeds.items()
        ]
        if self.blog_path:  # a blog in a sub-folder: its front page is home
            targets.append((f"{self.blog_path}/", self.home, ""))
        with self._record("redirect", "feeds"):
            self._redirects(targets, "feed", "feeds")

    # -- comments -----------------------------------------------------------------

    def _import_comments(self, post: wxr.Post, page: ArticlePage) -> None:
        """Comments with their status, threading and dates (``khabar.comments``).

        E-mails are stored where the comments app keeps them (private, with
        its HMAC hash); IPs only while they are within its retention window,
        which old comments are not.  Spam and approved comments train the
        spam filter through ``classifier_retrain`` at the end of the batch,
        once each (the mapping row remembers it).
        """
        if not post.comments:
            return
        from khabar.comments.models import MAX_DEPTH, Comment
        from khabar.comments.moderation import identity_hash
        from khabar.comments.text import duplicate_key

        statuses = {
            "approved": Comment.Status.APPROVED,
            "pending": Comment.Status.PENDING,
            "spam": Comment.Status.SPAM,
            "trash": Comment.Status.TRASH,
        }
        ident = str(post.wp_id)
        by_wp_id: dict[int, Comment] = {}
        mapped = self._comment_rows
        existing_ids = [
            mapped[str(c.wp_id)][0] for c in post.comments if str(c.wp_id) in mapped
        ]
        existing = Comment.objects.in_bulk(existing_ids) if existing_ids else {}
        retention = timezone.now() - timedelta(
            days=getattr(settings, "KHABAR_COMMENTS_RETENTION_DAYS", 30)
        )
        staff_ids = {a.wp_id for a in self.index.authors.values() if a.wp_id}
        pending = list(post.comments)
        # Parents first, whatever order the export has; an orphan goes top level.
        known = {c.wp_id for c in post.comments}
        ordered: list[wxr.Comment] = []
        placed: set[int] = set()
        while pending:
            ready = [
                c
                for c in pending
                if not c.parent_id or c.parent_id in placed or c.parent_id not in known
            ]
            if not ready:  # a cycle: break it
                ready = pending[:1]
            for c in ready:
                ordered.append(c)
                placed.add(c.wp_id)
            pending = [c for c in pending if c.wp_id not in placed]
        # New comments wait in ``self._new_comments`` for ``_comments_flush``,
        # which writes a whole batch's at once, a thread level at a time; if
        # this post rolls back, its comments leave the queue with it.
        queue, start, queued = self._new_comments, len(self._new_comments), 0
        for record in ordered:
            key = str(record.wp_id)
            status = statuses.get(record.status, Comment.Status.PENDING)
            if record.comment_type in ("pingback", "trackback"):
                self.report.skip(
                    "comment",
                    f"{ident}/{key}",
                    "Pingbacks and trackbacks are not reader comments; not imported.",
                )
                continue
            if key in mapped:
                comment_id, old_status = mapped[key]
                comment = existing.get(comment_id)
                if comment is None:
                    self.report.skip(
                        "comment",
                        f"{ident}/{key}",
                        "The comment was deleted in Khabar after an earlier import.",
                    )
                    continue
                by_wp_id[record.wp_id] = comment
                if old_status == status or comment.status != old_status:
                    # Unchanged, or a moderator has decided since: theirs stands.
                    self.report.add("comment", "unchanged")
                    continue
                self._train(comment, status)
                comment.status = status
                comment.save(update_fields=["status", "trained_as"])
                self._comment_mapping(key, comment, status)
                self.report.add("comment", "updated")
                continue
            parent = by_wp_id.get(record.parent_id) if record.parent_id else None
            if record.parent_id and parent is None:
                self.report.warn(
                    "comment",
                    f"{ident}/{key}",
                    "The comment replies to one that is not in the export; it was "
                    "kept as a top-level comment.",
                )
            while parent is not None and parent.depth >= MAX_DEPTH:
                parent = parent.parent  # deeper threads than Khabar shows: flatten
            date = record.date_gmt or self._aware(record.date) or page.published_at
            recent = date is not None and date >= retention
            ip = record.author_ip if recent and _is_ip(record.author_ip) else ""
            email = record.author_email if _EMAIL.match(record.author_email) else ""
            url = (
                record.author_url
                if record.author_url.startswith(("http://", "https://"))
                else ""
            )
            body = html_to_text(record.content) or record.content.strip()
            comment = Comment(
                article_id=page.pk,
                parent=parent,
                depth=(parent.depth + 1) if parent else 1,
                author_name=_clip(record.author or "—", 100),
                author_email=email[:254],
                author_url=url[:300],
                body=body,
                status=status,
                ip_address=ip or None,
                ip_hash=identity_hash("ip", ip),
                email_hash=identity_hash("email", email),
                body_hash=duplicate_key(body),
                is_staff_reply=bool(record.user_id and record.user_id in staff_ids),
            )
            self._train(comment, status)
            self._new_comments.append((key, comment, date))
            queued += 1
            by_wp_id[record.wp_id] = comment
            if status == Comment.Status.APPROVED and page.pk not in self._new_pages:
                self._commented.add(page.pk)  # a cached page now shows too little
        if queued:
            self._undo.append(lambda: queue.__delitem__(slice(start, None)))

    def _comments_flush(self) -> None:
        """Write the queued new comments: one INSERT per thread level.

        A reply needs its parent's id, so level 1 goes first.  The rows are
        inserted as they are (``raw``), with WordPress's dates: ``created_at``
        is ``auto_now_add``, which ``bulk_create`` would overwrite.  Comments
        without a date get the time of the import, as ``save()`` would give.
        Their mapping rows follow.
        """
        queued, self._new_comments = self._new_comments, []
        if not queued:
            return
        from khabar.comments.models import Comment

        now = timezone.now()
        levels: dict[int, list[Any]] = {}
        for _key, comment, date in queued:
            comment.created_at = date or now
            levels.setdefault(comment.depth, []).append(comment)
        for depth in sorted(levels):
            insert_rows(Comment, levels[depth], raw=True)
        insert_rows(
            WordPressObject,
            [
                WordPressObject(
                    source=self.source,
                    kind=Kind.COMMENT,
                    wp_key=key,
                    object_id=comment.pk,
                    fingerprint=comment.status,
                )
                for key, comment, _date in queued
            ],
        )
        for key, comment, _date in queued:
            self._remember(self._comment_rows, key, (comment.pk, comment.status))
        self.report.add("comment", "created", len(queued))

    def _train(self, comment: Any, status: str) -> None:
        """Queue a spam/ham lesson for the filter, once per comment."""
        label = {"spam": "spam", "approved": "ham"}.get(status)
        if label is None or comment.is_staff_reply or comment.trained_as == label:
            return
        if comment.trained_as:
            self._unlearn.append((comment.body, comment.trained_as == "spam"))
        self._learn.append((comment.body, label == "spam"))
        comment.trained_as = label
        self.report.add("comment", f"trained {label}")

    def _comment_mapping(self, key: str, comment: Any, status: str) -> None:
        WordPressObject.objects.filter(
            source=self.source, kind=Kind.COMMENT, wp_key=key
        ).update(fingerprint=status)
        self._remember(self._comment_rows, key, (comment.pk, status))

    def _train_flush(self) -> None:
        """Teach the spam filter the batch's lessons (the comments app's service)."""
        if not self._learn and not self._unlearn:
            return
        from khabar.comments.moderation import classifier_retrain

        learn, unlearn = self._learn, self._unlearn
        self._learn, self._unlearn = [], []
        classifier_retrain(learn=learn, unlearn=unlearn)

    # -- the end ------------------------------------------------------------------

    def _finish(self) -> None:
        unused = set(self.index.attachments) - self._used_attachments
        if unused:
            for attachment_id in sorted(unused)[:200]:
                self.report.skip(
                    "attachment",
                    str(attachment_id),
                    "No imported post uses or holds this attachment.",
                )
            if len(unused) > 200:
                self.report.add("attachment", "skipped", len(unused) - 200)
        with self._record("home", "lead"):
            self._lead_story()
        if not self.options.dry_run and self.report.changed_anything:
            transaction.on_commit(self._announce)

    def _lead_story(self) -> None:
        """The newest live, public sticky post leads the home page (as in WordPress)."""
        sticky = (
            ArticlePage.objects.live()
            .public()
            .filter(featured=True, external_id__startswith=f"wp:{self.source}:")
            .order_by("-published_at", "-pk")
            .first()
        )
        if sticky is None or self.home.lead_article_id == sticky.pk:
            return
        home = HomePage.objects.get(pk=self.home.pk)
        home.lead_article = sticky
        news_services.article_publish(article=home)
        self.report.add("home", "updated")

    def _announce(self) -> None:
        """Tell page caches that the home page and the touched sections changed."""
        page_content_changed.send(sender=HomePage, page=self.home)
        for section in SectionPage.objects.filter(pk__in=self._touched_sections):
            page_content_changed.send(sender=SectionPage, page=section)
        # Only articles that existed before this run (new ones are in no cache),
        # a chunk at a time and without their bodies.
        commented = ArticlePage.objects.filter(pk__in=self._commented).defer("body")
        for article in commented.iterator(chunk_size=500):
            page_content_changed.send(sender=ArticlePage, page=article)
