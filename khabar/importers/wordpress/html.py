"""Convert WordPress post HTML into Khabar StreamField block data.

``convert(html)`` takes ``Post.content`` from :mod:`.wxr` (classic-editor text
or Gutenberg block markup) and returns a ``ConversionResult`` whose ``blocks``
are ``(block_type, value)`` tuples in the formats our ``ArticlePage.body``
StreamField stores:

===============  ============================================================
``paragraph``    ``str``: sanitised rich text, one ``<p>…</p>`` or one
                 ``<ul>…</ul>``/``<ol>…</ol>``; only ``p br b strong i em a[href]
                 ul ol li`` survive (:data:`khabar.sanitize.ALLOWED_TAGS`).
``heading``      ``str``: plain text of an ``<h1>``–``<h6>``.
``quote``        ``{"text": str, "attribution": str}``, plain text; lines of
                 a multi-paragraph quote are joined with ``"\\n"``.
``image``        ``{"src": str, "alt": str, "caption": str, "credit": str,
                 "attachment_id": int | None}``; ``src`` is ``""`` for gallery
                 items, which the loader resolves from ``attachment_id``.
``embed``        ``{"url": str}``: an oEmbed URL (YouTube watch URL, tweet, …).
===============  ============================================================

Worked example::

    >>> result = convert(
    ...     "مرحباً <b>بالعالم</b>\\nسطر ثانٍ\\n\\n"
    ...     "https://youtu.be/dQw4w9WgXcQ\\n\\n"
    ...     '[caption id="attachment_7"]<img class="wp-image-7" src="/a.jpg" '
    ...     'alt="صورة" /> التعليق[/caption]\\n\\n'
    ...     "<h2>عنوان</h2>\\n[gallery ids=\\"8,9\\"]\\n[foo x=1]نص[/foo]"
    ... )
    >>> for block in result.blocks:
    ...     print(block)
    ('paragraph', '<p>مرحباً <b>بالعالم</b><br>سطر ثانٍ</p>')
    ('embed', {'url': 'https://youtu.be/dQw4w9WgXcQ'})
    ('image', {'src': '/a.jpg', 'alt': 'صورة', 'caption': 'التعليق', 'credit': '', 'attachment_id': 7})
    ('heading', 'عنوان')
    ('image', {'src': '', 'alt': '', 'caption': '', 'credit': '', 'attachment_id': 8})
    ('image', {'src': '', 'alt': '', 'caption': '', 'credit': '', 'attachment_id': 9})
    ('paragraph', '<p>نص</p>')
    >>> result.counts["shortcode:caption"], result.counts["shortcode:unknown"]
    (1, 1)
    >>> result.warnings
    ['Unknown shortcode [foo] was replaced by its inner text.']

Pipeline, in the order WordPress itself applies these filters:

1. **Gutenberg embeds.**  Content containing ``<!-- wp:`` is block-editor
   content; ``<!-- wp:embed {"url": …} -->`` blocks become embeds using the
   URL from the comment (the hint is more reliable than the markup).  All
   other block comments are just comments and disappear.
2. **Shortcodes** (regex modelled on ``get_shortcode_regex()``):
   ``[caption]`` → ``<figure id="attachment_N">`` with ``<figcaption>``,
   ``[embed]`` / Jetpack ``[youtube]``/``[vimeo]`` → embed, ``[gallery ids]``
   → one image per id; unknown shortcodes are reduced to their inner text.
   ``[[escaped]]`` shortcodes are kept literally, minus one bracket pair.
3. **Auto-embeds**: a URL of a known oEmbed provider alone on its line (or
   alone in a ``<p>``) becomes an embed, like ``WP_Embed::autoembed``.  Other
   bare URLs stay text: an unknown provider would render as nothing.
4. **Structure**, with the stdlib ``html.parser`` tokenizer driving a small
   state machine.  ``html.parser`` was chosen over "nh3 first, then parse"
   because sanitising first would erase exactly the structure we need
   (headings, figures, iframes, ``wp-image-N`` classes, lazy-load ``data-src``)
   and because it never raises on soup: stray end tags are ignored, unclosed
   ones are closed at the next block boundary.  ``wpautop`` is applied *here*
   rather than as a regex pre-pass for classic content (no ``<!-- wp:``),
   exactly as WordPress decides with ``has_blocks()``: a blank line ends a
   paragraph and a single newline is a ``<br>``.  For block content newlines
   are plain whitespace.
5. **Sanitising**: every paragraph goes through
   :func:`khabar.sanitize.sanitize_html` (nh3) as the last step, so whatever
   the state machine let through, only the project allow-list reaches the
   database.  Headings, quotes and captions are plain text; URLs in ``href``,
   ``src`` and embeds are checked with :func:`khabar.sanitize.is_safe_url`.

``counts`` (a ``Counter``) lets the loader print an import report.  Keys:
``mode:classic``/``mode:gutenberg``; ``block:<type>`` per emitted block;
``shortcode:caption|embed|gallery|youtube|vimeo|unknown`` per shortcode,
``shortcode:<name>`` for each unknown name too, ``shortcode:escaped``;
``embed:gutenberg|autoembed|iframe|twitter|instagram``; ``image:inline``,
``image:figure``, ``image:gallery``, ``image:skipped`` (no usable src),
``image:emoji`` (smiley images turned back into text), ``gallery:no_ids``;
``dropped:<tag>`` for removed elements (script, style, iframe, video, …);
``dropped:unsafe_url`` for ``javascript:``/``data:`` links.  ``warnings`` holds
one full sentence per distinct problem a human should look at.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

from khabar.sanitize import html_to_text, is_safe_url, sanitize_html, strip_bare_tags

__all__ = ["OEMBED_HOSTS", "Block", "ConversionResult", "convert"]

Block = tuple[str, Any]


@dataclass
class ConversionResult:
    blocks: list[Block] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


_ATTACHMENT_REFS = re.compile(
    r"\bwp-image-(\d+)|attachment_(\d+)|\[gallery\b([^\]]*)\]", re.IGNORECASE
)


def attachment_ids(html: str) -> set[int]:
    """Every attachment id ``convert(html)`` may refer to (a superset).

    Cheap (one regular expression, no parsing), for a loader that reads the
    export once and must know whether the attachments a post uses have been
    seen yet:

    >>> sorted(attachment_ids('<img class="wp-image-7"> [gallery ids="8, 9"]'))
    [7, 8, 9]
    """
    found: set[int] = set()
    for image, caption, gallery in _ATTACHMENT_REFS.findall(html):
        if image or caption:
            found.add(int(image or caption))
        else:
            found.update(int(n) for n in re.findall(r"\d+", gallery))
    return found


def convert(html: str) -> ConversionResult:
    """Convert one post's HTML into StreamField blocks (see module docstring)."""
    result = ConversionResult()
    text = html.replace("\r\n", "\n").replace("\r", "\n")
    # "<![" starts an SGML marked section, which html.parser does not support
    # (it raises on unknown keywords); browsers treat it as a bogus comment.
    text = text.replace("<![", "&lt;![")
    gutenberg = "<!-- wp:" in text
    result.counts["mode:gutenberg" if gutenberg else "mode:classic"] += 1
    if gutenberg:
        text = _gutenberg_embeds(text, result)
    text = _Shortcodes(result).apply(text)
    text = _autoembed(text, result)
    builder = _Builder(classic=not gutenberg, result=result)
    builder.feed(text)
    builder.close()
    builder.finish()
    for block_type, _value in result.blocks:
        result.counts[f"block:{block_type}"] += 1
    return result


# --------------------------------------------------------------------------
# Embeds
# --------------------------------------------------------------------------

#: Hosts WordPress (and Wagtail's oEmbed finder) can embed from a bare URL.
OEMBED_HOSTS: frozenset[str] = frozenset(
    {
        "youtube.com",
        "youtu.be",
        "vimeo.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "facebook.com",
        "soundcloud.com",
        "open.spotify.com",
        "dailymotion.com",
        "dai.ly",
        "tiktok.com",
        "flickr.com",
        "flic.kr",
        "reddit.com",
        "ted.com",
        "slideshare.net",
        "scribd.com",
        "issuu.com",
        "mixcloud.com",
        "tumblr.com",
        "imgur.com",
        "pinterest.com",
        "wordpress.tv",
        "videopress.com",
    }
)


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.").removeprefix("m.")


def _is_oembed_url(url: str) -> bool:
    host = _host(url)
    return any(host == h or host.endswith("." + h) for h in OEMBED_HOSTS)


def _is_absolute_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://")) and is_safe_url(url)


def _placeholder_embed(url: str) -> str:
    # A private element the builder turns into an embed block; surrounded by
    # blank lines so it is a block of its own in classic (autop) content.
    return f'\n\n<khabar-embed src="{htmllib.escape(url)}"></khabar-embed>\n\n'


_GUTENBERG_EMBED = re.compile(
    r"<!--\s+wp:(embed|core-embed/[a-z0-9-]+)\s+(\{.*?\})\s+/?-->"
    r"(?:(.*?)<!--\s+/wp:\1\s+-->)?",
    re.S,
)


def _gutenberg_embeds(text: str, result: ConversionResult) -> str:
    def replace(match: re.Match[str]) -> str:
        try:
            attrs = json.loads(match.group(2))
        except ValueError:
            attrs = {}
        url = attrs.get("url") if isinstance(attrs, dict) else None
        if not isinstance(url, str) or not url:
            result.warn("A Gutenberg embed block without a URL was kept as HTML.")
            return match.group(3) or ""
        result.counts["embed:gutenberg"] += 1
        return _placeholder_embed(url)

    return _GUTENBERG_EMBED.sub(replace, text)


# WP_Embed::autoembed: a URL alone on its line, or alone inside a <p>.
_AUTOEMBED_LINE = re.compile(r"^([ \t]*)(https?://[^\s<>\"]+)([ \t]*)$", re.M)
_AUTOEMBED_P = re.compile(r"<p(?:\s[^>]*)?>\s*(https?://[^\s<>\"]+)\s*</p>", re.I)


def _autoembed(text: str, result: ConversionResult) -> str:
    def replace(match: re.Match[str], group: int) -> str:
        url = htmllib.unescape(match.group(group))
        if not _is_oembed_url(url):
            return match.group(0)
        result.counts["embed:autoembed"] += 1
        return _placeholder_embed(url)

    text = _AUTOEMBED_P.sub(lambda m: replace(m, 1), text)
    return _AUTOEMBED_LINE.sub(lambda m: replace(m, 2), text)


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,}$")


def _iframe_embed_url(src: str) -> str | None:
    """Watch-page URL for a YouTube/Vimeo player iframe, else ``None``."""
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src
    if not _is_absolute_http(src):
        return None
    parts = urlsplit(src)
    host = _host(src)
    segments = [s for s in parts.path.split("/") if s]
    if host in ("youtube.com", "youtube-nocookie.com"):
        if segments[:1] == ["embed"] and len(segments) > 1:
            if segments[1] == "videoseries":
                playlist = parse_qs(parts.query).get("list", [""])[0]
                if playlist:
                    return f"https://www.youtube.com/playlist?list={playlist}"
            elif _YOUTUBE_ID.match(segments[1]):
                return f"https://www.youtube.com/watch?v={segments[1]}"
        return src
    if host == "player.vimeo.com":
        if len(segments) > 1 and segments[0] == "video" and segments[1].isdigit():
            return f"https://vimeo.com/{segments[1]}"
        return src
    return None


# --------------------------------------------------------------------------
# Shortcodes
# --------------------------------------------------------------------------

# Modelled on get_shortcode_regex() (wp-includes/shortcodes.php) but for any
# ASCII name, since we do not know which plugins the source site had.  Only
# the opening tag is matched here; the closing tag is found with str.find, so
# text full of unmatched "[" stays linear (one regex cannot guarantee that):
#   1 "[" of an escaped [[code]]    2 name    3 attributes
#   4 "/" of a self-closing [code /]    5 "]" of an escaped [[code]]
_SHORTCODE = re.compile(
    r"\[(\[?)([A-Za-z][A-Za-z0-9_-]*)(?![A-Za-z0-9_-])"
    r"([^\[\]/]*(?:/(?!\])[^\[\]/]*)*)"
    r"(/)?\](\]?)"
)
_SHORTCODE_CLOSE = re.compile(r"\[/([A-Za-z][A-Za-z0-9_-]*)\]")

# shortcode_parse_atts(): name="v", name='v', name=v, "v", 'v', v
_SHORTCODE_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)

_IMG_TAG = re.compile(r"<img\b[^>]*>", re.I)
_EMPTY_ANCHOR = re.compile(r"<a\b[^>]*>\s*</a>", re.I)
_ATTACHMENT_ID = re.compile(r"attachment_(\d+)")


def _parse_atts(text: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    positional: list[str] = []
    # WordPress turns non-breaking and zero-width spaces into plain spaces.
    text = re.sub("[\u00a0\u200b]+", " ", text)
    for m in _SHORTCODE_ATTR.finditer(text):
        if m.group(1):
            named[m.group(1).lower()] = m.group(2)
        elif m.group(3):
            named[m.group(3).lower()] = m.group(4)
        elif m.group(5):
            named[m.group(5).lower()] = m.group(6)
        else:
            value = next(g for g in m.groups()[6:] if g is not None)
            positional.append(value)
    return named, positional


def _looks_like_shortcode_atts(attrs: str) -> bool:
    """Tell ``[foo x=1]``/``[foo "a"]``/``[youtube https://…]`` from prose.

    An unknown ``[see below]`` or ``[sic]`` in an article is text, not a
    plugin call: only ``key=value``, quoted, numeric and URL tokens count.
    """
    if "<" in attrs or "\n" in attrs:
        return False
    named, positional = _parse_atts(attrs)
    if not named and not positional:
        return False
    return all(
        p.isdigit() or p.startswith(("http://", "https://", "=")) or p == ""
        for p in positional
    )


class _Shortcodes:
    def __init__(self, result: ConversionResult) -> None:
        self.result = result

    def apply(self, text: str) -> str:
        if "[" not in text:
            return text
        closers = set(_SHORTCODE_CLOSE.findall(text))
        out: list[str] = []
        pos = 0
        while (m := _SHORTCODE.search(text, pos)) is not None:
            out.append(text[pos : m.start()])
            name, inner, end = m.group(2), None, m.end()
            escaped = m.group(1) == "[" and m.group(5) == "]"
            if not m.group(4) and not escaped and name in closers:
                close = text.find(f"[/{name}]", m.end())
                if close >= 0:
                    inner, end = text[m.end() : close], close + len(name) + 3
            out.append(self._replace(m, inner, escaped=escaped))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _replace(self, m: re.Match[str], inner: str | None, *, escaped: bool) -> str:
        if escaped:
            # [[caption]] is how authors write a literal "[caption]".
            self.result.counts["shortcode:escaped"] += 1
            return m.group(0)[1:-1]
        # An unescaped "[[x]" / "[x]]": keep the stray brackets as text.
        prefix, suffix = m.group(1), m.group(5)
        name = m.group(2).lower()
        raw_attrs, self_closing = m.group(3), m.group(4)
        named, positional = _parse_atts(raw_attrs)
        handler = {
            "caption": self._caption,
            "wp_caption": self._caption,
            "embed": self._embed,
            "gallery": self._gallery,
            "youtube": self._video,
            "vimeo": self._video,
        }.get(name)
        if handler is not None:
            key = "caption" if name == "wp_caption" else name
            self.result.counts[f"shortcode:{key}"] += 1
            return prefix + handler(name, named, positional, inner or "") + suffix
        is_shortcode = (
            inner is not None
            or self_closing
            or "_" in name
            or "-" in name
            or _looks_like_shortcode_atts(raw_attrs)
        )
        if not is_shortcode:
            return m.group(0)  # "[sic]", "[see below]": ordinary text
        self.result.counts["shortcode:unknown"] += 1
        self.result.counts[f"shortcode:{name}"] += 1
        if inner is None:
            self.result.warn(f"Unknown shortcode [{name}] was removed.")
            return prefix + suffix
        self.result.warn(f"Unknown shortcode [{name}] was replaced by its inner text.")
        return prefix + self.apply(inner) + suffix

    def _caption(
        self, name: str, named: dict[str, str], positional: list[str], inner: str
    ) -> str:
        inner = self.apply(inner)
        img = _IMG_TAG.search(inner)
        if img is None:
            self.result.warn("A [caption] without an image was kept as text.")
            return inner
        rest = _EMPTY_ANCHOR.sub("", inner[: img.start()] + inner[img.end() :])
        # WordPress < 3.4 kept the caption in an attribute; later in the body.
        caption = html_to_text(rest) or html_to_text(named.get("caption", ""))
        ident = _ATTACHMENT_ID.search(named.get("id", ""))
        id_attr = f' id="attachment_{ident.group(1)}"' if ident else ""
        return (
            f"\n\n<figure{id_attr}>{img.group(0)}"
            f"<figcaption>{htmllib.escape(caption)}</figcaption></figure>\n\n"
        )

    def _embed(
        self, name: str, named: dict[str, str], positional: list[str], inner: str
    ) -> str:
        url = htmllib.unescape(inner.strip() or named.get("src", ""))
        return _placeholder_embed(url)

    def _video(
        self, name: str, named: dict[str, str], positional: list[str], inner: str
    ) -> str:
        # Jetpack: [youtube https://…], [youtube=https://…], [vimeo 123456].
        value = (positional[0] if positional else inner).strip().lstrip("=")
        value = htmllib.unescape(value)
        if name == "vimeo" and value.isdigit():
            value = f"https://vimeo.com/{value}"
        elif name == "youtube" and _YOUTUBE_ID.match(value):
            value = f"https://www.youtube.com/watch?v={value}"
        return _placeholder_embed(value)

    def _gallery(
        self, name: str, named: dict[str, str], positional: list[str], inner: str
    ) -> str:
        ids = re.findall(r"\d+", named.get("ids") or named.get("include") or "")
        if not ids:
            # Without ids WordPress shows every image attached to the post;
            # the loader could rebuild that from attachments' post_parent.
            self.result.counts["gallery:no_ids"] += 1
            self.result.warn(
                "A [gallery] without ids (all attached images) was dropped."
            )
            return ""
        return f'\n\n<khabar-gallery ids="{",".join(ids)}"></khabar-gallery>\n\n'


# --------------------------------------------------------------------------
# HTML → blocks
# --------------------------------------------------------------------------

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INLINE = frozenset({"b", "strong", "i", "em"})
# Tags that end a paragraph (autop "blocks"); their own markup is dropped.
_BREAKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "center",
        "address",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "dl",
        "dt",
        "dd",
        "hr",
        "form",
        "fieldset",
        "details",
        "summary",
        "figure",
        "figcaption",
        "pre",
        "li",
        "ul",
        "ol",
    }
)
# Headings end at any of these: an unclosed <h2> must not swallow the article.
_HEADING_ENDERS = (_BREAKS - {"li"}) | _HEADINGS | {"blockquote"}
# Removed together with everything inside them.
_DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "textarea",
        "select",
        "head",
        "title",
        "object",
        "applet",
        "svg",
        "math",
        "audio",
        "video",
        "canvas",
        "button",
        "noembed",
        "noframes",
        "frameset",
    }
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
     "param", "source", "track", "wbr"}
)  # fmt: skip
_SPACES = re.compile(r"[ \t\n\r\f\v]+")
_SPACES_NO_NL = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\xa0]*\n\s*")
# Whitespace/<br> at the start or end of a paragraph or list item, also inside
# inline tags that open or close it ("<p><b> x" / "x <br></b></p>").
_EDGE_BREAKS = re.compile(
    r"((?:<p>|<li>)(?:<(?:b|strong|i|em)>|<a [^>]*>)*)(?:\s|<br>|&nbsp;)+"
    r"|(?:\s|<br>|&nbsp;)+((?:</(?:b|strong|i|em|a)>)*(?:</p>|</li>))"
)
_STRUCTURE_SPACE = re.compile(r"\s*(</?(?:p|ul|ol|li)>)\s*")
_EMPTY_INLINE = re.compile(r"<(b|strong|i|em|a)(?:\s[^>]*)?>(?:\s|&nbsp;)*</\1>")


def _has_text(clean: str) -> bool:
    """``bool(html_to_text(clean))`` for sanitised HTML, cheaply when possible:
    without attributes the text is what is left between the tags
    (:func:`~khabar.sanitize.strip_bare_tags`); ``html_to_text`` treats the
    no-break space as a space, and so does this.
    """
    text = strip_bare_tags(clean)
    if text is None:
        return bool(html_to_text(clean))
    if "&" in text:
        text = htmllib.unescape(text)
    return bool(text.replace("\xa0", " ").strip())


_TWEET_URL = re.compile(
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status/\d+"
)


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


@dataclass
class _Heading:
    parts: list[str] = field(default_factory=list)


@dataclass
class _Quote:
    depth: int = 1
    parts: list[str] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)
    in_cite: int = 0
    embed_kind: str = ""  # "twitter" / "instagram" for social embed markup
    permalink: str = ""
    hrefs: list[str] = field(default_factory=list)


@dataclass
class _List:
    depth: int = 1
    parts: list[str] = field(default_factory=list)


@dataclass
class _Figure:
    attachment_id: int | None
    image: dict[str, Any] | None = None
    caption: list[str] = field(default_factory=list)
    in_caption: int = 0


Attrs = list[tuple[str, str | None]]


class _Builder(HTMLParser):
    """Token-driven state machine producing blocks (see module docstring)."""

    def __init__(self, *, classic: bool, result: ConversionResult) -> None:
        super().__init__(convert_charrefs=True)
        self.classic = classic
        self.result = result
        self.blocks = result.blocks
        self._para: list[str] = []
        self._inline: list[tuple[str, str]] = []  # open inline tags, with markup
        self._container: _Heading | _Quote | _List | None = None
        self._deferred: list[Block] = []
        self._figures: list[_Figure] = []
        self._pre = 0
        self._skip: str | None = None
        self._skip_depth = 0

    # -- output -----------------------------------------------------------

    def _emit(self, block: Block) -> None:
        """Add a non-paragraph block, after the text that precedes it."""
        if self._container is not None:
            # Images inside a list/quote/heading follow the container.
            self._deferred.append(block)
            return
        self._flush(reopen=True)
        self.blocks.append(block)

    def _flush(self, *, reopen: bool) -> None:
        """End the current paragraph; ``reopen`` keeps inline formatting open."""
        closing = "".join(
            f"</{tag}>" for tag, markup in reversed(self._inline) if markup
        )
        body = "".join(self._para) + closing
        if reopen:
            self._para = [markup for _tag, markup in self._inline]
        else:
            self._para, self._inline = [], []
        self._add_rich_text(f"<p>{body}</p>")

    def _add_rich_text(self, html: str) -> None:
        clean = _STRUCTURE_SPACE.sub(r"\1", sanitize_html(html))
        # Leftovers of split paragraphs: "<p><br>x" and "<a href=…></a>" around
        # an image that was lifted out.  A few passes peel realistic nesting;
        # a fixed bound keeps hostile input (20 000 nested <b>) linear.
        for _ in range(4):
            previous = clean
            clean = _EMPTY_INLINE.sub("", _EDGE_BREAKS.sub(r"\1\2", clean))
            if clean == previous:
                break
        if _has_text(clean):
            self.blocks.append(("paragraph", clean))

    def _paragraph_break(self) -> None:
        container = self._container
        if isinstance(container, _Heading):
            container.parts.append(" ")
        elif isinstance(container, _Quote):
            (container.attribution if container.in_cite else container.parts).append(
                "\n"
            )
        elif isinstance(container, _List):
            container.parts.append("<br>")
        else:
            self._flush(reopen=False)

    # -- containers -------------------------------------------------------

    def _open(self, container: _Heading | _Quote | _List) -> None:
        self._flush(reopen=False)
        self._container = container

    def _close_container(self) -> None:
        container, self._container = self._container, None
        if isinstance(container, _Heading):
            text = _collapse("".join(container.parts))
            if text:
                self.blocks.append(("heading", text))
        elif isinstance(container, _Quote):
            self._finish_quote(container)
        elif isinstance(container, _List):
            self._add_rich_text("".join(container.parts))
        deferred, self._deferred = self._deferred, []
        self.blocks.extend(deferred)

    def _finish_quote(self, quote: _Quote) -> None:
        if quote.embed_kind:
            url = quote.permalink
            if quote.embed_kind == "twitter":
                # The last status link is the tweet itself; drop ?ref_src=….
                matches = (_TWEET_URL.match(h) for h in reversed(quote.hrefs))
                url = next((m.group(0) for m in matches if m), "")
            if url and _is_absolute_http(url):
                self.result.counts[f"embed:{quote.embed_kind}"] += 1
                self.blocks.append(("embed", {"url": url}))
                return
        lines = (_collapse(line) for line in "".join(quote.parts).split("\n"))
        text = "\n".join(line for line in lines if line)
        attribution = _collapse("".join(quote.attribution)).lstrip("—–-― ").strip()
        if text:
            self.blocks.append(("quote", {"text": text, "attribution": attribution}))

    # -- images -----------------------------------------------------------

    def _image(self, attrs: dict[str, str]) -> None:
        classes = attrs.get("class", "")
        if "wp-smiley" in classes or "emoji" in classes.split():
            # WordPress replaces emoji with <img class="wp-smiley" alt="😀">.
            self.result.counts["image:emoji"] += 1
            self.handle_data(attrs.get("alt", ""))
            return
        src = (
            attrs.get("data-lazy-src")
            or attrs.get("data-src")
            or attrs.get("src")
            or ""
        ).strip()
        if not src or not is_safe_url(src, schemes=frozenset({"http", "https"})):
            self.result.counts["image:skipped"] += 1
            self.result.warn("An image without a usable http(s) src was dropped.")
            return
        match = re.search(r"\bwp-image-(\d+)\b", classes)
        frame = self._figures[-1] if self._figures else None
        attachment_id = int(match.group(1)) if match else None
        if attachment_id is None and frame is not None:
            attachment_id = frame.attachment_id
        image = {
            "src": src,
            "alt": _collapse(attrs.get("alt", "")),
            "caption": "",
            "credit": "",
            "attachment_id": attachment_id,
        }
        if frame is not None and frame.image is None:
            frame.image = image  # emitted with its caption at </figure>
            return
        self.result.counts["image:inline"] += 1
        self._emit(("image", image))

    def _close_figure(self) -> None:
        frame = self._figures.pop()
        caption = _collapse("".join(frame.caption))
        if frame.image is not None:
            frame.image["caption"] = caption
            self.result.counts["image:figure"] += 1
            self._emit(("image", frame.image))
        elif caption:
            # <figure class="wp-block-table"><table>…<figcaption>: keep the text.
            self._emit(("paragraph", f"<p>{htmllib.escape(caption, quote=False)}</p>"))

    # -- tokenizer callbacks ----------------------------------------------

    def handle_starttag(self, tag: str, attr_list: Attrs) -> None:
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth += 1
            return
        attrs = {name: value or "" for name, value in attr_list}
        container = self._container

        if isinstance(container, _Heading) and tag in _HEADING_ENDERS:
            self._close_container()
            container = None

        if tag in _DROP_WITH_CONTENT:
            self.result.counts[f"dropped:{tag}"] += 1
            if tag in ("audio", "video", "object"):
                self.result.warn(f"A <{tag}> element was dropped; re-add it by hand.")
            self._skip, self._skip_depth = tag, 1
        elif tag == "iframe":
            self._iframe(attrs)
            self._skip, self._skip_depth = tag, 1
        elif tag == "khabar-embed":
            self._embed(attrs.get("src", ""))
        elif tag == "khabar-gallery":
            for ident in attrs.get("ids", "").split(","):
                if ident.isdigit():
                    self.result.counts["image:gallery"] += 1
                    self._emit(
                        (
                            "image",
                            {
                                "src": "",
                                "alt": "",
                                "caption": "",
                                "credit": "",
                                "attachment_id": int(ident),
                            },
                        )
                    )
        elif tag == "img":
            self._image(attrs)
        elif tag == "figure":
            self._paragraph_break()
            found = _ATTACHMENT_ID.search(attrs.get("id", ""))
            self._figures.append(_Figure(int(found.group(1)) if found else None))
        elif tag == "figcaption" and self._figures:
            self._figures[-1].in_caption += 1
        elif tag in _HEADINGS and container is None:
            self._open(_Heading())
        elif tag == "blockquote":
            self._start_quote(attrs)
        elif tag in ("ul", "ol"):
            if isinstance(container, _List):
                container.depth += 1
                container.parts.append(f"<{tag}>")
            elif container is None:
                self._open(_List(parts=[f"<{tag}>"]))
            else:
                self._paragraph_break()
        elif tag == "li" and isinstance(container, _List):
            container.parts.append("<li>")
        elif tag in ("cite", "footer") and isinstance(container, _Quote):
            container.in_cite += 1
        elif tag == "br":
            self._br()
        elif tag == "a":
            self._start_link(attrs)
        elif tag in _INLINE:
            self._start_inline(tag, f"<{tag}>")
        elif tag in ("td", "th"):
            self.handle_data(" ")
        elif tag in _BREAKS:
            self._paragraph_break()
            if tag == "pre":
                self._pre += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip = None
            return
        container = self._container
        if tag in _HEADINGS and isinstance(container, _Heading):
            self._close_container()
        elif tag == "blockquote" and isinstance(container, _Quote):
            container.depth -= 1
            if container.depth == 0:
                self._close_container()
            else:
                container.parts.append("\n")
        elif tag in ("ul", "ol") and isinstance(container, _List):
            container.parts.append(f"</{tag}>")
            container.depth -= 1
            if container.depth == 0:
                self._close_container()
        elif tag == "li" and isinstance(container, _List):
            container.parts.append("</li>")
        elif (
            tag in ("cite", "footer")
            and isinstance(container, _Quote)
            and container.in_cite
        ):
            container.in_cite -= 1
        elif tag == "figure" and self._figures:
            self._close_figure()
            self._paragraph_break()
        elif tag == "figcaption" and self._figures and self._figures[-1].in_caption:
            self._figures[-1].in_caption -= 1
        elif tag == "a" or tag in _INLINE:
            self._end_inline(tag)
        elif tag in _BREAKS:
            if tag == "pre" and self._pre:
                self._pre -= 1
            self._paragraph_break()

    def handle_startendtag(self, tag: str, attrs: Attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._skip is not None or not data:
            return
        if self._figures and self._figures[-1].in_caption:
            self._figures[-1].caption.append(data)
            return
        container = self._container
        if isinstance(container, _Heading):
            if self.classic and (blank := _BLANK_LINE.search(data)):
                # autop: a blank line ends even an unclosed heading.
                container.parts.append(data[: blank.start()])
                self._close_container()
                self.handle_data(data[blank.end() :])
            else:
                container.parts.append(data)
        elif isinstance(container, _Quote):
            text = data if (self.classic or self._pre) else _SPACES.sub(" ", data)
            (container.attribution if container.in_cite else container.parts).append(
                text
            )
        elif isinstance(container, _List):
            # Whitespace between <li>s is layout, not text.
            container.parts.append(self._rich_text(data) if data.strip() else " ")
        elif self.classic and not self._pre:
            # wpautop: a blank line ends the paragraph (formatting carries on
            # into the next one, as browsers render WordPress's output).
            for index, chunk in enumerate(_BLANK_LINE.split(data)):
                if index:
                    self._flush(reopen=True)
                self._para.append(self._rich_text(chunk))
        else:
            self._para.append(self._rich_text(data))

    def _rich_text(self, data: str) -> str:
        if self._pre:
            return htmllib.escape(data, quote=False).replace("\n", "<br>")
        if self.classic:
            text = _SPACES_NO_NL.sub(" ", data)
            return htmllib.escape(text, quote=False).replace("\n", "<br>")
        return htmllib.escape(_SPACES.sub(" ", data), quote=False)

    # -- element helpers --------------------------------------------------

    def _br(self) -> None:
        container = self._container
        if self._figures and self._figures[-1].in_caption:
            self._figures[-1].caption.append(" ")
        elif isinstance(container, _Heading):
            container.parts.append(" ")
        elif isinstance(container, _Quote):
            (container.attribution if container.in_cite else container.parts).append(
                "\n"
            )
        elif isinstance(container, _List):
            container.parts.append("<br>")
        else:
            self._para.append("<br>")

    def _start_quote(self, attrs: dict[str, str]) -> None:
        container = self._container
        if isinstance(container, _Quote):
            container.depth += 1
            container.parts.append("\n")
            return
        if container is not None:
            self._paragraph_break()
            return
        classes = attrs.get("class", "").split()
        quote = _Quote()
        if "twitter-tweet" in classes:
            quote.embed_kind = "twitter"
        elif "instagram-media" in classes:
            quote.embed_kind = "instagram"
            quote.permalink = attrs.get("data-instgrm-permalink", "").split("?")[0]
        self._open(quote)

    def _start_link(self, attrs: dict[str, str]) -> None:
        href = attrs.get("href", "").strip()
        container = self._container
        if isinstance(container, _Quote):
            container.hrefs.append(href)
            return
        if href and not is_safe_url(href):
            self.result.counts["dropped:unsafe_url"] += 1
            self.result.warn(
                "A link with an unsafe URL (javascript:, data:, …) was removed."
            )
            href = ""
        markup = f'<a href="{htmllib.escape(href)}">' if href else ""
        self._start_inline("a", markup)

    def _start_inline(self, tag: str, markup: str) -> None:
        container = self._container
        if isinstance(container, _List):
            container.parts.append(markup)
        elif container is None:
            self._inline.append((tag, markup))
            self._para.append(markup)

    def _end_inline(self, tag: str) -> None:
        container = self._container
        if isinstance(container, _List):
            container.parts.append(f"</{tag}>")  # nh3 drops it if unmatched
            return
        if container is not None or all(t != tag for t, _m in self._inline):
            return  # stray end tag: ignore, like a browser
        while self._inline:
            open_tag, markup = self._inline.pop()
            if markup:
                self._para.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def _iframe(self, attrs: dict[str, str]) -> None:
        src = attrs.get("src") or attrs.get("data-src") or ""
        url = _iframe_embed_url(src)
        if url is None:
            self.result.counts["dropped:iframe"] += 1
            src = src.strip()
            host = _host("https:" + src if src.startswith("//") else src)
            self.result.warn(
                f"An <iframe> from {host or 'an unknown source'} was dropped; "
                "only YouTube and Vimeo players are converted to embeds."
            )
            return
        self.result.counts["embed:iframe"] += 1
        self._emit(("embed", {"url": url}))

    def _embed(self, url: str) -> None:
        url = url.strip()
        if not _is_absolute_http(url):
            self.result.counts["dropped:unsafe_url"] += 1
            self.result.warn("An embed without an http(s) URL was dropped.")
            return
        self._emit(("embed", {"url": url}))

    def finish(self) -> None:
        """Close whatever the soup left open, in a browser-like way."""
        self._skip = None
        while self._figures:
            self._close_figure()
        if self._container is not None:
            self._close_container()
        self._flush(reopen=False)
