"""The one rich-text allow-list for Khabar, and the functions that apply it.

Every piece of HTML that Khabar stores or serves as "rich text" (imported
WordPress paragraphs today; editors' rich text and the API later) goes through
``sanitize_html``, so the list of what may survive lives in exactly one place.

This module is pure: it imports the standard library and ``nh3`` (Python
bindings for the Rust ``ammonia`` sanitiser, which parses with html5ever the
way a browser does, so mis-nested or unclosed tags cannot smuggle markup
through).  It imports nothing from Django.

Worked example::

    >>> sanitize_html('<p onclick="x()">Hi <a href="javascript:alert(1)">there</a>'
    ...               '<script>alert(1)</script></p><h2>Title</h2>')
    '<p>Hi <a>there</a></p>Title'
    >>> sanitize_html('<a href="https://example.com/?q=1&amp;r=2">ok</a>')
    '<a href="https://example.com/?q=1&amp;r=2">ok</a>'
    >>> html_to_text("<p>سطر <b>أول</b></p><p>ثانٍ<br>ثالث</p><script>x</script>")
    'سطر أول\\n\\nثانٍ\\nثالث'

Note: Wagtail stores rich text in a "contentstate" dialect with
``<a linktype="page" id="3">`` and ``<embed embedtype="image" …/>``; those
attributes are not on the allow-list, so sanitise *rendered* HTML (after
``wagtail.rich_text.expand_db_html``), never the database format.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import nh3

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "CLEAN_CONTENT_TAGS",
    "html_to_text",
    "is_safe_url",
    "sanitize_html",
]

#: Tags allowed in rich text.  Headings, quotes, images and embeds are
#: separate StreamField blocks, so they are deliberately *not* here.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li"}
)

#: Attributes allowed per tag; nothing else (no ``style``, ``class``, ``on*``).
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {"a": frozenset({"href"})}

#: Schemes allowed in ``href``.  Relative URLs (``/about/``, ``#top``) are kept.
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

#: Tags removed *with* their content (the rest are unwrapped, keeping text).
CLEAN_CONTENT_TAGS: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "head",
    }
)


def sanitize_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list, with well-formed nesting.

    Links keep no ``rel``: they are editorial links in the site's own
    content, and templates add ``rel`` for external links where needed.
    """
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        # "*" overrides ammonia's default generic attributes (lang, title).
        attributes={"*": set()}
        | {tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


# Browsers ignore ASCII tab/newline anywhere in a URL and leading C0 controls
# and spaces, so "java\tscript:" is "javascript:".  Strip them before judging.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def is_safe_url(url: str, *, schemes: frozenset[str] = ALLOWED_URL_SCHEMES) -> bool:
    """True for relative URLs and absolute ones with an allowed scheme.

    >>> is_safe_url("https://example.com"), is_safe_url("/a"), is_safe_url("//cdn/x")
    (True, True, True)
    >>> is_safe_url(" JaVa\\tScRiPt:alert(1)"), is_safe_url("data:text/html,x")
    (False, False)
    """
    cleaned = _URL_IGNORED.sub("", url)
    match = _SCHEME.match(cleaned)
    if match is None:
        # No scheme: relative (or protocol-relative) URL.  A colon before the
        # first "/" would still be read as a scheme by browsers; reject it.
        first = cleaned.split("/", 1)[0]
        return ":" not in first
    return match.group(1).lower() in schemes


_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tr",
        "ul",
    }
)


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in CLEAN_CONTENT_TAGS:
            self._skip.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            # Source newlines are just whitespace in HTML.
            self.parts.append(re.sub(r"\s+", " ", data))


_TAG = re.compile(r"<[^>]*>")
#: A tag with something after its name (attributes, or ``<br />``), or
#: markup such as a comment.
_NOT_BARE = re.compile(r"<[^>\s]*\s|<!")


def strip_bare_tags(clean: str) -> str | None:
    """``clean`` (sanitised HTML) without its tags, when every tag is a bare
    name (``<p>``, ``</b>``); else ``None``: the caller needs a parser.

    In sanitised HTML a ``<`` in text is ``&lt;``, so bare tags are exactly
    the ``<…>`` runs; an attribute value may hide a ``>``. Entities are left
    as they are (decode them with ``html.unescape``).
    """
    if _NOT_BARE.search(clean):
        return None
    return _TAG.sub("", clean)


_BLOCK_END = re.compile(r"(</(p|h\d|li|blockquote)>)", re.IGNORECASE)
_BREAK = re.compile(r"(<(br|hr)\s*/>)", re.IGNORECASE)


def bare_rich_text(clean: str) -> str | None:
    """What Wagtail's ``get_text_for_indexing`` reads from sanitised rich text
    whose tags are all bare (a space after each block end and break, tags
    removed, entities decoded, stripped); ``None`` when a tag has attributes.

    >>> bare_rich_text("<p>أ</p><p>ب&amp;ج</p>")
    'أ ب&ج'
    """
    text = strip_bare_tags(_BREAK.sub(r"\1 ", _BLOCK_END.sub(r"\1 ", clean)))
    return None if text is None else unescape(text.strip())


def html_to_text(html: str) -> str:
    """Plain text of ``html`` for excerpts, search and meta descriptions.

    Block boundaries become a blank line, ``<br>`` a newline; scripts, styles
    and other non-text content are dropped; entities are decoded.
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\xa0", " ")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
