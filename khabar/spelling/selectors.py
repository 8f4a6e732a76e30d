"""Reads of spelling-variant groups at query time: expansion and "did you mean".

Both read one :class:`VariantTable`, built from the database and kept in the
Django cache under a version token that every change replaces
(:func:`khabar.spelling.services.variants_changed`), and memoised per process
for that token, so a query costs one cache read::

    >>> term_alternatives("ترمب")          # the analysed query term
    ['ترامب']
    >>> expand_terms(["ترمب", "حرب"])
    [['ترمب', 'ترامب'], ['حرب']]
    >>> suggest(query="تصريحات ترمب")
    'تصريحات ترامب'

:func:`term_alternatives` is the search app's expander
(``KHABAR_SEARCH_TERM_EXPANDERS``): the search ranks alternatives below the
typed term, so the reader's own spelling is never ranked below its variants.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from khabar.search.arabic import normalize, stem

from .discovery import build_expansions, core_of
from .models import VariantGroup, VariantTerm

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
    return VariantTable(expansions=expansions, spellings=spellings)


_LOCAL: dict[str, VariantTable] = {}
_UNVERSIONED: list[tuple[float, VariantTable]] = []
#: Without a version in the cache (the cache is down or was flushed), a
#: process rebuilds its table at most this often.
UNVERSIONED_SECONDS = 60.0


def variant_table() -> VariantTable:
    """The current table: per-process memo, then the cache, then the database."""
    version = cache.get(VERSION_KEY)
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


def term_alternatives(term: str) -> list[str]:
    """Other spellings of an analysed query term (the search app's expander)."""
    return list(variant_table().expansions.get(term, ()))


def expand_terms(terms: list[str]) -> list[list[str]]:
    """For each analysed query term: the typed term first, then its variants."""
    expansions = variant_table().expansions
    return [[term, *expansions.get(term, ())] for term in terms]


#: "Did you mean" proposes the archive's spelling when it is this many times
#: more frequent than the typed one.
SUGGEST_RATIO = 2


def suggest(*, query: str) -> str | None:
    """The query with each rare spelling replaced by the archive's usual one.

    ``None`` when nothing would change.  Words keep their conjunction and
    article (``والكونجرس`` → ``والكونغرس``); other words are left as typed.
    """
    spellings = variant_table().spellings
    if not spellings or not query:
        return None
    words = query.split()
    changed = False
    for i, word in enumerate(words):
        token = normalize(word)
        core = core_of(token)
        known = spellings.get(core)
        if known is None:
            continue
        shown, top, own = known
        if top >= SUGGEST_RATIO * max(own, 1) and stem(core_of(shown)) != stem(core):
            words[i] = token[: len(token) - len(core)] + shown
            changed = True
    return " ".join(words) if changed else None


def search_suggestion(*, query: str, count: int) -> str | None:
    """ "Did you mean" for a search that found fewer than a few stories."""
    if count >= int(getattr(settings, "KHABAR_SPELLING_SUGGEST_BELOW", 10)):
        return None
    return suggest(query=query)
