"""Writes of spelling-variant groups: rebuild, incremental update, review."""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from types import SimpleNamespace

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from khabar.core import cache as page_cache
from khabar.news.models import ArticlePage
from khabar.search.arabic import normalize, stem, tokenize
from khabar.search.arabic.stopwords import STOPWORDS

from .discovery import (
    NATIVE_NAMES,
    CorpusStats,
    core_of,
    discover,
    native_pattern,
    skeleton,
)
from .discovery import (
    VariantGroup as FoundGroup,
)
from .models import ArchiveTerm, VariantGroup, VariantTerm
from .selectors import VERSION_KEY

logger = logging.getLogger("khabar.spelling")

#: Discovered groups at least this confident are stored as suggestions.
SUGGEST_CONFIDENCE = 0.5
#: Confidence of a spelling first seen in a newly published article (below
#: the auto-apply level: an editor or the next rebuild confirms it).
INCREMENTAL_CONFIDENCE = 0.5
EVIDENCE_PAIRS = 10
#: Spellings used at least this often are kept for "did you mean" (typos).
DICTIONARY_MIN_FREQUENCY = 5


def variants_changed() -> None:
    """Tell every process that the groups changed (a new cache version), and
    drop the stored search pages and results, which expanded the old groups."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    page_cache.purge_tags({"search"})


def article_text(article: Page) -> str:
    """Title, lead and body text of an article."""
    from khabar.search.indexing import body_text

    return f"{article.title}\n{body_text(article)}"


def published_texts(*, chunk_size: int = 500) -> Iterator[str]:
    """Texts of the live articles (as :func:`article_text`), streamed.

    Rows, not page objects: building each page costs more than analysing it.
    """
    from khabar.search.indexing import body_text

    rows = (
        ArticlePage.objects.live().order_by("pk").values_list("title", "lead", "body")
    )
    for title, lead, body in rows.iterator(chunk_size=chunk_size):
        yield f"{title}\n{body_text(SimpleNamespace(lead=lead, body=body))}"


@dataclass
class RebuildReport:
    documents: int = 0
    found: int = 0
    created: int = 0
    kept_reviewed: int = 0


def _evidence(group: FoundGroup) -> dict:
    return {
        "pairs": [p.as_dict() for p in group.evidence[:EVIDENCE_PAIRS]],
        "context": list(group.context_words),
        "frequencies": dict(zip(group.members, group.frequencies, strict=True)),
    }


@transaction.atomic
def variants_save(*, groups: Iterable[FoundGroup], stats: CorpusStats) -> RebuildReport:
    """Replace the unreviewed suggestions by ``groups``; keep editors' decisions.

    Accepted, rejected and editor-made groups stay as they are (their
    frequencies are refreshed).  A found group whose spellings an editor
    already judged is stored only with its new spellings, next to the
    accepted group's canonical spelling.
    """
    report = RebuildReport(documents=stats.n_docs)
    VariantGroup.objects.filter(
        status=VariantGroup.Status.SUGGESTED, source=VariantGroup.Source.AUTO
    ).delete()
    reviewed = VariantTerm.objects.select_related("group")
    claimed: dict[str, VariantGroup] = {t.term: t.group for t in reviewed}
    report.kept_reviewed = len({g.pk for g in claimed.values()})
    refreshed = []
    for term in reviewed:
        term.frequency = stats.frequency(term.term)
        refreshed.append(term)
    VariantTerm.objects.bulk_update(refreshed, ["frequency"], batch_size=500)

    new_groups: list[VariantGroup] = []
    new_terms: list[list[tuple[str, int]]] = []
    for found in groups:
        if found.confidence < SUGGEST_CONFIDENCE:
            continue
        report.found += 1
        fresh = [
            (m, f)
            for m, f in zip(found.members, found.frequencies, strict=True)
            if m not in claimed
        ]
        if not fresh:
            continue
        accepted = {
            claimed[m].canonical
            for m in found.members
            if m in claimed and claimed[m].status == VariantGroup.Status.ACCEPTED
        }
        members = [(c, stats.frequency(c)) for c in sorted(accepted)] + fresh
        if len(members) < 2:
            continue
        members.sort(key=lambda item: -item[1])
        new_groups.append(
            VariantGroup(
                canonical=members[0][0],
                skeleton=skeleton(members[0][0]),
                confidence=found.confidence,
                evidence=_evidence(found),
            )
        )
        new_terms.append(members)
    VariantGroup.objects.bulk_create(new_groups, batch_size=500)
    VariantTerm.objects.bulk_create(
        [
            VariantTerm(group=group, term=term, stem=stem(term), frequency=freq)
            for group, members in zip(new_groups, new_terms, strict=True)
            for term, freq in members
        ],
        batch_size=1000,
    )
    report.created = len(new_groups)
    archive_terms_save(stats=stats)
    transaction.on_commit(variants_changed)
    return report


def archive_terms_save(*, stats: CorpusStats) -> int:
    """Replace the archive's spelling dictionary (words and occurrences)."""
    ArchiveTerm.objects.all().delete()
    terms = (
        ArchiveTerm(term=core, frequency=tf)
        for core, tf in zip(stats.cores, stats.tf, strict=True)
        if tf >= DICTIONARY_MIN_FREQUENCY and len(core) <= 100
    )
    created = 0
    while batch := list(islice(terms, 2000)):
        ArchiveTerm.objects.bulk_create(batch)
        created += len(batch)
    return created


def variants_rebuild(
    *,
    texts: Iterable[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> RebuildReport:
    """Discover the groups in the archive (or ``texts``) and store them."""
    # One streamed pass; the documents wait on disk as core ids for the
    # context pass, so memory does not grow with the archive.
    stats = CorpusStats(spill=True)
    try:
        for i, text in enumerate(published_texts() if texts is None else texts, 1):
            stats.add_text(text)
            if progress is not None and i % 1000 == 0:
                progress(i)
        groups = discover(stats, threshold=SUGGEST_CONFIDENCE)
    finally:
        stats.close()
    report = variants_save(groups=groups, stats=stats)
    logger.info(
        "Spelling variants rebuilt: %s documents, %s groups found, %s stored.",
        report.documents,
        report.found,
        report.created,
    )
    return report


CONTEXT_WINDOW = 3
MIN_SHARED_CONTEXT = 2


def variants_update_for_article(*, article: Page) -> int:
    """Suggest new spellings of known names that ``article`` uses.

    A word of the article that is not yet in any group, shares the skeleton of
    a group and shares at least :data:`MIN_SHARED_CONTEXT` neighbouring words
    with the group's usual context becomes a suggestion next to the group's
    canonical spelling.  Returns the number of suggestions made.  Frequencies
    and confidences are refreshed by the next rebuild.
    """
    tokens = tokenize(normalize(article_text(article)))
    cores = [core_of(t) if len(t) >= 3 and t not in STOPWORDS else "" for t in tokens]
    counts = Counter(c for c in cores if len(c) >= 3)
    if not counts:
        return 0
    known = set(
        VariantTerm.objects.filter(term__in=list(counts)).values_list("term", flat=True)
    )
    unknown = {c: skeleton(c) for c in counts if c not in known}
    groups = {}
    for group in VariantGroup.objects.filter(
        skeleton__in=set(unknown.values()),
    ).exclude(status=VariantGroup.Status.REJECTED):
        groups.setdefault(group.skeleton, group)
    made = 0
    for core, key in unknown.items():
        group = groups.get(key)
        if group is None or core == group.canonical:
            continue
        if native_pattern(core, group.canonical) or (
            core in NATIVE_NAMES and group.canonical in NATIVE_NAMES
        ):
            continue
        context = set()
        for i, c in enumerate(cores):
            if c == core:
                context.update(cores[max(0, i - CONTEXT_WINDOW) : i])
                context.update(cores[i + 1 : i + CONTEXT_WINDOW + 1])
        shared = sorted(context & set(group.evidence.get("context", [])))
        if len(shared) < MIN_SHARED_CONTEXT:
            continue
        with transaction.atomic():
            suggestion = VariantGroup.objects.create(
                canonical=group.canonical,
                skeleton=key,
                confidence=INCREMENTAL_CONFIDENCE,
                evidence={"article": article.pk, "shared_context": shared},
            )
            VariantTerm.objects.bulk_create(
                [
                    VariantTerm(
                        group=suggestion,
                        term=group.canonical,
                        stem=stem(group.canonical),
                        frequency=_frequency(group, group.canonical),
                    ),
                    VariantTerm(
                        group=suggestion,
                        term=core,
                        stem=stem(core),
                        frequency=counts[core],
                    ),
                ]
            )
        made += 1
    if made:
        transaction.on_commit(variants_changed)
    return made


def _frequency(group: VariantGroup, term: str) -> int:
    row = group.terms.filter(term=term).values_list("frequency", flat=True).first()
    return row or 0


def _review(group: VariantGroup, status: str, by: AbstractBaseUser | None) -> None:
    group.status = status
    group.reviewed_by = by if by is not None and by.is_authenticated else None
    group.reviewed_at = timezone.now()
    group.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    transaction.on_commit(variants_changed)


def group_accept(*, group: VariantGroup, by: AbstractBaseUser | None = None) -> None:
    """Apply ``group`` at query time, whatever its confidence."""
    _review(group, VariantGroup.Status.ACCEPTED, by)


def group_reject(*, group: VariantGroup, by: AbstractBaseUser | None = None) -> None:
    """Never apply ``group``; rebuilds do not suggest its spellings again."""
    _review(group, VariantGroup.Status.REJECTED, by)


class GroupError(ValueError):
    pass


@transaction.atomic
def group_add(
    *,
    spellings: Iterable[str],
    display: str = "",
    by: AbstractBaseUser | None = None,
) -> VariantGroup:
    """An editor's own group, accepted at once (first spelling = most used)."""
    cores = []
    for word in spellings:
        tokens = tokenize(normalize(word))
        if len(tokens) != 1:
            raise GroupError(_("اكتب كل تهجئة كلمةً واحدة."))
        core = core_of(tokens[0])
        if core not in cores:
            cores.append(core)
    if len(cores) < 2:
        raise GroupError(_("اكتب تهجئتين مختلفتين على الأقل."))
    group = VariantGroup.objects.create(
        canonical=cores[0],
        display=display.strip(),
        skeleton=skeleton(cores[0]),
        status=VariantGroup.Status.ACCEPTED,
        source=VariantGroup.Source.EDITOR,
        confidence=1.0,
        reviewed_by=by if by is not None and by.is_authenticated else None,
        reviewed_at=timezone.now(),
    )
    VariantTerm.objects.bulk_create(
        [VariantTerm(group=group, term=c, stem=stem(c)) for c in cores]
    )
    transaction.on_commit(variants_changed)
    return group
