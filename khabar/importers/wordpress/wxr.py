"""Streaming parser for WordPress eXtended RSS (WXR) exports.

WXR is what *Tools → Export* in the WordPress admin and ``wp export`` write: an
RSS 2.0 document whose ``<channel>`` carries the site, then ``<wp:author>``,
``<wp:category>``, ``<wp:tag>`` and ``<wp:term>`` records, then one ``<item>``
per post, page, attachment, menu item, … with its comments and post meta
nested inside.  There is no published schema; the reference is the exporter
itself (``wp-admin/includes/export.php``) and the ``wordpress-importer``
plugin's ``WXR_Parser_XML``.

This module is a *pure* leaf: it imports only the standard library and
``defusedxml`` so it can run without Django settings (tests, a worker, a CLI).
The Django loader turns what it yields into pages, comments and redirects.

Worked example::

    >>> from khabar.importers.wordpress import wxr
    >>> for record in wxr.parse("export.xml"):            # doctest: +SKIP
    ...     match record:
    ...         case wxr.Site(title=title):
    ...             print("site", title)
    ...         case wxr.Post(post_type="post", status="publish") as post:
    ...             print(post.wp_id, post.post_name, post.post_date_gmt)
    ...         case wxr.InvalidRecord(kind=kind, ident=ident, reason=reason):
    ...             print("skipped", kind, ident, reason)
    site أخبار الصباح
    101 مؤتمر-القمة-العربية 2013-05-01 07:00:00+00:00
    skipped post item #7 The record has no <wp:post_id>.

Records come out in document order: one ``Site`` (before the first other
record), then ``Author``/``Category``/``Tag``/``Term``, then ``Post`` (each with
its ``Comment`` tuple).  A record that cannot be trusted (no post id, an
impossible date, a comment without an id, …) becomes an ``InvalidRecord`` and
the stream goes on.  A file that is not a WXR export at all, or that stops in
the middle (a download killed half-way), raises ``WXRError`` *after* yielding
every complete record before the break, so a loader can commit what it has
and report the rest.

Memory stays bounded on multi-gigabyte files: ``iterparse`` builds one
top-level channel child at a time and every child is detached from the tree
as soon as it has been turned into a dataclass.  Only the largest single item
(usually one post's HTML) has to fit in memory.

Decisions worth knowing:

* Namespaces are matched by *family*, not by exact URI: the ``wp`` namespace
  is ``http://wordpress.org/export/1.0/`` … ``/1.2/`` depending on the
  exporter version, and ``excerpt`` is the same URI plus ``excerpt/``.
* Unknown post types (``product``, ``wp_block``, ``revision`` …) and untitled
  posts are *not* errors: they are what the site contained.  They are yielded
  as ``Post`` and the loader decides what to import.
* Control characters that are illegal in XML 1.0 (``\\x00``-``\\x08``,
  ``\\x0b``, ``\\x0c``, ``\\x0e``-``\\x1f``) are dropped from the byte stream
  before parsing.  WordPress writes post content verbatim inside CDATA, so
  one pasted vertical tab would otherwise make the whole export unreadable.
  Those bytes never occur inside a multi-byte UTF-8 sequence, so dropping them
  cannot corrupt text.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET  # types and ParseError only; parsing is defusedxml
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import lru_cache
from typing import IO, Any
from urllib.parse import unquote

import defusedxml
import defusedxml.ElementTree as DET

__all__ = [
    "Author",
    "Category",
    "Comment",
    "InvalidRecord",
    "Post",
    "Record",
    "Site",
    "Tag",
    "Term",
    "WXRError",
    "parse",
]


class WXRError(Exception):
    """The file is not a WordPress export, or it is damaged beyond a record."""


# --------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    """The exporting site, from the ``<channel>`` header."""

    title: str
    link: str
    description: str
    language: str
    base_site_url: str
    base_blog_url: str
    wxr_version: str


@dataclass(frozen=True, slots=True)
class Author:
    """A ``<wp:author>`` (WXR 1.1+; WXR 1.0 only names authors in ``dc:creator``)."""

    login: str
    email: str
    display_name: str
    first_name: str
    last_name: str
    wp_id: int | None


@dataclass(frozen=True, slots=True)
class Category:
    """A ``<wp:category>``; ``nicename`` and ``parent`` are decoded slugs."""

    term_id: int | None
    nicename: str
    parent: str | None
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A ``<wp:tag>``; ``slug`` is decoded."""

    term_id: int | None
    slug: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Term:
    """A ``<wp:term>`` of any other taxonomy (``nav_menu``, ``post_format``, …)."""

    term_id: int | None
    taxonomy: str
    slug: str
    parent: str | None
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Comment:
    """A ``<wp:comment>`` inside an item.

    ``status`` is the decoded ``wp:comment_approved``: ``"approved"`` (``1``),
    ``"pending"`` (``0``), ``"spam"`` or ``"trash"`` (also for
    ``post-trashed``).  ``comment_type`` is ``"comment"`` (WordPress writes an
    empty string or ``comment``), ``"pingback"``, ``"trackback"`` or whatever a
    plugin stored.  ``parent_id`` is ``None`` for top-level comments.
    """

    wp_id: int
    parent_id: int | None
    author: str
    author_email: str
    author_url: str
    author_ip: str
    date: datetime | None
    date_gmt: datetime | None
    content: str
    status: str
    comment_type: str
    user_id: int | None


@dataclass(frozen=True, slots=True)
class Post:
    """An ``<item>``: a post, page, attachment, menu item or custom type.

    Dates: ``post_date``/``modified`` are the site's wall-clock time (naive);
    ``post_date_gmt``/``modified_gmt`` are UTC-aware, or ``None`` where WordPress
    wrote ``0000-00-00 00:00:00`` (drafts that were never scheduled).
    ``post_name``, ``categories`` and ``tags`` hold *decoded* slugs.
    ``postmeta`` keeps the first value of each key, like
    ``get_post_meta($id, $key, true)``.
    """

    wp_id: int
    guid: str
    title: str
    link: str
    post_name: str
    status: str
    post_type: str
    post_date: datetime | None
    post_date_gmt: datetime | None
    modified: datetime | None
    modified_gmt: datetime | None
    author: str
    content: str
    excerpt: str
    is_sticky: bool
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    other_terms: tuple[tuple[str, str], ...]
    thumbnail_id: int | None
    attachment_url: str
    parent_id: int | None
    menu_order: int
    comment_status: str
    password: str
    comments: tuple[Comment, ...] = ()
    postmeta: dict[str, str] = field(default_factory=dict, hash=False)

    @property
    def attached_file(self) -> str:
        """Upload-relative path of an attachment (``2013/05/photo.jpg``) or ``""``."""
        return self.postmeta.get("_wp_attached_file", "")

    @property
    def image_alt(self) -> str:
        """Alt text WordPress stores for image attachments, or ``""``."""
        return self.postmeta.get("_wp_attachment_image_alt", "")


@dataclass(frozen=True, slots=True)
class InvalidRecord:
    """A record that was skipped; ``reason`` is a full sentence for the report."""

    kind: str  # "author", "category", "tag", "term", "post" or "comment"
    ident: str  # best identifier available: wp id, slug, or "item #N"
    reason: str


Record = Site | Author | Category | Tag | Term | Post | InvalidRecord


def _plain_pickling(cls: type) -> None:
    """Pickle a frozen slots dataclass as a tuple of its fields.

    The generated ``__setstate__`` calls ``dataclasses.fields()`` for every
    object; exports read in a second process (``pipeline.py``) are unpickled
    record by record, where that was a tenth of the reading.
    """
    names = tuple(f.name for f in fields(cls))
    setter = object.__setattr__

    def getstate(self: Any) -> tuple:
        return tuple([getattr(self, name) for name in names])

    def setstate(self: Any, state: tuple) -> None:
        for name, value in zip(names, state, strict=True):
            setter(self, name, value)

    cls.__getstate__ = getstate  # type: ignore[attr-defined]
    cls.__setstate__ = setstate  # type: ignore[attr-defined]


for _cls in (Site, Author, Category, Tag, Term, Comment, Post, InvalidRecord):
    _plain_pickling(_cls)


# --------------------------------------------------------------------------
# Namespaces and small value parsers
# --------------------------------------------------------------------------

# wp:      http://wordpress.org/export/1.2/
# excerpt: http://wordpress.org/export/1.2/excerpt/
_WP_NS_RE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
_EXCERPT_NS_RE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
_OTHER_NS = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


@lru_cache(maxsize=512)
def _key(tag: str) -> str:
    """``{http://wordpress.org/export/1.1/}post_id`` → ``wp:post_id``.

    Elements in no namespace keep their bare name (``title``); unknown
    namespaces keep the URI so they never collide with WXR names.
    """
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    if _WP_NS_RE.match(uri):
        return f"wp:{local}"
    if _EXCERPT_NS_RE.match(uri):
        return f"excerpt:{local}"
    prefix = _OTHER_NS.get(uri)
    return f"{prefix}:{local}" if prefix else tag


def _text(elem: ET.Element | None) -> str:
    # CDATA sections arrive as ordinary text; ``]]]]><![CDATA[>`` splits (how
    # WordPress escapes a literal "]]>" in content) are re-joined by expat.
    if elem is None or elem.text is None:
        return ""
    return elem.text


def _children(elem: ET.Element) -> dict[str, ET.Element]:
    """First child per normalised key (WXR fields are not repeated)."""
    found: dict[str, ET.Element] = {}
    for child in elem:
        found.setdefault(_key(child.tag), child)
    return found


def _slug(raw: str) -> str:
    # WordPress stores non-ASCII slugs percent-encoded (sanitize_title), in
    # lower case: "%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1" → "أخبار".
    return unquote(raw.strip())


class _BadValue(ValueError):
    """A field value that makes the record untrustworthy."""


def _required_int(raw: str, field_name: str) -> int:
    """An identifier the record cannot be trusted without (post/comment id)."""
    raw = raw.strip()
    if not raw:
        raise _BadValue(f"The record has no <wp:{field_name}>.")
    try:
        return int(raw)
    except ValueError:
        raise _BadValue(
            f"The value {raw!r} of <wp:{field_name}> is not a whole number."
        ) from None


def _int(raw: str) -> int | None:
    """An optional number (term id, parent, menu order): garbage means unset."""
    try:
        return int(raw.strip())
    except ValueError:
        return None


_ZERO_DATE = "0000-00-00 00:00:00"


_MYSQL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}\Z")


def _date(raw: str, field_name: str, *, utc: bool) -> datetime | None:
    """Parse a MySQL ``DATETIME`` string as WordPress writes it.

    ``0000-00-00 00:00:00`` is MySQL's "no date" and means unset (WordPress
    uses it for ``post_date_gmt`` of drafts that were never scheduled).
    """
    raw = raw.strip()
    if not raw or raw == _ZERO_DATE:
        return None
    try:
        # Naive on purpose: post_date is wall-clock time; UTC is attached below.
        # The strict pattern first: fromisoformat is ten times faster than
        # strptime but also takes other shapes, which strptime refuses.
        if _MYSQL_DATE.match(raw):
            value = datetime.fromisoformat(raw)
        else:
            value = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        raise _BadValue(
            f"The value {raw!r} of <wp:{field_name}> is not a valid date."
        ) from None
    return value.replace(tzinfo=UTC) if utc else value


_COMMENT_STATUS = {
    "1": "approved",
    "approve": "approved",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "trash",
    # Comments of a trashed post are set to "post-trashed" by WordPress.
    "post-trashed": "trash",
}


# --------------------------------------------------------------------------
# Record builders (each raises _BadValue for an untrustworthy record)
# --------------------------------------------------------------------------


def _site(fields: dict[str, str]) -> Site:
    return Site(
        title=fields.get("title", "").strip(),
        link=fields.get("link", "").strip(),
        description=fields.get("description", "").strip(),
        language=fields.get("language", "").strip(),
        base_site_url=fields.get("wp:base_site_url", "").strip(),
        base_blog_url=fields.get("wp:base_blog_url", "").strip(),
        wxr_version=fields.get("wp:wxr_version", "").strip(),
    )


def _author(elem: ET.Element) -> Author:
    f = _children(elem)
    login = _text(f.get("wp:author_login")).strip()
    if not login:
        raise _BadValue("The author has no <wp:author_login>.")
    return Author(
        login=login,
        email=_text(f.get("wp:author_email")).strip(),
        display_name=_text(f.get("wp:author_display_name")).strip(),
        first_name=_text(f.get("wp:author_first_name")).strip(),
        last_name=_text(f.get("wp:author_last_name")).strip(),
        wp_id=_int(_text(f.get("wp:author_id"))),
    )


def _category(elem: ET.Element) -> Category:
    f = _children(elem)
    nicename = _slug(_text(f.get("wp:category_nicename")))
    if not nicename:
        raise _BadValue("The category has no <wp:category_nicename>.")
    parent = _slug(_text(f.get("wp:category_parent")))
    return Category(
        term_id=_int(_text(f.get("wp:term_id"))),
        nicename=nicename,
        parent=parent or None,
        name=_text(f.get("wp:cat_name")).strip() or nicename,
        description=_text(f.get("wp:category_description")).strip(),
    )


def _tag(elem: ET.Element) -> Tag:
    f = _children(elem)
    slug = _slug(_text(f.get("wp:tag_slug")))
    if not slug:
        raise _BadValue("The tag has no <wp:tag_slug>.")
    return Tag(
        term_id=_int(_text(f.get("wp:term_id"))),
        slug=slug,
        name=_text(f.get("wp:tag_name")).strip() or slug,
        description=_text(f.get("wp:tag_description")).strip(),
    )


def _term(elem: ET.Element) -> Term:
    f = _children(elem)
    slug = _slug(_text(f.get("wp:term_slug")))
    if not slug:
        raise _BadValue("The term has no <wp:term_slug>.")
    parent = _slug(_text(f.get("wp:term_parent")))
    return Term(
        term_id=_int(_text(f.get("wp:term_id"))),
        taxonomy=_text(f.get("wp:term_taxonomy")).strip(),
        slug=slug,
        parent=parent or None,
        name=_text(f.get("wp:term_name")).strip() or slug,
        description=_text(f.get("wp:term_description")).strip(),
    )


def _comment(elem: ET.Element) -> Comment:
    f = _children(elem)
    wp_id = _required_int(_text(f.get("wp:comment_id")), "comment_id")
    parent = _int(_text(f.get("wp:comment_parent"))) or None
    user_id = _int(_text(f.get("wp:comment_user_id"))) or None
    approved = _text(f.get("wp:comment_approved")).strip().lower()
    comment_type = _text(f.get("wp:comment_type")).strip() or "comment"
    return Comment(
        wp_id=wp_id,
        parent_id=parent,
        author=_text(f.get("wp:comment_author")).strip(),
        author_email=_text(f.get("wp:comment_author_email")).strip(),
        author_url=_text(f.get("wp:comment_author_url")).strip(),
        author_ip=_text(f.get("wp:comment_author_IP")).strip(),
        date=_date(_text(f.get("wp:comment_date")), "comment_date", utc=False),
        date_gmt=_date(
            _text(f.get("wp:comment_date_gmt")), "comment_date_gmt", utc=True
        ),
        content=_text(f.get("wp:comment_content")),
        status=_COMMENT_STATUS.get(approved, "pending"),
        comment_type=comment_type,
        user_id=user_id,
    )


def _post(elem: ET.Element, position: int) -> Iterator[Post | InvalidRecord]:
    """Build the ``Post`` for one ``<item>``; bad comments are reported first."""
    fields: dict[str, ET.Element] = {}
    categories: list[str] = []
    tags: list[str] = []
    other_terms: list[tuple[str, str]] = []
    postmeta: dict[str, str] = {}
    comments: list[Comment] = []
    bad_comments: list[InvalidRecord] = []

    raw_id = ""
    for child in elem:
        key = _key(child.tag)
        if key == "wp:post_id":
            raw_id = _text(child).strip()
        if key == "category":
            # <category domain="category" nicename="slug">Name</category>.
            # WXR 1.0 also writes a bare <category>Name</category> duplicate
            # without nicename, and calls the tag taxonomy "tag": both handled.
            nicename = _slug(child.get("nicename", ""))
            domain = child.get("domain", "")
            if not nicename:
                continue
            if domain == "category":
                categories.append(nicename)
            elif domain in ("post_tag", "tag"):
                tags.append(nicename)
            elif domain:
                other_terms.append((domain, nicename))
        elif key == "wp:postmeta":
            meta = _children(child)
            meta_key = _text(meta.get("wp:meta_key")).strip()
            if meta_key:
                postmeta.setdefault(meta_key, _text(meta.get("wp:meta_value")))
        elif key == "wp:comment":
            try:
                comments.append(_comment(child))
            except _BadValue as exc:
                number = len(comments) + len(bad_comments) + 1
                ident = f"post {raw_id or '?'} comment #{number}"
                bad_comments.append(InvalidRecord("comment", ident, str(exc)))
        else:
            fields.setdefault(key, child)

    title = _text(fields.get("title")).strip()
    ident = raw_id or f"item #{position}" + (f" ({title!r})" if title else "")

    def get(name: str) -> str:
        return _text(fields.get(name))

    try:
        wp_id = _required_int(raw_id, "post_id")
        post = Post(
            wp_id=wp_id,
            guid=get("guid").strip(),
            title=title,
            link=get("link").strip(),
            post_name=_slug(get("wp:post_name")),
            status=get("wp:status").strip() or "draft",
            post_type=get("wp:post_type").strip() or "post",
            post_date=_date(get("wp:post_date"), "post_date", utc=False),
            post_date_gmt=_date(get("wp:post_date_gmt"), "post_date_gmt", utc=True),
            modified=_date(get("wp:post_modified"), "post_modified", utc=False),
            modified_gmt=_date(
                get("wp:post_modified_gmt"), "post_modified_gmt", utc=True
            ),
            author=get("dc:creator").strip(),
            content=get("content:encoded"),
            excerpt=get("excerpt:encoded"),
            is_sticky=get("wp:is_sticky").strip() == "1",
            categories=tuple(dict.fromkeys(categories)),
            tags=tuple(dict.fromkeys(tags)),
            other_terms=tuple(dict.fromkeys(other_terms)),
            thumbnail_id=_int(postmeta.get("_thumbnail_id", "")),
            attachment_url=get("wp:attachment_url").strip(),
            parent_id=_int(get("wp:post_parent")) or None,
            menu_order=_int(get("wp:menu_order")) or 0,
            comment_status=get("wp:comment_status").strip(),
            password=get("wp:post_password"),
            comments=tuple(comments),
            postmeta=postmeta,
        )
    except _BadValue as exc:
        yield InvalidRecord("post", ident, str(exc))
        return
    yield from bad_comments
    yield post


# key → (kind, builder, identifying field, fallback id field)
_CHANNEL_RECORDS: dict[
    str, tuple[str, Callable[[ET.Element], Author | Category | Tag | Term], str, str]
] = {
    "wp:author": ("author", _author, "wp:author_login", "wp:author_id"),
    "wp:category": ("category", _category, "wp:category_nicename", "wp:term_id"),
    "wp:tag": ("tag", _tag, "wp:tag_slug", "wp:term_id"),
    "wp:term": ("term", _term, "wp:term_slug", "wp:term_id"),
}


# --------------------------------------------------------------------------
# Streaming
# --------------------------------------------------------------------------

# Bytes that XML 1.0 forbids even inside CDATA (see module docstring).
_ILLEGAL_XML_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


class _XMLByteFilter:
    """File-like wrapper whose ``read`` drops bytes XML 1.0 never allows."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.dropped = 0

    def read(self, size: int = -1) -> bytes:
        while True:
            chunk = self._raw.read(size)
            if not chunk:
                return b""
            cleaned = chunk.translate(None, _ILLEGAL_XML_BYTES)
            self.dropped += len(chunk) - len(cleaned)
            # iterparse treats b"" as end of file, so never return an empty
            # chunk while the underlying file still has data.
            if cleaned:
                return cleaned


# expat errors that mean "the document stopped before it was complete".
_TRUNCATION_MESSAGES = (
    "no element found",
    "unclosed token",
    "partial character",
    "unclosed CDATA section",
)


def parse(source: str | os.PathLike[str] | IO[bytes]) -> Iterator[Record]:
    """Yield the records of a WXR export, streaming.

    ``source`` is a path or a binary file object (not closed by this function).
    Raises ``WXRError`` when the document is not WXR, is not well-formed, or is
    truncated; records before the problem have been yielded by then.
    """
    if isinstance(source, str | os.PathLike):
        try:
            handle = open(source, "rb")
        except OSError as exc:
            raise WXRError(f"The export file could not be opened: {exc}.") from exc
        try:
            yield from _parse_stream(handle)
        finally:
            handle.close()
    else:
        yield from _parse_stream(source)


def _parse_stream(raw: IO[bytes]) -> Iterator[Record]:
    stream = _XMLByteFilter(raw)
    state = _State()
    try:
        events = DET.iterparse(
            stream,
            events=("start", "end", "start-ns"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
        for event, payload in events:
            yield from state.feed(event, payload)
        yield from state.finish()
    except ET.ParseError as exc:
        raise _parse_error(exc, state) from exc
    except defusedxml.DefusedXmlException as exc:
        raise WXRError(
            "The file declares a DTD or entities, which WordPress exports never "
            f"contain, so it was not parsed ({type(exc).__name__})."
        ) from exc


def _parse_error(exc: ET.ParseError, state: _State) -> WXRError:
    line, column = exc.position
    message = str(exc).split(":", 1)[0]
    if not state.started:
        return WXRError(
            f"The file is not an XML document ({message} at line {line}, "
            f"column {column}), so it cannot be a WordPress export."
        )
    if message in _TRUNCATION_MESSAGES:
        return WXRError(
            f"The export ends abruptly at line {line}, column {column} "
            f"({message}); the file was probably cut short while it was "
            f"downloaded or written. {state.records} records before that point "
            "were read."
        )
    return WXRError(
        f"The export is not well-formed XML ({message} at line {line}, column "
        f"{column}). {state.records} records before that point were read."
    )


class _State:
    """Turns iterparse events into records, detaching finished elements."""

    def __init__(self) -> None:
        self.started = False
        self.records = 0
        self.depth = 0
        self.channel: ET.Element | None = None
        self.wp_namespace = False
        self.site_fields: dict[str, str] = {}
        self.site_done = False
        self.items = 0

    def feed(self, event: str, payload: Any) -> Iterator[Record]:
        if event == "start-ns":
            _prefix, uri = payload
            if _WP_NS_RE.match(uri):
                self.wp_namespace = True
            return
        elem: ET.Element = payload
        if event == "start":
            self.started = True
            self.depth += 1
            if self.depth == 1 and elem.tag != "rss":
                raise WXRError(
                    f"The file is XML but its root element is <{_key(elem.tag)}>, "
                    "not <rss>, so it is not a WordPress export."
                )
            if self.depth == 2 and elem.tag == "channel":
                if not self.wp_namespace:
                    raise WXRError(
                        "The file is an RSS feed without the WordPress export "
                        "namespace (http://wordpress.org/export/1.x/); export the "
                        "site with Tools → Export or `wp export` instead."
                    )
                self.channel = elem
            return
        # event == "end"
        self.depth -= 1
        if self.depth != 2 or self.channel is None:
            return
        # A direct child of <channel> is complete: convert it, then detach it
        # so the tree never holds more than one record (bounded memory).
        try:
            yield from self._channel_child(elem)
        finally:
            elem.clear()
            self.channel.remove(elem)

    def _channel_child(self, elem: ET.Element) -> Iterator[Record]:
        key = _key(elem.tag)
        if key == "item":
            yield from self._site()
            self.items += 1
            for record in _post(elem, self.items):
                self.records += 1
                yield record
        elif key in _CHANNEL_RECORDS:
            yield from self._site()
            kind, build, ident_key, id_key = _CHANNEL_RECORDS[key]
            self.records += 1
            try:
                yield build(elem)
            except _BadValue as exc:
                f = _children(elem)
                wp_id = _text(f.get(id_key)).strip()
                ident = _text(f.get(ident_key)).strip() or (
                    f"id {wp_id}" if wp_id else "?"
                )
                yield InvalidRecord(kind, ident, str(exc))
        elif not self.site_done:
            self.site_fields.setdefault(key, _text(elem))

    def _site(self) -> Iterator[Site]:
        if not self.site_done:
            self.site_done = True
            self.records += 1
            yield _site(self.site_fields)

    def finish(self) -> Iterator[Record]:
        if self.channel is None:
            raise WXRError(
                "The file is an <rss> document without a <channel>, so it is not "
                "a WordPress export."
            )
        # An export of an empty site has a header and nothing else.
        yield from self._site()
