"""Plain-text comment bodies to safe HTML, and bodies to duplicate keys (pure).

Readers write plain text. Everything they type is escaped; line breaks become
``<br>``; web addresses become links only when the caller says the comment
was approved, and then always with ``rel="nofollow ugc"`` (Google's marking
for user-generated links, https://developers.google.com/search/docs/crawling-indexing/qualify-outbound-links)::

    >>> render_body("<b>مرحبا</b>\\nانظر https://example.com/a?b=1&c=2", linkify=True)
    '&lt;b&gt;مرحبا&lt;/b&gt;<br>انظر <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">https://example.com/a?b=1&amp;c=2</a>'
    >>> render_body("انظر https://example.com", linkify=False)
    'انظر https://example.com'
    >>> duplicate_key("  مـرحبـاً   بكم ") == duplicate_key("مرحبا بكم")
    True
"""

from __future__ import annotations

import hashlib
import html
import re

from khabar.search.arabic import normalize

__all__ = ["duplicate_key", "render_body", "safe_url"]

# http(s) URLs up to whitespace or a character that rarely ends one in prose.
_URL_RE = re.compile(r"https?://[^\s<>\"'،]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»؟؛"


def safe_url(url: str) -> str:
    """``url`` if it is an http(s) address, else an empty string."""
    url = (url or "").strip()
    lowered = url.casefold()
    if lowered.startswith(("http://", "https://")) and len(url) > len("https://"):
        return url
    return ""


def _link(match: re.Match[str]) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        tail = url[-1] + tail
        url = url[:-1]
    text = html.escape(url)
    return (
        f'<a href="{text}" rel="nofollow ugc noopener" target="_blank">{text}</a>'
        f"{html.escape(tail)}"
    )


def render_body(text: str, *, linkify: bool) -> str:
    """Escaped HTML for a plain-text body; links only when ``linkify``."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    lines = []
    for line in text.split("\n"):
        if linkify:
            parts = []
            last = 0
            for match in _URL_RE.finditer(line):
                parts.append(html.escape(line[last : match.start()]))
                parts.append(_link(match))
                last = match.end()
            parts.append(html.escape(line[last:]))
            lines.append("".join(parts))
        else:
            lines.append(html.escape(line))
    return "<br>".join(lines)


def duplicate_key(text: str) -> str:
    """A hash of the body after Arabic normalisation, case-folding and spacing."""
    folded = " ".join(normalize(text or "").casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()
