"""Result snippets with the query's words marked (pure Python, no Django import).

A word is marked when its analysed form is one of the query's terms, so
``الإستخبارات`` in the text is marked for a search on ``استخبارات``::

    >>> segs = snippet("قالت الإستخبارات السورية إنها اعتقلت ثلاثة.", {"استخبار"})
    >>> [(s.text, s.match) for s in segs]
    [('قالت ', False), ('الإستخبارات', True), (' السورية إنها اعتقلت ثلاثة.', False)]

The result is a list of :class:`Segment` so the template escapes the text and
adds the ``<mark>`` itself (no HTML is built here); :func:`snippet_html` does
the same for JSON.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from .query import index_terms

__all__ = ["Segment", "snippet", "snippet_html"]

_WORD_RE = re.compile(r"\S+")
#: Words scanned for the best window; a match deeper in a long story is
#: rarely the best excerpt, and this bounds the work per result.
MAX_SCAN_WORDS = 800


@lru_cache(maxsize=200_000)
def _word_terms(word: str) -> tuple[str, ...]:
    """The index terms of one written word (news vocabulary repeats: memoised)."""
    return tuple(index_terms(word))


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    match: bool


def _window(marks: list[bool], size: int) -> int:
    """Start of the ``size``-word window with the most marked words (earliest)."""
    if len(marks) <= size:
        return 0
    best = current = sum(marks[:size])
    best_start = 0
    for start in range(1, len(marks) - size + 1):
        current += marks[start + size - 1] - marks[start - 1]
        if current > best:
            best, best_start = current, start
    # Start a little before the first match, so it has some context.
    first = next((i for i in range(best_start, best_start + size) if marks[i]), None)
    if first is not None:
        best_start = max(0, first - 3)
    return best_start


def snippet(text: str, terms: Collection[str], *, words: int = 36) -> list[Segment]:
    """An excerpt of about ``words`` words around the densest cluster of matches."""
    if not text:
        return []
    # str.split() and the \S+ pattern cut at the same (Unicode) whitespace; the
    # words are judged once each (a story repeats its words), and character
    # positions are only found for the words up to the end of the excerpt.
    written = text.split(maxsplit=MAX_SCAN_WORDS)[:MAX_SCAN_WORDS]
    if not written:
        return []
    term_set = frozenset(terms)
    if term_set:
        disjoint = term_set.isdisjoint  # one C call a word, no generator
        matched = {word: not disjoint(_word_terms(word)) for word in set(written)}
    else:
        matched = dict.fromkeys(written, False)
    marks = [matched[word] for word in written]
    start = _window(marks, words)
    end = min(len(written), start + words)
    spans = [m.span() for m in islice(_WORD_RE.finditer(text), end)]
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment("… ", False))
    cursor = spans[start][0]
    for i in range(start, end):
        s, e = spans[i]
        if marks[i]:
            if s > cursor:
                segments.append(Segment(text[cursor:s], False))
            segments.append(Segment(text[s:e], True))
            cursor = e
    stop = spans[end - 1][1]
    if stop > cursor:
        segments.append(Segment(text[cursor:stop], False))
    if end < len(written) or len(written) == MAX_SCAN_WORDS:
        segments.append(Segment(" …", False))
    # Merge neighbours of the same kind (whitespace between two marks stays).
    merged: list[Segment] = []
    for seg in segments:
        if merged and merged[-1].match == seg.match and not seg.match:
            merged[-1] = Segment(merged[-1].text + seg.text, False)
        else:
            merged.append(seg)
    return merged


def snippet_html(segments: list[Segment]) -> str:
    """The snippet as escaped HTML with ``<mark>`` around the matches."""
    return "".join(
        f"<mark>{html.escape(s.text)}</mark>" if s.match else html.escape(s.text)
        for s in segments
    )
