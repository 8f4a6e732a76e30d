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
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, islice
from operator import not_

from .query import index_terms

__all__ = ["Segment", "snippet", "snippet_html"]

_WORD_RE = re.compile(r"\S+")
#: Words scanned for the best window; a match deeper in a long story is
#: rarely the best excerpt, and this bounds the work per result.
MAX_SCAN_WORDS = 800


@lru_cache(maxsize=MAX_SCAN_WORDS)
def _skip_words(count: int) -> re.Pattern[str]:
    """A pattern matching the text up to its ``count``-th word (0-based)."""
    return re.compile(r"\s*(?:\S+\s+){%d}" % count)  # noqa: UP031


class _WordTerms(dict):
    """Written word → its index terms, filled on first use (news vocabulary
    repeats). A dict, not ``lru_cache``: looked up a few hundred times per
    result, in C (``map``); emptied when it reaches :data:`WORD_CACHE_SIZE`."""

    def __missing__(self, word: str) -> frozenset[str]:
        if len(self) >= WORD_CACHE_SIZE:
            self.clear()
        terms = self[word] = frozenset(index_terms(word))
        return terms


WORD_CACHE_SIZE = 200_000
_WORD_TERMS = _WordTerms()


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    match: bool


def _window(marks: list[bool], size: int) -> int:
    """Start of the ``size``-word window with the most marked words (the
    earliest such), moved to 3 words before its first marked word.

    Only windows that begin at a marked word are counted: any window can be
    moved forward to its first marked word without losing a mark (a window
    cut short by the end of the text holds the marks of the last whole one),
    and the earliest best window begins there. A story of 800 words has a
    few dozen marks, not 800 starts.
    """
    if len(marks) <= size:
        return 0
    positions = list(compress(range(len(marks)), marks))
    best, best_first = 0, 0
    for i, first in enumerate(positions):
        count = bisect_left(positions, first + size, i) - i
        if count > best:
            best, best_first = count, first
    return max(0, best_first - 3) if best else 0


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
        # the words whose terms meet the query's, each judged once, in C calls
        distinct = list(set(written))
        meets = map(
            not_, map(term_set.isdisjoint, map(_WORD_TERMS.__getitem__, distinct))
        )
        matched = set(compress(distinct, meets))
        marks = list(map(matched.__contains__, written))
    else:
        marks = [False] * len(written)
    start = _window(marks, words)
    end = min(len(written), start + words)
    # the character positions of the excerpt's words: skip the words before
    # it in one regular-expression step, then find just these
    skipped = _skip_words(start).match(text).end() if start else 0
    spans = [m.span() for m in islice(_WORD_RE.finditer(text, skipped), end - start)]
    segments: list[Segment] = []
    if start > 0:
        segments.append(Segment("… ", False))
    cursor = spans[0][0]
    for i in range(start, end):
        s, e = spans[i - start]
        if marks[i]:
            if s > cursor:
                segments.append(Segment(text[cursor:s], False))
            segments.append(Segment(text[s:e], True))
            cursor = e
    stop = spans[-1][1]
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
