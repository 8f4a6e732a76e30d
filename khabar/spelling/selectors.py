"""Reads of spelling-variant groups at query time: expansion and "did you mean".

Both read one :class:`VariantTable`, built from the database and kept in the
Django cache under a version token that every change replaces
(:func:`khabar.spelling.services.variants_changed`), and memoised per process
for that token, so a query costs one cache read (which search makes in one
batch with its own: :data:`query_alternatives.cache_keys`)::

    >>> query_alternatives(["ترمب", "حرب"])  # the analysed query terms
    [['ترامب'], []]
    >>> term_alternatives("ترمب")
    ['ترامب']
    >>> expand_terms(["ترمب", "حرب"])
    [['ترمب', 'ترامب'], ['حرب']]
    >>> suggest(query="تصريحات ترمب")
    'تصريحات ترامب'

:func:`query_alternatives` is the search app's expander
(``KHABAR_SEARCH_TERM_EXPANDERS``): the search ranks alternatives below the
typed term, so the reader's own spelling is never ranked below its variants.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from khabar.search.arabic import normalize, stem
from khabar.search.arabic.stopwords import STOPWORDS

from .discovery import build_expansions, core_of
from .models import ArchiveTerm, VariantGroup, VariantTerm

VERSION_KEY = "spelling:version"
TABLE_KEY = "spelling:table:{}"
TABLE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class VariantTable:
    """What query time needs, as plain dicts."""

    #: analysed term (stem) → other spellings (cores), most used first
    expansions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: spelling (core) → (the group's shown spelling, its frequency, own frequency)
    spellings: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    #: spelling (core) → occurrences in the archive ("did you mean" for typos)
    dictionary: dict[str, int] = field(default_factory=dict)


def auto_confidence() -> float:
    """Suggested groups at least this confident apply without review."""
    return float(getattr(settings, "KHABAR_SPELLING_AUTO_CONFIDENCE", 0.7))


def applied_groups() -> list[VariantGroup]:
    """Groups used for expansion: accepted, or suggested and confident enough."""
    return list(
        VariantGroup.objects.filter(
            Q(status=VariantGroup.Status.ACCEPTED)
            | Q(status=VariantGroup.Status.SUGGESTED, confidence__gte=auto_confidence())
        ).prefetch_related("terms")
    )


def variant_table_build() -> VariantTable:
    """Build the table from the database (a cache fill)."""
    applied = applied_groups()
    blocked = set()
    rejected = VariantTerm.objects.filter(group__status=VariantGroup.Status.REJECTED)
    by_group: dict[int, list[str]] = {}
    for group_id, term in rejected.values_list("group_id", "term"):
        by_group.setdefault(group_id, []).append(term)
    for terms in by_group.values():
        blocked.update(frozenset((a, b)) for a in terms for b in terms if a != b)
    expansions = build_expansions(
        [t.term for t in group.terms.all()] for group in applied
    )
    if blocked:
        stems: dict[str, set[str]] = {}
        for group in applied:
            for t in group.terms.all():
                stems.setdefault(t.stem, set()).add(t.term)
        expansions = {
            key: kept
            for key, alts in expansions.items()
            if (
                kept := tuple(
                    alt
                    for alt in alts
                    if not any(
                        frozenset((own, alt)) in blocked for own in stems.get(key, ())
                    )
                )
            )
        }
    spellings: dict[str, tuple[str, int, int]] = {}
    suggestible = VariantGroup.objects.exclude(
        status=VariantGroup.Status.REJECTED
    ).prefetch_related("terms")
    for group in suggestible:
        terms = list(group.terms.all())
        if not terms:
            continue
        top = max(terms, key=lambda t: t.frequency)
        shown = group.display if group.display else top.term
        for t in terms:
            if t.term != top.term:
                spellings.setdefault(t.term, (shown, top.frequency, t.frequency))
    dictionary = dict(ArchiveTerm.objects.values_list("term", "frequency"))
    return VariantTable(
        expansions=expansions, spellings=spellings, dictionary=dictionary
    )


_LOCAL: dict[str, VariantTable] = {}
_UNVERSIONED: list[tuple[float, VariantTable]] = []
#: Without a version in the cache (the cache is down or was flushed), a
#: process rebuilds its table at most this often.
UNVERSIONED_SECONDS = 60.0


def variant_table(*, cached: Mapping[str, Any] | None = None) -> VariantTable:
    """The current table: per-process memo, then the cache, then the database.

    ``cached``: what the caller already read from the cache in one batch with
    :data:`VERSION_KEY` among the keys (the key left out was missed).
    """
    version = cache.get(VERSION_KEY) if cached is None else cached.get(VERSION_KEY)
    if version is not None and version in _LOCAL:
        return _LOCAL[version]
    if version is None and _UNVERSIONED:
        built, table = _UNVERSIONED[0]
        if time.monotonic() - built < UNVERSIONED_SECONDS:
            return table
    table = cache.get(TABLE_KEY.format(version)) if version is not None else None
    if table is None:
        table = variant_table_build()
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(VERSION_KEY, version, None):
                version = cache.get(VERSION_KEY)
        if version is None:  # the cache does not answer
            _UNVERSIONED[:] = [(time.monotonic(), table)]
            return table
        cache.set(TABLE_KEY.format(version), table, TABLE_SECONDS)
    _UNVERSIONED.clear()
    _LOCAL.clear()
    _LOCAL[version] = table
    return table


def query_alternatives(
    terms: Sequence[str], *, cached: Mapping[str, Any] | None = None
) -> list[list[str]]:
    """Other spellings of each analysed query term, in order: the search
    app's expander, called once per search (one table read for the query).

    Its ``cache_keys`` tell search to read the table's version with its own
    cache reads, in one batch, and to pass it as ``cached``.
    """
    expansions = variant_table(cached=cached).expansions
    return [list(expansions.get(term, ())) for term in terms]


query_alternatives.cache_keys = (VERSION_KEY,)  # type: ignore[attr-defined]


def term_alternatives(term: str) -> list[str]:
    """Other spellings of one analysed query term."""
    return query_alternatives([term])[0]


def expand_terms(terms: list[str]) -> list[list[str]]:
    """For each analysed query term: the typed term first, then its variants."""
    expansions = variant_table().expansions
    return [[term, *expansions.get(term, ())] for term in terms]


#: "Did you mean" proposes the archive's spelling when it is this many times
#: more frequent than the typed one.
SUGGEST_RATIO = 2
#: For a spelling outside the known groups (a typo, an unseen variant), the
#: archive's word must be this many times more frequent than the typed one …
TYPO_RATIO = 10
#: … and used at least this often.
TYPO_MIN_FREQUENCY = 20
#: Shorter words are left alone: most three-letter words are one letter
#: away from a more frequent one.
TYPO_MIN_LENGTH = 4


def suggest(*, query: str) -> str | None:
    """The query with each rare spelling replaced by the archive's usual one.

    ``None`` when nothing would change.  Words keep their conjunction and
    article (``والكونجرس`` → ``والكونغرس``); other words are left as typed.
    A word of a known group gets the group's usual spelling; any other rare
    word gets the most used archive word at most two edits away
    (:func:`closest_spelling`), when that is much more frequent.
    """
    table = variant_table()
    if not (table.spellings or table.dictionary) or not query:
        return None
    words = query.split()
    changed = False
    for i, word in enumerate(words):
        token = normalize(word)
        core = core_of(token)
        known = table.spellings.get(core)
        shown = None
        if known is not None:
            shown, top, own = known
            if top < SUGGEST_RATIO * max(own, 1):
                shown = None
        elif len(core) >= TYPO_MIN_LENGTH and core not in STOPWORDS:
            shown = closest_spelling(core, table)
        if shown and stem(core_of(shown)) != stem(core):
            words[i] = token[: len(token) - len(core)] + shown
            changed = True
    return " ".join(words) if changed else None


def search_suggestion(*, query: str, count: int) -> str | None:
    """ "Did you mean" for a search that found fewer than a few stories."""
    if count >= int(getattr(settings, "KHABAR_SPELLING_SUGGEST_BELOW", 10)):
        return None
    return suggest(query=query)


# --- Typos and unseen spellings ------------------------------------------------------


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count one), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[-1], limit + 1)


@dataclass
class _TypoIndex:
    """Frequent archive words by themselves and by each one-letter deletion."""

    table: VariantTable
    keys: dict[str, list[str]]


_TYPO: list[_TypoIndex] = []


def _typo_index(table: VariantTable) -> dict[str, list[str]]:
    if _TYPO and _TYPO[0].table is table:
        return _TYPO[0].keys
    keys: dict[str, list[str]] = {}
    for term, frequency in table.dictionary.items():
        if frequency >= TYPO_MIN_FREQUENCY:
            for key in _deletes(term) | {term}:
                keys.setdefault(key, []).append(term)
    _TYPO[:] = [_TypoIndex(table, keys)]
    return keys


def closest_spelling(core: str, table: VariantTable | None = None) -> str | None:
    """The archive word most likely meant by the rare word ``core``, or ``None``.

    Candidates are the words used at least :data:`TYPO_MIN_FREQUENCY` times
    and :data:`TYPO_RATIO` times as often as ``core``, one edit away (a
    letter added, dropped, changed or two letters swapped; two edits for
    words of six letters or more, found by deleting up to two letters from
    the typed word and one from the archive's); the nearest, then the most
    used, wins.
    """
    table = table or variant_table()
    own = table.dictionary.get(core, 0)
    floor = max(TYPO_MIN_FREQUENCY, TYPO_RATIO * max(own, 1))
    limit = 2 if len(core) >= 6 else 1
    index = _typo_index(table)
    probes = {core} | _deletes(core)
    if limit > 1:
        probes |= {d for first in _deletes(core) for d in _deletes(first)}
    best: tuple[int, int, str] | None = None
    frequency = table.dictionary
    for probe in probes:
        for term in index.get(probe, ()):
            if term == core or frequency[term] < floor:
                continue
            distance = edit_distance(core, term, limit)
            if distance > limit:
                continue
            rank = (distance, -frequency[term], term)
            if best is None or rank < best:
                best = rank
    return best[2] if best else None
