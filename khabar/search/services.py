"""Writes to the search index and the "see also" cache.

Index writes happen in the caller's transaction (a savepoint here), so a
story is searchable exactly when its publication commits, and a rolled-back
publish leaves no trace in the index. The full-text index follows the
document row inside the database (FTS5 triggers, PostgreSQL generated
column). "See also" lists are a cache: they are recomputed after commit and
on demand, and a failure there never blocks publishing.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, F, FloatField, Sum, Value, When
from django.utils import timezone
from wagtail.models import Page

from khabar.core.bulk import insert_rows
from khabar.core.sites import scope_path
from khabar.news.models import ArticlePage

from . import ranking
from .indexing import DocumentFields, document_fields, is_indexable
from .models import (
    PendingReindex,
    RankingRow,
    SearchDocument,
    SearchKeyword,
    SearchTerm,
)

logger = logging.getLogger(__name__)

STATS_CACHE_KEY = "search:stats:v1"
STATS_CACHE_SECONDS = 600
RELATED_CACHE_SECONDS = 6 * 3600
#: A stored "see also" list older than this is recomputed when next shown,
#: so it picks up stories published since.
RELATED_MAX_AGE_SECONDS = 24 * 3600
#: Candidates found by the SQL overlap of the strongest keywords, then scored
#: exactly by Python.
RELATED_CANDIDATES = 200
RELATED_RETRIEVAL_TERMS = 16
#: The most similar of those get the tag, section and time boosts.
RELATED_SCORED = 60
#: Stale keyword vectors redone before each "see also" computation.
STALE_KEYWORDS_PER_REFRESH = 100


def ranking_params() -> ranking.RankingParams:
    return ranking.RankingParams(**getattr(settings, "KHABAR_SEARCH_RANKING", {}))


def related_params() -> ranking.RelatedParams:
    return ranking.RelatedParams(**getattr(settings, "KHABAR_SEARCH_RELATED", {}))


def related_cache_key(page_id: int) -> str:
    return f"search:related:v1:{page_id}"


def related_card_key(page_id: int) -> str:
    """The cached "see also" card of story ``page_id`` (title, url, excerpt, image)."""
    return f"search:card:v1:{page_id}"


def related_cards_forget(*, page_ids: Iterable[int]) -> None:
    """Drop the cached cards of these stories, now and again after commit (a
    reader could otherwise cache the old card before the change commits)."""
    keys = [related_card_key(pk) for pk in page_ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def related_cards_forget_for_image(*, image_id: int) -> None:
    ids = ArticlePage.objects.filter(image_id=image_id).values_list("pk", flat=True)
    related_cards_forget(page_ids=list(ids))


# --- Term statistics ------------------------------------------------------------


def _df_apply(deltas: Counter[str]) -> None:
    """Add ``deltas`` to the document frequencies (one upsert statement)."""
    rows = [(term, delta) for term, delta in deltas.items() if delta]
    if not rows:
        return
    sql = (
        "INSERT INTO search_searchterm (term, df) VALUES (%s, %s) ON CONFLICT (term) "
        "DO UPDATE SET df = search_searchterm.df + excluded.df"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, sorted(rows))
    if any(delta < 0 for _, delta in rows):
        # Plain DELETEs (no rows point at terms or keywords, no signals): the
        # ORM's delete() would first load what it deletes.
        SearchTerm.objects.filter(
            term__in=[t for t, d in rows if d < 0], df__lte=0
        )._raw_delete(connection.alias)


def _stats_changed() -> None:
    cache.delete(STATS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(STATS_CACHE_KEY))


def search_stats(*, cached: Mapping[str, Any] | None = None) -> tuple[int, float]:
    """(documents in the index, average weighted length), cached briefly.

    ``cached``: what a search already read from the cache in one batch
    (``cache.get_many``) with :data:`STATS_CACHE_KEY` among the keys; the
    key missing from it is a cache miss.
    """
    key = STATS_CACHE_KEY
    stats = cache.get(key) if cached is None else cached.get(key)
    if stats is None:
        title_weight = ranking_params().title_weight
        row = SearchDocument.objects.aggregate(
            n=Count("pk"),
            length=Sum(F("title_length") * title_weight + F("body_length")),
        )
        n = row["n"] or 0
        stats = (n, (row["length"] or 0) / n if n else 0.0)
        cache.set(STATS_CACHE_KEY, stats, STATS_CACHE_SECONDS)
    return stats


def df_for(terms: Iterable[str]) -> dict[str, int]:
    terms = list(set(terms))
    found: dict[str, int] = {}
    for start in range(0, len(terms), 500):
        found.update(
            SearchTerm.objects.filter(term__in=terms[start : start + 500]).values_list(
                "term", "df"
            )
        )
    return found


def _distinct_terms(title_terms: str, body_terms: str) -> set[str]:
    return set(title_terms.split()) | set(body_terms.split())


# --- Keywords (the "see also" vectors) -------------------------------------------


def document_keywords_compute(
    *,
    title: Sequence[str],
    body: Sequence[str],
    df: dict[str, int] | None = None,
    n_docs: int | None = None,
) -> list[tuple[str, float]]:
    if df is None:
        df = df_for([*title, *body])
    if n_docs is None:
        n_docs = search_stats()[0]
    return ranking.keywords(
        title=title, body=body, df=df, n_docs=n_docs, params=related_params()
    )


#: Keyword rows per INSERT statement (3 parameters each: under SQLite's 999).
_KEYWORD_ROWS = 333


def _keywords_insert(rows: list[tuple[int, str, float]]) -> None:
    """Insert (document id, term, weight) rows; plain SQL, as bulk imports add
    millions of them and model instances would triple the time.

    In term order: the (term, document) index then grows in runs instead of
    at random places (a fifth less time for a batch of 500 stories on SQLite);
    several rows a statement, a fifth less again than one each.
    """
    if not rows:
        return
    ordered = sorted(rows, key=itemgetter(1))
    head = "INSERT INTO search_searchkeyword (document_id, term, weight) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), _KEYWORD_ROWS):
            chunk = ordered[start : start + _KEYWORD_ROWS]
            cursor.execute(
                head + ", ".join(["(%s, %s, %s)"] * len(chunk)),
                [value for row in chunk for value in row],
            )


def _keywords_store(document: SearchDocument, pairs: list[tuple[str, float]]) -> None:
    SearchKeyword.objects.filter(document=document)._raw_delete(connection.alias)
    _keywords_insert([(document.pk, term, weight) for term, weight in pairs])


def search_keywords_refresh_stale(
    *, batch_size: int = 500, limit: int | None = None
) -> int:
    """Recompute the keywords chosen while the index was less than half its size.

    A bulk import into an empty site chooses the first stories' keywords with
    few documents to judge rarity by; this pass redoes them. A growing site
    calls it with a ``limit`` before each "see also" computation, so every
    story is redone each time the index doubles (amortised: a few per
    publication). Returns how many documents were refreshed.
    """
    n_docs = search_stats()[0]
    stale_qs = SearchDocument.objects.filter(keywords_basis__lt=(n_docs + 1) // 2)
    stale_qs = stale_qs.order_by("keywords_basis", "pk").values_list("pk", flat=True)
    stale = list(stale_qs[:limit] if limit is not None else stale_qs)
    done = 0
    for start in range(0, len(stale), batch_size):
        ids = stale[start : start + batch_size]
        rows = [
            (pk, title, " ".join(body.split()[:content]))
            for pk, title, body, content in SearchDocument.objects.filter(
                pk__in=ids
            ).values_list("pk", "title_terms", "body_terms", "content_length")
        ]
        df = df_for(t for _, title, body in rows for t in _distinct_terms(title, body))
        with transaction.atomic():
            SearchKeyword.objects.filter(document_id__in=ids)._raw_delete(
                connection.alias
            )
            objs = []
            for pk, title, body in rows:
                pairs = document_keywords_compute(
                    title=title.split(), body=body.split(), df=df, n_docs=n_docs
                )
                objs.extend((pk, t, w) for t, w in pairs)
            _keywords_insert(objs)
            SearchDocument.objects.filter(pk__in=ids).update(keywords_basis=n_docs)
        done += len(rows)
    return done


def search_keywords_recompute() -> int:
    """Choose every story's keywords again (after ``KHABAR_SEARCH_RELATED``
    or the keyword method changed). Stored "see also" lists are recomputed
    when next shown, cached ones when they expire (``RELATED_CACHE_SECONDS``).
    Returns how many documents were redone."""
    SearchDocument.objects.update(keywords_basis=0, related_at=None)
    done = search_keywords_refresh_stale()
    search_statistics_refresh()
    return done


def search_statistics_refresh() -> None:
    """Fresh planner statistics for the search tables after a bulk write
    (an import, a rebuild, keywords chosen again). PostgreSQL only: with stale
    ones it scanned every keyword row for "see also" (100,000 stories just
    imported: 947 ms a list instead of ~150). Autovacuum would get there,
    minutes later, where it runs at all."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE search_searchdocument, search_rankingrow, "
                "search_searchkeyword, search_searchterm"
            )


# --- Index writes ------------------------------------------------------------------


def search_document_write(
    *, fields: DocumentFields, existing: SearchDocument | None = None
) -> SearchDocument:
    """Create or update one document, its term statistics and its keywords."""
    values = fields.as_model_kwargs()
    with transaction.atomic():
        if existing is None:
            existing = SearchDocument.objects.filter(pk=fields.page_id).first()
        old_terms: set[str] = set()
        if existing is not None:
            unchanged = all(getattr(existing, k) == v for k, v in values.items())
            if unchanged:
                return existing
            old_terms = _distinct_terms(existing.title_terms, existing.body_terms)
            document = existing
            for key, value in values.items():
                setattr(document, key, value)
        else:
            document = SearchDocument(page_id=fields.page_id, **values)
        new_terms = set(fields.title_terms) | set(fields.body_terms)
        deltas: Counter[str] = Counter()
        for term in new_terms - old_terms:
            deltas[term] += 1
        for term in old_terms - new_terms:
            deltas[term] -= 1
        row = fields.ranking_kwargs()
        if existing is None:
            document.save(force_insert=True)
            RankingRow.objects.create(document=document, **row)
        else:
            document.save()
            if not RankingRow.objects.filter(document=document).update(**row):
                RankingRow.objects.create(document=document, **row)
        _df_apply(deltas)
        if existing is None:
            # One more document. An edit leaves the count alone and moves the
            # average length by a hair: the cached statistics stay (for
            # STATS_CACHE_SECONDS), so re-indexing a section's thousands of
            # stories does not re-aggregate the whole index once per story.
            _stats_changed()
        n_docs = search_stats()[0]
        pairs = document_keywords_compute(
            title=fields.title_terms, body=fields.content_terms, n_docs=n_docs
        )
        _keywords_store(document, pairs)
        SearchDocument.objects.filter(pk=document.pk).update(keywords_basis=n_docs)
    return document


def search_index_article(
    *, article: Page, section: Page | None = None
) -> SearchDocument | None:
    """Bring the index in line with ``article``: index it if live, else remove it.

    ``section``: its parent page, when the caller has it (saves a query)."""
    article = article.specific
    related_cards_forget(page_ids=[article.pk])
    if not is_indexable(article):
        search_unindex_page(page_id=article.pk)
        return None
    return search_document_write(fields=document_fields(article, section=section))


def search_reindex_subtree(*, page: Page) -> None:
    """After a move: a moved story is re-indexed (its section changed); stories
    under a moved section only get their new tree paths."""
    page = page.specific
    if isinstance(page, ArticlePage):
        search_index_article(article=page)
        return
    stories = list(ArticlePage.objects.descendant_of(page).values_list("pk", "path"))
    for pk, path in stories:
        SearchDocument.objects.filter(pk=pk).exclude(path=path).update(path=path)
    related_cards_forget(page_ids=[pk for pk, _ in stories])  # their URLs changed


def _inline_limit() -> int:
    """Stories re-indexed in the editor's request; more go to the worker."""
    return getattr(settings, "KHABAR_SEARCH_SECTION_REINDEX_INLINE", 300)


def search_restriction_changed(*, page_id: int) -> int:
    """A page went behind a login or password, or came out from one: its
    stories (it and every story below it) leave or rejoin the index and
    their cached "see also" cards are dropped. Returns how many stories."""
    page = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if page is None:
        return 0
    stories = ArticlePage.objects.filter(path__startswith=page).order_by("pk")
    ids = list(stories.values_list("pk", flat=True))
    if len(ids) > _inline_limit():
        # A whole big section: its cards go now (they are built from public
        # stories only, as search hits are), the index follows in the worker.
        related_cards_forget(page_ids=ids)
        PendingReindex.objects.update_or_create(page_id=page_id)
        return 0
    done = 0
    for article in stories.iterator(chunk_size=200):
        if search_index_article(article=article) is not None:
            # Back in the index: as on publishing, its relatives' lists too.
            page_id = article.pk
            transaction.on_commit(
                lambda page_id=page_id: article_related_on_publish(page_id=page_id)
            )
        done += 1
    return done


def search_reindex_section(
    *, section: Page, batch_size: int = 200, inline: bool | None = None
) -> int:
    """After a section's title or slug changed: its stories carry the section's
    name in their index and its slug in their URLs, so each is re-indexed and
    its card dropped. Returns how many stories were re-indexed now.

    The cards go at once. A section with more stories than
    ``KHABAR_SEARCH_SECTION_REINDEX_INLINE`` is queued for the worker
    (:func:`search_reindex_pending`) instead of holding the editor's request
    (``inline`` forces either way)."""
    ids = list(
        ArticlePage.objects.live()
        .descendant_of(section)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    related_cards_forget(page_ids=ids)
    if inline is None:
        inline = len(ids) <= _inline_limit()
    if not inline:
        PendingReindex.objects.update_or_create(page_id=section.pk)
        return 0
    return _index_articles(ids, batch_size=batch_size)


def search_reindex_pending() -> int:
    """Re-index the stories of the queued sections (the worker runs this):
    each is indexed, or removed if it is no longer public. Returns how many
    stories were (re-)indexed."""
    done = 0
    for pending in PendingReindex.objects.order_by("requested_at"):
        section = Page.objects.filter(pk=pending.page_id).first()
        if section is not None:
            done += search_reindex_section(section=section, inline=True)
        # Queued again meanwhile (renamed again …): that request stays.
        PendingReindex.objects.filter(
            pk=pending.pk, requested_at=pending.requested_at
        ).delete()
    return done


def _index_articles(ids: Sequence[int], *, batch_size: int, progress=None) -> int:
    """(Re-)index the articles ``ids`` a batch per transaction; how many are indexed."""
    count = 0
    for start in range(0, len(ids), batch_size):
        batch = ArticlePage.objects.filter(pk__in=ids[start : start + batch_size])
        batch = list(batch.select_related("source").prefetch_related("authors", "tags"))
        steplen = Page.steplen
        parents = {
            page.path: page
            for page in Page.objects.filter(path__in={a.path[:-steplen] for a in batch})
        }
        with transaction.atomic():
            for article in batch:
                section = parents.get(article.path[:-steplen])
                if search_index_article(article=article, section=section) is not None:
                    count += 1
        if progress is not None:
            progress(min(start + batch_size, len(ids)), len(ids))
    return count


def search_unindex_page(*, page_id: int) -> None:
    """Remove a page from the index (term statistics follow via post_delete)."""
    related_cards_forget(page_ids=[page_id])
    SearchDocument.objects.filter(pk=page_id).delete()


def search_document_forget(*, document: SearchDocument) -> None:
    """Called after a document is deleted (also by cascade from its page)."""
    deltas: Counter[str] = Counter(
        dict.fromkeys(_distinct_terms(document.title_terms, document.body_terms), -1)
    )
    _df_apply(deltas)
    _stats_changed()
    cache.delete(related_cache_key(document.pk))
    related_cards_forget(page_ids=[document.pk])
    _related_invalidate(pk for pk, _ in document.related_ids or [])


def search_rebuild_index(*, batch_size: int = 200, progress=None) -> int:
    """Re-index every article from scratch (management command). Returns the count."""
    SearchDocument.objects.all().delete()
    SearchTerm.objects.all().delete()
    _stats_changed()
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    count = _index_articles(ids, batch_size=batch_size, progress=progress)
    search_keywords_refresh_stale()
    search_statistics_refresh()
    SearchDocument.objects.update(related_at=None)
    return count


# --- "See also" --------------------------------------------------------------------


def _related_invalidate(page_ids: Iterable[int]) -> None:
    ids = list(page_ids)
    if not ids:
        return
    SearchDocument.objects.filter(pk__in=ids).update(related_at=None)
    cache.delete_many([related_cache_key(pk) for pk in ids])


def related_compute(*, document: SearchDocument) -> list[tuple[int, float]]:
    """(id, score) of the stories most related to ``document``, best first."""
    params = related_params()
    source = dict(document.keywords.values_list("term", "weight"))
    if not source:
        pairs = document_keywords_compute(
            title=document.title_terms.split(),
            body=document.body_terms.split()[: document.content_length],
        )
        source = dict(pairs)
    if not source:
        return []
    # Two steps: the stories sharing the source's strongest keywords (one
    # SQL sum over a short list of terms), then their exact cosine over all
    # keywords. 4× less CPU than one sum over every keyword, and the same
    # top six for 99% of picks (bench/search_related.py).
    strongest = sorted(source.items(), key=lambda tw: (-tw[1], tw[0]))
    strongest = strongest[:RELATED_RETRIEVAL_TERMS]
    overlap = Sum(
        Case(
            *(When(term=t, then=Value(w)) for t, w in strongest),
            default=Value(0.0),
            output_field=FloatField(),
        )
        * F("weight")
    )
    keywords = SearchKeyword.objects.filter(term__in=[t for t, _ in strongest])
    if scope := scope_path(document.path):
        # several sites: a title's "see also" lists only its own stories
        keywords = keywords.filter(document__path__startswith=scope)
    candidates = list(
        keywords.exclude(document_id=document.pk)
        .values("document_id")
        .annotate(partial=overlap)
        .order_by("-partial", "-document_id")
        .values_list("document_id", flat=True)[:RELATED_CANDIDATES]
    )
    if not candidates:
        return []
    cosines = dict.fromkeys(candidates, 0.0)
    # All keywords of the candidates, read by document (at most 200 × 64
    # rows); the source's terms are picked out here, not by the planner.
    for pk, term, weight in SearchKeyword.objects.filter(
        document_id__in=candidates
    ).values_list("document_id", "term", "weight"):
        if term in source:
            cosines[pk] += source[term] * weight
    top = sorted(cosines.items(), key=lambda pc: (-pc[1], -pc[0]))[:RELATED_SCORED]
    meta = {
        row[0]: row[1:]
        for row in SearchDocument.objects.filter(
            pk__in=[pk for pk, _ in top]
        ).values_list("pk", "published_at", "section_id", "tags")
    }
    own_tags = set(filter(None, document.tags.split("\n")))
    scored = []
    for pk, cosine in top:
        if pk not in meta:
            continue
        published, section_id, tags = meta[pk]
        tag_set = set(filter(None, tags.split("\n")))
        union = own_tags | tag_set
        shared = len(own_tags & tag_set) / len(union) if union else 0.0
        days = (published - document.published_at).total_seconds() / 86400
        score = ranking.related_score(
            cosine=cosine,
            shared_tags=shared,
            same_section=section_id is not None and section_id == document.section_id,
            days_apart=days,
            params=params,
        )
        scored.append((score, published, pk))
    scored.sort(key=lambda s: (-s[0], -s[1].timestamp(), -s[2]))
    if not scored:
        return []
    floor = max(params.absolute_floor, params.relative_floor * scored[0][0])
    return [(pk, round(score, 6)) for score, _, pk in scored if score >= floor][
        : params.max_items
    ]


def article_related_refresh(
    *, page_id: int, now: datetime | None = None
) -> list[tuple[int, float]]:
    """Recompute and store the "see also" list of one story: (id, score) pairs."""
    document = SearchDocument.objects.filter(pk=page_id).first()
    if document is None:
        return []
    if search_keywords_refresh_stale(limit=STALE_KEYWORDS_PER_REFRESH):
        document.refresh_from_db()
    pairs = related_compute(document=document)
    SearchDocument.objects.filter(pk=page_id).update(
        related_ids=pairs, related_at=now or timezone.now()
    )
    cache.set(related_cache_key(page_id), pairs, RELATED_CACHE_SECONDS)
    return pairs


def article_related_on_publish(*, page_id: int) -> None:
    """After a story is published: its own list, and fresh lists for its relatives.

    The stories it is related to are the ones most likely to list it in turn,
    so their stored lists are dropped and recomputed when next shown.
    """
    try:
        pairs = article_related_refresh(page_id=page_id)
        _related_invalidate(pk for pk, _ in pairs)
    except Exception:  # a cache; never let it break publishing
        logger.exception("Could not refresh 'see also' for page %s.", page_id)


# --- Bulk indexing (importers) ---------------------------------------------------------


def search_documents_bulk_create(*, documents: Sequence[DocumentFields]) -> int:
    """Index many *new* articles at once (bulk import). Returns how many.

    One statement per table instead of several per story; the result is the
    same as indexing each story with :func:`search_document_write`, except
    that keywords are chosen with the statistics of the whole batch.
    """
    if not documents:
        return 0
    with transaction.atomic():
        insert_rows(
            SearchDocument,
            [
                SearchDocument(page_id=d.page_id, **d.as_model_kwargs())
                for d in documents
            ],
        )
        insert_rows(
            RankingRow,
            [
                RankingRow(document_id=d.page_id, **d.ranking_kwargs())
                for d in documents
            ],
        )
        deltas: Counter[str] = Counter()
        for d in documents:
            deltas.update(set(d.title_terms) | set(d.body_terms))
        # The document frequencies are added and read back in one statement
        # per chunk (what _df_apply then df_for do, without the second pass):
        # RETURNING gives every term's new df, which is all the keywords use.
        df: dict[str, int] = {}
        terms = sorted(deltas)  # one lock order for concurrent writers
        with connection.cursor() as cursor:
            for start in range(0, len(terms), 400):
                chunk = terms[start : start + 400]
                cursor.execute(
                    "INSERT INTO search_searchterm (term, df) VALUES "  # noqa: S608 - placeholders only
                    + ", ".join(["(%s, %s)"] * len(chunk))
                    + " ON CONFLICT (term) DO UPDATE SET df = search_searchterm.df"
                    " + excluded.df RETURNING term, df",
                    [value for term in chunk for value in (term, deltas[term])],
                )
                df.update(cursor.fetchall())
        _stats_changed()
        n_docs = search_stats()[0]
        keywords = []
        for d in documents:
            pairs = document_keywords_compute(
                title=d.title_terms, body=d.content_terms, df=df, n_docs=n_docs
            )
            keywords.extend((d.page_id, t, w) for t, w in pairs)
        _keywords_insert(keywords)
        SearchDocument.objects.filter(pk__in=[d.page_id for d in documents]).update(
            keywords_basis=n_docs
        )
    return len(documents)
