"""Search query parsing and engine query building (pure Python, no Django import).

A reader types words, ``"quoted phrases"`` and ``-excluded`` words; every part
goes through the same Arabic analysis as the documents, so any spelling of a
word finds it::

    >>> q = parse_query('الإستخبارات "الأمن القومي" -سوريا')
    >>> [t.text for t in q.include[:1]], q.include[1].texts(), q.exclude[0].text
    (['استخبار'], ('امن', 'قومي'), 'سوريا')
    >>> to_fts5(q)
    '"استخبار" AND "امن قومي" NOT ("سوريا")'
    >>> to_tsquery(q)
    "'استخبار' & (('امن':A <-> 'قومي':A) | ('امن':D <-> 'قومي':D)) & !('سوريا')"

Any ``str`` parses without raising: FTS operators typed by the reader (``"``,
``*``, ``(``, ``)``, ``:``, ``^``, ``NEAR``, ``AND``) are either query syntax
handled here (quotes, a leading minus) or plain characters dropped by the
tokenizer, and every term reaching an engine is made of letters and digits
only (:func:`index_term`), so engine syntax can never be injected.

Term expansion (issue 9, spelling-variant groups such as ترامب/ترمب): each
:class:`Term` carries ``alternatives``; :func:`expand` fills them from a
callable, and the engines match any form while ranking prefers the typed one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import product

from .arabic import STOPWORDS, normalize, stem, tokenize

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_TERMS",
    "ParsedQuery",
    "Phrase",
    "Term",
    "expand",
    "index_term",
    "index_terms",
    "parse_query",
    "to_fts5",
    "to_tsquery",
    "to_tsquery_title",
]

#: Only this many characters of a query are read (a reader never types more;
#: a 10,000-character paste must still answer quickly).
MAX_QUERY_CHARS = 500
#: At most this many terms are used, counting phrase members and exclusions.
MAX_TERMS = 16
#: Longest term that is indexed (PostgreSQL drops words over 2,047 bytes; a
#: shared, lower limit keeps both engines identical).
MAX_TERM_LENGTH = 60
#: Cap on the phrase variants produced by expanding several phrase members.
MAX_PHRASE_VARIANTS = 8

_PART_RE = re.compile(r'(-?)"([^"]*)(?:"|$)|(-?)([^\s"]+)')


def index_term(term: str) -> str | None:
    """The engine-safe form of an analysed term, or ``None`` to drop it.

    Numbers keep their decimal point as ``x`` (``3.5`` → ``3x5``) and lose
    thousands separators, so every term is letters and digits only: one token
    for SQLite FTS5's ``unicode61`` tokenizer and PostgreSQL's parser alike.
    """
    if "." in term or "," in term:
        term = term.replace(",", "").replace(".", "x")
    if not term or len(term) > MAX_TERM_LENGTH or not term.isalnum():
        return None
    return term


_MISSING = object()
#: Token → index term (``None``: a stopword or a term that is dropped), so a
#: word seen before costs one lookup instead of the stopword test, the stemmer's
#: memo and :func:`index_term`.  Cleared when full, as the stemmer's memo is.
_TERMS: dict[str, str | None] = {}
TERMS_MEMO_SIZE = 200_000


def index_terms(text: str) -> list[str]:
    """Analyse ``text`` into engine-safe index terms, in order.

    The same terms as ``[index_term(t) for t in analyze(text)]`` without the
    dropped terms; bulk indexing spends most of its analysis time here.
    """
    memo = _TERMS
    out = []
    for token in tokenize(normalize(text)):
        term = memo.get(token, _MISSING)
        if term is _MISSING:
            term = None if token in STOPWORDS else index_term(stem(token))
            if len(memo) >= TERMS_MEMO_SIZE:
                memo.clear()
            memo[token] = term
        if term is not None:
            out.append(term)
    return out


@dataclass(frozen=True, slots=True)
class Term:
    """One analysed query term; ``alternatives`` are other spellings to match."""

    text: str
    alternatives: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        """The typed term first, then its alternatives."""
        return (self.text, *self.alternatives)

    def texts(self) -> tuple[str, ...]:
        return (self.text,)


@dataclass(frozen=True, slots=True)
class Phrase:
    """Terms that must follow each other (stopwords are not counted)."""

    terms: tuple[Term, ...]

    def texts(self) -> tuple[str, ...]:
        return tuple(t.text for t in self.terms)

    def variants(self) -> list[tuple[str, ...]]:
        """Every spelling of the phrase, the typed one first (capped)."""
        out: list[tuple[str, ...]] = []
        for combo in product(*(t.forms() for t in self.terms)):
            out.append(combo)
            if len(out) >= MAX_PHRASE_VARIANTS:
                break
        return out


Part = Term | Phrase


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """What a reader asked for: parts that must match and parts that must not."""

    include: tuple[Part, ...] = ()
    exclude: tuple[Part, ...] = ()
    #: True when part of the input was ignored (too long or too many terms).
    truncated: bool = False
    raw: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        """Nothing to look for (no words, only stopwords or only exclusions)."""
        return not self.include

    def positive_terms(self) -> list[Term]:
        """Each wanted term once (phrase members included), in typed order."""
        seen: dict[str, Term] = {}
        for part in self.include:
            for term in part.terms if isinstance(part, Phrase) else (part,):
                seen.setdefault(term.text, term)
        return list(seen.values())

    def term_texts(self) -> list[str]:
        """Each term's typed text once (wanted and excluded, phrase members
        included), in typed order: what expansion looks up."""
        texts = (t for part in (*self.include, *self.exclude) for t in part.texts())
        return list(dict.fromkeys(texts))

    def highlight_terms(self) -> frozenset[str]:
        """Every form of every wanted term (for highlighting snippets)."""
        return frozenset(f for t in self.positive_terms() for f in t.forms())


def _terms(text: str) -> list[str]:
    return list(dict.fromkeys(index_terms(text)))


def parse_query(raw: str) -> ParsedQuery:
    """Parse a reader's query; never raises for any ``str``.

    * ``"a b"`` — a phrase (an unclosed quote runs to the end);
    * ``-word`` or ``-"a b"`` — exclude;
    * a word that analyses into several terms (``covid-19``) is a phrase;
    * stopwords are dropped (``في``), so ``"وزير في الحكومة"`` is the phrase
      ``وزير حكومه``.
    """
    if not isinstance(raw, str):
        raw = ""
    truncated = len(raw) > MAX_QUERY_CHARS
    # normalize() turns «» “” into '"', removes harakat and tatweel, so a
    # quote or a minus is recognised however it was typed.
    head = raw[:MAX_QUERY_CHARS]
    if truncated and " " in head:  # do not search for half a word
        head = head.rsplit(" ", 1)[0]
    text = normalize(head.replace("\x00", " "))
    include: list[Part] = []
    exclude: list[Part] = []
    seen: set[tuple[bool, tuple[str, ...]]] = set()
    budget = MAX_TERMS
    for match in _PART_RE.finditer(text):
        if match.group(2) is not None:
            negative, body = bool(match.group(1)), match.group(2)
        else:
            negative, body = bool(match.group(3)), match.group(4)
            # "--x" or "-" alone: strip extra minus signs.
            body = body.lstrip("-")
        terms = _terms(body)
        if not terms:
            continue
        if len(terms) > budget:
            truncated = True
            terms = terms[:budget]
            if not terms:
                break
        key = (negative, tuple(terms))
        if key in seen:
            continue
        seen.add(key)
        budget -= len(terms)
        part: Part = (
            Term(terms[0]) if len(terms) == 1 else Phrase(tuple(Term(t) for t in terms))
        )
        (exclude if negative else include).append(part)
        if budget <= 0:
            truncated = truncated or match.end() < len(text)
            break
    return ParsedQuery(tuple(include), tuple(exclude), truncated, raw=raw)


Expander = Callable[[str], Iterable[str]]


def expand(query: ParsedQuery, expander: Expander | None) -> ParsedQuery:
    """Give each term the alternative spellings ``expander(term)`` returns.

    The typed term stays first; alternatives that are not valid index terms
    or repeat the term are dropped.
    """
    if expander is None:
        return query

    def grow(term: Term) -> Term:
        extra = []
        for alt in expander(term.text):
            for safe in index_terms(alt)[:1]:
                if safe != term.text and safe not in extra:
                    extra.append(safe)
        return replace(term, alternatives=tuple(extra[:8]))

    def grow_part(part: Part) -> Part:
        if isinstance(part, Phrase):
            return Phrase(tuple(grow(t) for t in part.terms))
        return grow(part)

    return replace(
        query,
        include=tuple(grow_part(p) for p in query.include),
        exclude=tuple(grow_part(p) for p in query.exclude),
    )


# --- SQLite FTS5 ------------------------------------------------------------------
# https://www.sqlite.org/fts5.html#full_text_query_syntax — every term is a
# quoted string of letters and digits, so no operator can come from the reader.


def _fts5_part(part: Part) -> str:
    if isinstance(part, Phrase):
        alts = ['"' + " ".join(v) + '"' for v in part.variants()]
    else:
        alts = [f'"{form}"' for form in part.forms()]
    return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


def to_fts5(query: ParsedQuery, *, title_column: str | None = None) -> str:
    """An FTS5 MATCH expression; ``title_column`` restricts wanted parts to it."""
    if query.is_empty:
        raise ValueError("An empty query has no FTS5 expression.")
    expr = " AND ".join(_fts5_part(p) for p in query.include)
    if title_column:
        expr = "{%s} : (%s)" % (title_column, expr)  # noqa: UP031
    if query.exclude:
        expr += " NOT (" + " OR ".join(_fts5_part(p) for p in query.exclude) + ")"
    return expr


# --- PostgreSQL tsquery -------------------------------------------------------------
# https://www.postgresql.org/docs/current/datatype-textsearch.html#DATATYPE-TSQUERY
# Title lexemes carry weight A and the rest weight D. A phrase is matched
# within one of them, as FTS5 matches a phrase within one column.


def _ts_part(part: Part, weight: str | None) -> str:
    if isinstance(part, Phrase):
        weights = [weight] if weight else ["A", "D"]
        alts = [
            "(" + " <-> ".join(f"'{t}':{w}" for t in variant) + ")"
            for variant in part.variants()
            for w in weights
        ]
    else:
        suffix = f":{weight}" if weight else ""
        alts = [f"'{form}'{suffix}" for form in part.forms()]
    return alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")"


def to_tsquery_title(query: ParsedQuery) -> str:
    """The wanted parts as a tsquery for a title-only ``tsvector`` (no weights)."""
    if query.is_empty:
        raise ValueError("An empty query has no tsquery expression.")

    def part(p: Part) -> str:
        if isinstance(p, Phrase):
            alts = ["(" + " <-> ".join(f"'{t}'" for t in v) + ")" for v in p.variants()]
        else:
            alts = [f"'{form}'" for form in p.forms()]
        return alts[0] if len(alts) == 1 else "(" + " | ".join(alts) + ")"

    return " & ".join(part(p) for p in query.include)


def to_tsquery(query: ParsedQuery, *, title_only: bool = False) -> str:
    """A ``to_tsquery('simple', …)`` expression equivalent to :func:`to_fts5`."""
    if query.is_empty:
        raise ValueError("An empty query has no tsquery expression.")
    weight = "A" if title_only else None
    expr = " & ".join(_ts_part(p, weight) for p in query.include)
    if query.exclude:
        expr += " & !(" + " | ".join(_ts_part(p, None) for p in query.exclude) + ")"
    return expr
