"""Reads: article search and "see also".

Search runs in four steps, the same on every database:

1. parse the query with the Arabic analysis (:mod:`.query`) and expand each
   term with alternative spellings (:func:`query_terms_expand`, the hook
   where spelling-variant groups plug in);
2. the engine (:mod:`.backends`) finds the matching documents, filtered by
   section, author and dates;
3. Python ranks them (BM25F with a title boost and a freshness boost,
   :mod:`.ranking`). Another spelling of a word counts less than the typed
   one, and stories whose title has the reader's own, less used spelling
   stay near the top (:data:`TYPED_LEAD`). Every match is ranked when no
   more than :data:`CANDIDATES` + :data:`TITLE_CANDIDATES` stories match;
   beyond that, the ranked set is the :data:`CANDIDATES` newest matches plus the
   :data:`TITLE_CANDIDATES` newest with every word in the title (and, for a
   query typed in a less used spelling, the :data:`CANDIDATES` newest with
   the words as typed);
   later pages continue with the other matches, newest first;
4. the page of results gets its articles and highlighted snippets.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.models import Page

from khabar.core.sites import scope_path
from khabar.news.models import ArticlePage, Author
from khabar.news.selectors import (
    article_list_published,
    article_list_published_links,
)

from . import ranking
from .backends import RANKING_ROW_COLUMNS, get_backend, newest_order
from .highlight import Segment, snippet, snippet_html
from .indexing import ranking_values
from .models import SearchDocument
from .query import ParsedQuery, expand, parse_query
from .services import (
    RELATED_CACHE_SECONDS,
    RELATED_MAX_AGE_SECONDS,
    STATS_CACHE_KEY,
    article_related_refresh,
    df_for,
    ranking_params,
    related_cache_key,
    related_card_key,
    search_stats,
)

#: Cached in place of the card of a story that is no longer live.
GONE = "gone"

logger = logging.getLogger(__name__)

CANDIDATES = 200
TITLE_CANDIDATES = 100
PER_PAGE = 10
MAX_PER_PAGE = 50


@dataclass
class SearchHit:
    article: ArticlePage
    score: float
    segments: list[Segment]
    external_id: str | None = None

    @property
    def snippet_html(self) -> str:
        return snippet_html(self.segments)


@dataclass
class SearchResults:
    query: str
    parsed: ParsedQuery
    hits: list[SearchHit] = field(default_factory=list)
    count: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    #: A sentence for the reader when there is nothing to search for.
    message: str = ""
    #: "Did you mean": the query in the archive's usual spelling, or "".
    suggestion: str = ""  # spelling variants (issue 9)

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


# --- Term expansion hook ----------------------------------------------------------


def query_terms_expand(
    terms: Sequence[str], *, cached: Mapping[str, Any] | None = None
) -> dict[str, list[str]]:
    """Alternative spellings of a query's analysed terms, most likely first,
    by term.

    Each callable named in ``KHABAR_SEARCH_TERM_EXPANDERS`` is called once
    per search with the list of terms and returns, in the same order, each
    term's other spellings (raw or analysed); they are matched too, ranked
    below the typed form. One call for all the terms: an expander reading
    shared state (the spelling groups' version in Redis) reads it once per
    search, not once per term. Empty by default.

    An expander with a ``cache_keys`` attribute names the cache keys it
    reads: a search reads them with its own in one batch
    (:func:`_cache_read`) and, given that batch as ``cached``, calls the
    expander with ``cached=`` the values found of its keys (a key left out
    was missed). With Redis, that is one round trip instead of two.
    """
    out: dict[str, list[str]] = {term: [] for term in terms}
    expanders = _expanders()
    if not out or not expanders:
        return out
    # Inside a transaction, a savepoint: a failing expander must not poison it.
    # Outside one (a reader's request) there is nothing to poison, and on
    # SQLite atomic() would take the write lock (BEGIN IMMEDIATE).
    guard = (
        transaction.atomic
        if transaction.get_connection().in_atomic_block
        else nullcontext
    )
    asked = list(out)
    for expander in expanders:
        try:
            with guard():
                keys = getattr(expander, "cache_keys", None)
                if keys is not None and cached is not None:
                    found = {key: cached[key] for key in keys if key in cached}
                    answered = expander(asked, cached=found)
                else:
                    answered = expander(asked)
                answers = [list(alternatives) for alternatives in answered]
            if len(answers) != len(asked):
                raise ValueError(
                    f"{len(answers)} answers for {len(asked)} terms: {asked!r}"
                )
        except Exception:  # search must answer even when an expander fails
            logger.exception("The search term expander %r failed.", expander)
            continue
        for term, alternatives in zip(asked, answers, strict=True):
            found = out[term]
            found += [alt for alt in dict.fromkeys(alternatives) if alt not in found]
    return out


#: An expander: the analysed terms → each one's other spellings, in order.
TermsExpander = Callable[..., Iterable[Iterable[str]]]
_EXPANDERS: dict[tuple[str, ...], list[TermsExpander]] = {}


def _expanders() -> list[TermsExpander]:
    paths = tuple(getattr(settings, "KHABAR_SEARCH_TERM_EXPANDERS", ()))
    if paths not in _EXPANDERS:
        _EXPANDERS[paths] = [import_string(p) for p in paths]
    return _EXPANDERS[paths]


def _cache_read(expanders: Iterable[TermsExpander]) -> dict[str, Any]:
    """What a search reads of the cache, in one batch: the index statistics
    and the keys its expanders name (``cache_keys``)."""
    keys = dict.fromkeys(
        [STATS_CACHE_KEY, *(k for e in expanders for k in getattr(e, "cache_keys", ()))]
    )
    return cache.get_many(list(keys))


# --- Search ------------------------------------------------------------------------


def _aware(day: date, end: bool) -> datetime:
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment)


def _filtered(
    *,
    site_root: Page | None,
    section: Page | None,
    author: Author | None,
    date_from: date | None,
    date_to: date | None,
) -> QuerySet[SearchDocument]:
    queryset = SearchDocument.objects.all()
    if site_root is not None and (scope := scope_path(site_root.path)):
        queryset = queryset.filter(path__startswith=scope)
    if section is not None:
        queryset = queryset.filter(path__startswith=section.path).exclude(pk=section.pk)
    if author is not None:
        through = ArticlePage.authors.through
        queryset = queryset.filter(
            pk__in=through.objects.filter(author=author).values("articlepage_id")
        )
    if date_from is not None:
        queryset = queryset.filter(published_at__gte=_aware(date_from, end=False))
    if date_to is not None:
        queryset = queryset.filter(published_at__lte=_aware(date_to, end=True))
    return queryset


def _query_df(parsed: ParsedQuery) -> dict[str, int]:
    """Document frequency of every form of every positive query term."""
    return df_for(f for t in parsed.positive_terms() for f in t.forms())


def _minority_terms(parsed: ParsedQuery, df: dict[str, int]) -> list[str]:
    """Terms typed in a less used spelling than one of their alternatives
    (ترمب, not ترامب): the many stories with the usual one must not bury the
    reader's own."""
    return [
        t.text
        for t in parsed.positive_terms()
        if t.alternatives
        and df.get(t.text, 0) < max(df.get(a, 0) for a in t.alternatives)
    ]


def _scorer(
    parsed: ParsedQuery,
    now: datetime,
    df: dict[str, int],
    index_stats: tuple[int, float],
) -> Callable[[Iterable[tuple]], dict[int, tuple[float, float, bool]]]:
    """The query's scoring of ranking rows (:func:`_rows` rows): by id,
    BM25F × freshness, the date (as a timestamp), and whether the title has
    the typed words (``index_stats``: what :func:`search_stats` gave).

    The last is true when the story's title contains, in the spelling the
    reader typed, every query term typed in a less used spelling than one of
    its alternatives (always true without such terms); :func:`_ordered`
    keeps those stories near the top.
    """
    n_docs, avg_length = index_stats
    return ranking.search_scores(
        query=[t.forms() for t in parsed.positive_terms()],
        df=df,
        n_docs=n_docs,
        avg_length=avg_length,
        params=ranking_params(),
        in_title=_minority_terms(parsed, df),
        now=now.timestamp(),
    )


#: A story whose title has the reader's own (less used) spelling is never
#: ranked more than this many places below where it stands among such
#: stories, so the many stories with the usual spelling cannot bury it (0:
#: they all come after it). Measured in bench/spelling_search_bench.py: 1
#: keeps own-spelling recall at its unexpanded level and other-spelling
#: recall ≥ 0.95; 0 costs other-spelling recall (0.93).
TYPED_LEAD = 1


def _ordered(scores: dict[int, tuple[float, float, bool]]) -> list[int]:
    """Best first; the n-th story with the typed title is at most n + TYPED_LEAD."""
    # (the ids are unique, so the flag at the end is never compared, and
    # the reversed sort is the sort by the negated keys without negating)
    keyed = sorted(
        [
            (round(score, 9), published, pk, as_typed)
            for pk, (score, published, as_typed) in scores.items()
        ],
        reverse=True,
    )
    ranked = [key[2] for key in keyed]
    typed = [key[2] for key in keyed if key[3]]
    if len(typed) == len(ranked):
        return ranked
    # Merge the two lists: the next story by score, unless the next story
    # with the typed title would fall more than TYPED_LEAD places behind.
    out: list[int] = []
    placed: set[int] = set()
    position = 0  # in ranked: every story before it is placed
    for n, pk in enumerate(typed):
        while len(out) < n + TYPED_LEAD and position < len(ranked):
            candidate = ranked[position]
            position += 1
            if candidate not in placed:
                out.append(candidate)
                placed.add(candidate)
        if pk not in placed:
            out.append(pk)
            placed.add(pk)
    out += [pk for pk in ranked[position:] if pk not in placed]
    return out


def _rows(ids: list[int]) -> list[tuple]:
    """What ranking reads of the candidates: (id, date as a timestamp, term
    statistics (:func:`ranking.term_stats`), title length, body length),
    from their :class:`~.models.RankingRow` (one plain statement of the
    engine's, :meth:`~.backends.SQLBackend.ranking_rows`).
    """
    if not ids:
        return []
    rows = get_backend().ranking_rows([int(pk) for pk in ids])
    if len(rows) < len(ids):
        rows += _rows_from_documents(set(ids) - {row[0] for row in rows})
    return rows


def _rows_from_documents(ids: set[int]) -> list[tuple]:
    """:func:`_rows` for documents without a ranking row: one written by a
    process still running code older than the row (during a rolling
    deploy), until it is indexed again."""
    out = []
    documents = SearchDocument.objects.filter(pk__in=ids).values_list(
        "pk", "published_at", "title_terms", "body_terms"
    )
    for pk, published_at, title, body in documents:
        row = ranking_values(published_at, title.split(), body.split())
        out.append((pk, *(row[name] for name in RANKING_ROW_COLUMNS)))
    return out


def article_search(
    *,
    query: str,
    page: int = 1,
    per_page: int = PER_PAGE,
    section: Page | None = None,
    author: Author | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
    site_root: Page | None = None,
) -> SearchResults:
    """One page of live articles matching ``query``, best first.

    ``site_root``: the home page of the site searched; on an installation
    serving several sites, only that site's stories are found.
    Never raises for any query text; an empty or unusable query gives no
    results and a ``message`` for the reader.
    """
    now = now or timezone.now()
    per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
    page = max(int(page), 1)
    typed = parse_query(query or "")
    terms = typed.term_texts()
    cached = _cache_read(_expanders()) if terms else {}
    alternatives = query_terms_expand(terms, cached=cached)
    parsed = expand(typed, lambda term: alternatives.get(term, ()))
    #: alternative spellings were added to some terms
    expanded = parsed != typed
    results = SearchResults(
        query=query or "", parsed=parsed, page=page, per_page=per_page
    )
    if parsed.is_empty:
        if parsed.exclude:
            results.message = _(
                "أضف كلمة تبحث عنها؛ لا يمكن أن يقتصر البحث على كلمات مستبعدة."
            )
        elif (query or "").strip():
            results.message = _(
                "لم نجد في البحث كلمات يمكن البحث عنها؛ جرّب كلمات أخرى أو أطول."
            )
        else:
            results.message = _("اكتب الكلمات التي تبحث عنها.")
        return results
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from

    backend = get_backend()
    base = _filtered(
        site_root=site_root,
        section=section,
        author=author,
        date_from=date_from,
        date_to=date_to,
    )
    df = _query_df(parsed)
    # The candidates first, then the ranking rows of just those, which go to
    # the scorer as the engine reads them (PostgreSQL: in the same
    # statement): the engines sort small rows, not every match's terms. When
    # many stories match, the ranked set is the newest of any spelling, the
    # newest with every word in the title and, for a query typed in a less
    # used spelling, the newest with the words as typed (else stories using
    # only the more common spelling could crowd the reader's own out of the
    # ranking; typed in the common one, they are the newest already). Up to
    # as many matches as the newest and the title's together, every one is
    # ranked: a single sorted list then costs the engine less than the extra
    # lists it would need (bench/README.md, issue 9).
    score = _scorer(parsed, now, df, search_stats(cached=cached))
    scores, count, missing = backend.scored_candidates(
        base,
        parsed,
        score=score,
        limit=CANDIDATES,
        title_limit=TITLE_CANDIDATES,
        typed=typed if expanded and _minority_terms(parsed, df) else None,
        typed_limit=CANDIDATES,
        every=CANDIDATES + TITLE_CANDIDATES,
    )
    if missing:
        scores.update(score(_rows_from_documents(set(missing))))
    results.count = count
    # spelling variants (issue 9): KHABAR_SEARCH_SUGGESTER(query=, count=) -> str|None
    if suggester := getattr(settings, "KHABAR_SEARCH_SUGGESTER", ""):
        results.suggestion = import_string(suggester)(query=query, count=count) or ""
    ranked = _ordered(scores)

    start = (page - 1) * per_page
    if start < len(ranked):
        page_ids = ranked[start : start + per_page]
    else:
        page_ids = []
    if (
        len(page_ids) < per_page
        and start + per_page > len(ranked)
        and count > len(ranked)
    ):
        # Past the ranked set: the remaining matches, newest first.
        offset = max(0, start - len(ranked))
        need = per_page - len(page_ids)
        newest = newest_order(backend.filter(base, parsed))
        rest = list(
            newest.exclude(pk__in=ranked).values_list("pk", flat=True)[
                offset : offset + need
            ]
        )
        scores.update(score(_rows(rest)))
        page_ids += rest
    if not page_ids:
        return results

    articles = {a.pk: a for a in article_list_published_links(ids=page_ids)}
    texts = dict(
        SearchDocument.objects.filter(pk__in=page_ids).values_list("pk", "text")
    )
    marks = parsed.highlight_terms()
    for pk in page_ids:
        article = articles.get(pk)
        if article is None:  # unpublished or restricted since it was indexed
            continue
        results.hits.append(
            SearchHit(
                article=article,
                score=round(scores[pk][0], 6),
                segments=snippet(texts.get(pk) or article.lead or "", marks),
                external_id=article.external_id,
            )
        )
    return results


# --- "See also" --------------------------------------------------------------------


def article_related_scored(*, article: Page) -> list[tuple[int, float]]:
    """The stored "see also" (id, score) pairs, recomputed when missing or old."""
    key = related_cache_key(article.pk)
    pairs = cache.get(key)
    if pairs is not None:
        return pairs
    row = (
        SearchDocument.objects.filter(pk=article.pk)
        .values_list("related_ids", "related_at")
        .first()
    )
    if row is None:
        pairs = []
    elif row[1] is not None and row[1] > timezone.now() - timedelta(
        seconds=RELATED_MAX_AGE_SECONDS
    ):
        pairs = [tuple(p) for p in row[0]]
    else:
        # A cache fill: the list is derived data, computed once and kept.
        return article_related_refresh(page_id=article.pk)
    cache.set(key, pairs, RELATED_CACHE_SECONDS)
    return pairs


@dataclass
class RelatedCard:
    """What a "see also" card shows of one story, ready to render and cached.

    Quacks like the page where cards and the API read it (``pk``, ``title``,
    ``url``, ``get_url()``, ``lead``, ``display_date``, ``external_id``), so
    a cached list needs no page query. Dropped from the cache whenever the
    story is published, unpublished, moved or deleted (:mod:`.services`).
    """

    pk: int
    title: str
    url: str
    kicker: str = ""
    #: the lead, or the start of the text when the story has no lead
    lead: str = ""
    display_date: datetime | None = None
    external_id: str | None = None
    image_url: str = ""
    image_width: int = 0
    image_height: int = 0

    def get_url(self, request=None) -> str:
        return self.url


@dataclass
class RelatedHit:
    article: RelatedCard
    score: float

    @property
    def excerpt(self) -> str:
        return self.article.lead


EXCERPT_CHARS = 400
#: The image rendition of a card (news' card uses the same).
CARD_RENDITION = "fill-480x270"


def _cards_build(page_ids: list[int]) -> dict[int, RelatedCard | None]:
    """Cards of the live stories among ``page_ids`` (None for the others)."""
    articles = list(
        article_list_published().filter(pk__in=page_ids).select_related("image")
    )
    missing = [a.pk for a in articles if not a.lead]
    texts = {}
    if missing:
        texts = dict(
            SearchDocument.objects.filter(pk__in=missing)
            .annotate(start=Substr("text", 1, EXCERPT_CHARS))
            .values_list("pk", "start")
        )
    cards: dict[int, RelatedCard | None] = dict.fromkeys(page_ids)
    for article in articles:
        card = RelatedCard(
            pk=article.pk,
            title=article.title,
            url=article.get_url() or "",
            kicker=article.kicker,
            lead=article.lead or texts.get(article.pk, ""),
            display_date=article.display_date,
            external_id=article.external_id or None,
        )
        if article.image is not None:
            try:
                rendition = article.image.get_rendition(CARD_RENDITION)
            except OSError:  # the image file is missing: a card without image
                logger.warning("No rendition for the image of page %s.", article.pk)
            else:
                card.image_url = rendition.url
                card.image_width, card.image_height = rendition.width, rendition.height
        cards[article.pk] = card
    return cards


def article_related_hits(*, article: Page, limit: int = 6) -> list[RelatedHit]:
    """Up to ``limit`` live stories related to ``article``, most related first.

    Two cache reads when warm: the (id, score) list and the cards of its
    stories (one entry per story, so a change to a story drops its card
    everywhere it is listed). A story that is gone is cached as such.
    """
    pairs = [
        (pk, s) for pk, s in article_related_scored(article=article) if pk != article.pk
    ]
    if not pairs:
        return []
    keys = {related_card_key(pk): pk for pk, _ in pairs}
    found = cache.get_many(list(keys))
    cards = {keys[k]: v for k, v in found.items()}
    missing = [pk for pk, _ in pairs if pk not in cards]
    if missing:
        built = _cards_build(missing)
        cache.set_many(
            {related_card_key(pk): card or GONE for pk, card in built.items()},
            RELATED_CACHE_SECONDS,
        )
        cards.update(built)
    hits = [
        RelatedHit(cards[pk], score)
        for pk, score in pairs
        if isinstance(cards.get(pk), RelatedCard)
    ]
    return hits[:limit]


def article_related(*, article: Page, limit: int = 6) -> list[ArticlePage]:
    """Up to ``limit`` live stories related to ``article`` as pages, most related
    first (the cards of :func:`article_related_hits` serve pages and the API)."""
    hits = article_related_hits(article=article, limit=limit)
    pages = {
        a.pk: a
        for a in article_list_published().filter(pk__in=[h.article.pk for h in hits])
    }
    return [pages[h.article.pk] for h in hits if h.article.pk in pages]
