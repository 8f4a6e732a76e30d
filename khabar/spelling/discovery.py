"""Discover spelling variants of names and loanwords in an archive of articles.

Pure Python (stdlib + :mod:`khabar.search.arabic`), no Django import.  Arabic
outlets transliterate foreign names differently (``ترامب``/``ترمب``,
``غوغل``/``جوجل``, ``تشيلسي``/``تشلسي``), and readers type either one.  This
module finds such pairs in the archive itself and scores them::

    >>> stats = CorpusStats()
    >>> for doc in documents:                    # an iterable of plain texts
    ...     stats.add_text(doc)
    >>> groups = discover(stats)
    >>> groups[0].canonical, groups[0].members, groups[0].confidence
    ('ترامب', ('ترامب', 'ترمب'), 1.0)
    >>> build_expansions([g.members for g in groups])["ترمب"]
    ('ترامب',)

How it works
============

*Units.*  Documents are normalised and tokenised like the search index
(:mod:`khabar.search.arabic`); stopwords and non-Arabic tokens are dropped.  A
token's *core* is the token without the conjunction and article (``والكونغرس``
→ ``كونغرس``); the light stemmer's extra rule for bare ``ب``/``ل``/``ك`` is not
applied, because it cuts the first letter of names (``كونغرس`` → ``ونغرس``).
Groups are made of cores; :func:`build_expansions` maps them to the index
terms (stems) that search uses.

*Candidates* share a :func:`skeleton`: the core with non-initial long vowels
and hamza (``ا و ي ء``) removed, the letters Arabic uses for foreign sounds
folded (G: ``غ ج ك`` and Maghrebi ``ڨ``/``گ``; V: ``ف ڤ``; P: ``ب پ``;
CH: ``تش`` → ``ش``) and doubled letters collapsed.  The last letter is kept as
it is, so ``سوري``/``سور`` and ``مصري``/``مصر`` never meet.  ``ق`` is not
a G by default (``g_with_qaf``): in this archive's names it almost never is,
and measured on 40,000 articles, folding it in changes one group of 848 and
no false merge (``bench/spelling_bench.py --g-with-qaf``); the option is there
for archives with Gulf spellings such as ``قوقل``.

*Evidence* for a pair ``(a, b)`` of cores in one skeleton bucket:

``context``
    cosine of their context vectors (neighbouring content words within
    ±``window`` tokens, idf-weighted).  Two spellings of one man are surrounded
    by the same words (``الرئيس الامريكي دونالد …``); ``كتب`` (wrote) and
    ``كتاب`` (book) are not.
``morphology``
    how often the words take pronoun suffixes and plural endings
    (``كتابه``, ``قاتلون``).  Native words do; transliterated names do not.
``article_gap``
    difference of the shares of occurrences with the article: a verb and a
    noun of one root differ, two spellings of one name do not.

Measured on the corpus, *document co-occurrence* was useless (two spellings
of one name are in the same kind of story, so they co-occur far above chance)
and is only kept as evidence for editors.  Before scoring, pairs that the
analyser already conflates are dropped, and so are inflected forms
(``كتابها``, ``قتلوا``, ``جماعات`` when ``جماعه`` exists) and the shapes
of Arabic morphology (:func:`native_pattern`: nisba endings, broken
plurals, another pattern of one root).  The context bar (:func:`score_pair`)
is higher for short skeletons, where native words collide, and lower for
long ones (``سامسونغ``/``سامسونج``), where they practically never do.
Distinct Arabic given names one vowel apart (``محمد``/``محمود``) are never
merged (:data:`NATIVE_NAMES`).  ``bench/spelling_bench.py`` measures the
false-merge rate on :mod:`khabar.spelling.falsemerge_pairs`.

Groups are formed per skeleton bucket: each core joins the group of the more
frequent core it is most confidently linked to; the most frequent member is
the group's *canonical* spelling (the one "did you mean" suggests).
"""

from __future__ import annotations

import io
import math
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO

from khabar.search.arabic import normalize, stem, tokenize
from khabar.search.arabic.stem import LightStemmer
from khabar.search.arabic.stopwords import STOPWORDS

__all__ = [
    "CorpusStats",
    "Pair",
    "VariantGroup",
    "build_expansions",
    "core_of",
    "discover",
    "letters_only",
    "native_pattern",
    "vowels_only",
    "score_candidates",
    "score_pair",
    "skeleton",
]

_CORE_STEMMER = LightStemmer(particle_min=0)
#: Arabic letters, as in :data:`khabar.search.arabic.tokenize.ARABIC_LETTERS`
_ARABIC = frozenset(
    ch
    for lo, hi in (("\u0621", "\u063a"), ("\u0641", "\u064a"), ("\u0671", "\u06d3"))
    for ch in map(chr, range(ord(lo), ord(hi) + 1))
) | frozenset("\u06fa\u06fb\u06fc\u06ff")

#: letters folded together in :func:`skeleton` (foreign sounds)
LETTER_CLASSES: dict[str, str] = {
    "غ": "G",
    "ج": "G",
    "ك": "G",
    "ڨ": "G",  # Tunisian/Algerian g
    "گ": "G",  # Persian gaf
    "ڭ": "G",  # Moroccan g
    "ف": "F",
    "ڤ": "F",
    "ب": "B",
    "پ": "B",
    "چ": "ش",
}
#: dropped when not the first letter (long vowels and the hamza seat)
VOWELS = frozenset("اويء")
#: pronoun suffixes (normalised ``ة`` is ``ه`` too, so ``ه`` alone is weak)
PRONOUNS = ("ه", "ها", "هم", "هما", "كم", "نا", "هن")
#: common Arabic given names that are one long vowel apart from each other
#: (محمد/محمود, حسن/حسين): distinct people, never merged automatically
NATIVE_NAMES = frozenset(
    """
    محمد محمود احمد حامد حميد حمد حمدي حماد حسن حسين حسان حسني سعد سعيد سعود
    عمر عمار عامر عمرو جمال جميل كمال كامل كريم كرم سالم سليم سلمان سليمان
    سلامه ماجد مجيد مجدي رشيد راشد فريد فرد نجيب عادل عدل خالد خلود ناصر
    نصر نصار منصور نبيل امين مامون مامن علي عليا عالي هاني هناء وليد والد
    رامي رامز سامي سمير سامر زياد زايد زيد فادي فاديه رياض رايد رعد
    """.split()
)


def core_of(token: str) -> str:
    """Return ``token`` without conjunction and article (normalised input)."""
    return _CORE_STEMMER.strip_prefixes(token)


def skeleton(core: str, *, g_with_qaf: bool = False) -> str:
    """Return the spelling-independent key of a normalised core.

    >>> skeleton("ترامب") == skeleton("ترمب")
    True
    >>> skeleton("تشيلسي") == skeleton("تشلسي"), skeleton("سوري") == skeleton("سور")
    (True, False)
    """
    if not core:
        return core
    text = core.replace("تش", "ش")
    mapped: list[str] = []
    for ch in text:  # fold letter classes, collapse doubled letters (ميسسي)
        if ch == "ق" and g_with_qaf:
            ch = "G"
        else:
            ch = LETTER_CLASSES.get(ch, ch)
        if len(mapped) < 2 or mapped[-1] != ch:
            mapped.append(ch)
    last = len(mapped) - 1
    # drop long vowels and hamza inside the word; the first and last letters stay
    return "".join(
        ch for i, ch in enumerate(mapped) if i == 0 or i == last or ch not in VOWELS
    )


@dataclass
class CorpusStats:
    """Term, document and context statistics of an archive (built in one pass).

    The first pass (:meth:`add_text`) counts each core's occurrences,
    documents and uses with the article, in integer arrays.  Documents are
    kept as arrays of core ids (4 bytes a token) for the context pass, in a
    temporary file when ``spill`` is true (an archive of 100,000 articles
    then needs no memory for them), else in :attr:`docs`.  The context pass
    (:func:`score_candidates`) reads them back once per slice of candidate
    skeletons, so only the context vectors of one slice are ever in memory.
    ``articled[c]`` counts the occurrences of core ``c`` with the definite
    article.
    """

    window: int = 3
    spill: bool = False
    vocab: dict[str, int] = field(default_factory=dict)
    cores: list[str] = field(default_factory=list)
    tf: array[int] = field(default_factory=lambda: array("q"))
    df: array[int] = field(default_factory=lambda: array("q"))
    articled: array[int] = field(default_factory=lambda: array("q"))
    docs: list[array[int]] = field(default_factory=list)
    #: token → core id × 2 + has the article, or -1 (not a content word);
    #: the vocabulary is Zipfian, so each distinct token is analysed once
    _tokens: dict[str, int] = field(default_factory=dict, repr=False)
    _file: IO[bytes] | None = field(default=None, repr=False)
    _n_docs: int = field(default=0, repr=False)

    @property
    def n_docs(self) -> int:
        return self._n_docs

    def add_text(self, text: str) -> None:
        """Analyse and add one document (title and body, plain text)."""
        self.add_tokens(tokenize(normalize(text)))

    def add_tokens(self, tokens: Iterable[str]) -> None:
        """Add one document given as normalised tokens."""
        known, tf, articled = self._tokens, self.tf, self.articled
        ids = array("i")
        for token in tokens:
            code = known.get(token)
            if code is None:
                code = known[token] = self._code(token)
            cid = code >> 1  # -1 stays -1
            if cid >= 0:
                tf[cid] += 1
                if code & 1:
                    articled[cid] += 1
            ids.append(cid)
        df = self.df
        for cid in set(ids):
            if cid >= 0:
                df[cid] += 1
        self._n_docs += 1
        if not self.spill:
            self.docs.append(ids)
            return
        if self._file is None:
            self._file = tempfile.TemporaryFile(buffering=1 << 20)
        self._file.write(len(ids).to_bytes(4, "little"))
        ids.tofile(self._file)

    def iter_docs(self) -> Iterator[array[int]]:
        """The documents as arrays of core ids (-1: not a content word)."""
        if not self.spill:
            yield from self.docs
            return
        f = self._file
        if f is None:
            return
        f.seek(0)
        while head := f.read(4):
            ids = array("i")
            ids.frombytes(f.read(4 * int.from_bytes(head, "little")))
            yield ids
        f.seek(0, io.SEEK_END)

    def close(self) -> None:
        """Remove the temporary file of a spilled corpus."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _code(self, token: str) -> int:
        if token in STOPWORDS or len(token) < 3 or not _ARABIC.issuperset(token):
            return -1
        core = core_of(token)
        cid = self.vocab.get(core)
        if cid is None:
            cid = self.vocab[core] = len(self.cores)
            self.cores.append(core)
            self.tf.append(0)
            self.df.append(0)
            self.articled.append(0)
        prefix = token[: len(token) - len(core)]
        return cid << 1 | ("ال" in prefix or prefix.endswith("لل"))

    def frequency(self, core: str) -> int:
        cid = self.vocab.get(core)
        return 0 if cid is None else self.tf[cid]

    def morphology(self, cid: int) -> float:
        """Share of inflected forms (pronoun suffixes, plurals) per occurrence.

        Native nouns and verbs are inflected (``كتابه``, ``كتبها``,
        ``قاتلون``); transliterated names almost never are (``ترامبها``).
        """
        core = self.cores[cid]
        if core.endswith("ه"):
            base = core[:-1]
            forms = [base + "ات", base + "تان", base + "تين"]
            forms += [base + "ت" + p for p in PRONOUNS]
        elif core.endswith("ي"):  # nisba: its ه/ين/ون are the adjective's own
            forms = [core + p for p in PRONOUNS if p != "ه"]
        else:
            forms = [core + p for p in PRONOUNS]
            forms += [core + s for s in ("ات", "ون", "ين", "ان", "وا")]
        total = sum(self.frequency(f) for f in forms)
        return total / max(1, self.tf[cid])

    def is_inflected_form(self, cid: int) -> bool:
        """True for inflected forms of a more basic word in the archive.

        ``كتابها`` (pronoun), ``قتلوا``/``يتعرضون`` (verb endings), ``جهودا``
        (accusative), ``جماعات`` (plural of ``جماعه``): such a core is never a
        spelling of another word, and comparing it would pair ``جماعات`` with
        ``جمعيات``.  Names ending in ``يا`` (``كتالونيا``) are kept although
        ``كتالوني`` exists.  A bare ``ب``/``ل``/``ك`` on a frequent word
        (``بمرض``, ``بروسيا``) marks a particle, not a name.
        """
        core = self.cores[cid]
        floor = max(3, self.tf[cid] // 10)
        for suffix in PRONOUNS[1:]:
            if core.endswith(suffix) and len(core) - len(suffix) >= 3:
                base = core[: -len(suffix)]
                if self.frequency(base) >= 3 or (
                    base.endswith("ت") and self.frequency(base[:-1] + "ه") >= 3
                ):
                    return True
        for suffix in ("ون", "ين", "وا", "ا", "ات"):
            if not core.endswith(suffix) or len(core) - len(suffix) < 3:
                continue
            base = core[: -len(suffix)]
            if suffix == "ا" and base.endswith("ي"):
                continue
            if suffix == "ات":
                base += "ه"
            if self.frequency(base) >= floor:
                return True
        # a bare ب/ل/ك on a known word (بمرض, لروسيا): the word itself is compared
        # (five times as frequent: بتكوين is a name although تكوين is a word)
        return core[0] in "بلك" and self.frequency(core[1:]) >= max(
            20, 5 * self.tf[cid]
        )

    def contexts(self, wanted: set[int]) -> dict[int, Counter[int]]:
        """Context counts (neighbour core id → count) of the ``wanted`` cores."""
        result: dict[int, Counter[int]] = {cid: Counter() for cid in wanted}
        w = self.window
        for ids in self.iter_docs():
            if result.keys().isdisjoint(ids):
                continue
            for i, cid in enumerate(ids):
                ctx = result.get(cid)
                if ctx is not None:
                    ctx.update(ids[max(0, i - w) : i])
                    ctx.update(ids[i + 1 : i + w + 1])
        for ctx in result.values():
            ctx.pop(-1, None)
        return result

    def cooccurrence(
        self, pairs: Iterable[tuple[int, int]]
    ) -> dict[tuple[int, int], int]:
        """Number of documents that contain both cores of each pair."""
        pairs = list(pairs)
        partners: dict[int, set[int]] = {}
        for a, b in pairs:
            partners.setdefault(a, set()).add(b)
        counts: Counter[tuple[int, int]] = Counter()
        keys = partners.keys()
        for ids in self.iter_docs():
            present = set(ids)
            for a in present & keys:
                for b in partners[a] & present:
                    counts[a, b] += 1
        return {pair: counts[pair] for pair in pairs}


@dataclass(frozen=True, slots=True)
class Pair:
    """Evidence that two cores are spellings of one word."""

    a: str
    b: str
    tf_a: int
    tf_b: int
    context: float
    morphology: float
    article_gap: float
    both_docs: int
    confidence: float

    def as_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "tf_a": self.tf_a,
            "tf_b": self.tf_b,
            "context": round(self.context, 3),
            "morphology": round(self.morphology, 4),
            "article_gap": round(self.article_gap, 3),
            "both_docs": self.both_docs,
            "confidence": round(self.confidence, 3),
        }


@dataclass(frozen=True, slots=True)
class VariantGroup:
    """Spellings of one name; ``members`` start with the canonical one."""

    canonical: str
    members: tuple[str, ...]
    frequencies: tuple[int, ...]
    confidence: float
    evidence: tuple[Pair, ...]
    context_words: tuple[str, ...] = ()

    @property
    def skeleton(self) -> str:
        return skeleton(self.canonical)


def _cosine(u: Mapping[int, float], v: Mapping[int, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    dot = sum(w * v.get(k, 0.0) for k, w in u.items())
    nu = math.sqrt(sum(w * w for w in u.values()))
    nv = math.sqrt(sum(w * w for w in v.values()))
    return dot / (nu * nv) if nu and nv else 0.0


def _ramp(x: float, lo: float, hi: float) -> float:
    return min(1.0, max(0.0, (x - lo) / (hi - lo)))


def vowels_only(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only by long vowels/hamza (كتب/كتاب)."""
    strip = "".maketrans("", "", "اويء")
    return a[0] == b[0] and a[1:].translate(strip) == b[1:].translate(strip)


def letters_only(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only by letters of one class (غوغل/جوجل)."""
    return len(a) == len(b) and all(
        x == y or LETTER_CLASSES.get(x, x) == LETTER_CLASSES.get(y, y)
        for x, y in zip(a, b, strict=True)
    )


def _insertion(longer: str, shorter: str) -> int | None:
    """Index of the one letter whose removal turns ``longer`` into ``shorter``."""
    if len(longer) != len(shorter) + 1:
        return None
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            return i
    return None


def native_pattern(a: str, b: str) -> bool:
    """True when ``a``/``b`` differ the way Arabic morphology does, not spelling.

    * a nisba or adverb ending on one word only (``تجاره``/``تجاريه``,
      ``مدينه``/``ميدانيه``, ``سلبا``/``سلبيا``), or a vowel inserted in the
      last three letters of a word ending in ``ه ا ي`` (``تنميه``/``تنمويه``);
    * the same number of ``ا`` in other places: another pattern of one root
      (``صارمه``/``صرامه``);
    * an ``ا`` after the second letter of one word, which is not a mere
      insertion: a broken plural (``صندوق``/``صناديق``, ``مليون``/``ملايين``).
    """
    for x, y in ((a, b), (b, a)):
        for ending in ("يه", "يا"):
            if x.endswith(ending) and y[-1] == ending[-1] and not y.endswith(ending):
                return True
        at = _insertion(x, y)
        if at is not None and x[-1] in "هاي" and at >= len(x) - 3:
            return True
    pos_a = [i for i, ch in enumerate(a) if ch == "ا"]
    pos_b = [i for i, ch in enumerate(b) if ch == "ا"]
    if pos_a and len(a) == len(b) and len(pos_a) == len(pos_b) and pos_a != pos_b:
        return True
    for x, y in ((a, b), (b, a)):
        if (
            len(x) > len(y) >= 3
            and x[2] == "ا"
            and "ا" not in y[1:4]
            and x[:2] == y[:2]
            and _insertion(x, y) is None
        ):
            return True
    return False


def score_pair(
    *,
    a: str,
    b: str,
    context: float,
    morphology: float,
    article_gap: float,
) -> float:
    """Combine the evidence for cores ``a`` and ``b`` into a confidence in [0, 1].

    ``context`` is the cosine of the context vectors, ``morphology`` the larger
    :meth:`CorpusStats.morphology`, ``article_gap`` the difference of the two
    shares of occurrences with the article (a noun and a verb differ; two
    spellings of one name do not).  The context bar depends on how easily
    native words collide in the skeleton: it is highest for short skeletons
    that differ only by vowels (``فعل``/``فاعل``), lowest for long ones
    (``سامسونغ``/``سامسونج``).
    """
    if (a in NATIVE_NAMES and b in NATIVE_NAMES) or native_pattern(a, b):
        return 0.0
    key = skeleton(a)
    if len(key) >= 5:
        lo, hi = 0.03, 0.15
    elif len(key) <= 3 and not letters_only(a, b):
        lo, hi = 0.25, 0.40
    else:
        lo, hi = 0.08, 0.25
    confidence = (
        _ramp(context, lo, hi)
        * (1.0 - _ramp(morphology, 0.01, 0.05))
        * (1.0 - _ramp(article_gap, 0.15, 0.4))
    )
    return round(confidence, 4)


#: Context-vector entries (upper bound: window × occurrences) counted in
#: one pass over the documents; about 100 bytes each at most.
CONTEXT_BUDGET = 3_000_000


def score_candidates(
    stats: CorpusStats,
    *,
    min_count: int = 3,
    bucket_limit: int = 12,
    g_with_qaf: bool = False,
    context_words: int = 20,
    context_budget: int = CONTEXT_BUDGET,
) -> tuple[
    dict[str, list[int]], dict[tuple[int, int], Pair], dict[int, tuple[str, ...]]
]:
    """Return the skeleton buckets, the scored pairs and each core's top context.

    A bucket holds the (at most ``bucket_limit``) most frequent cores of one
    skeleton, most frequent first; pairs are ``(more frequent, less frequent)``.
    The context vectors are counted slice by slice of the candidates
    (:data:`CONTEXT_BUDGET`), so memory does not grow with the archive; the
    top context words (``context_words`` of each core, by weight) are kept
    as evidence for editors.
    """
    tf, df, cores = stats.tf, stats.df, stats.cores
    buckets: dict[str, list[int]] = {}
    for cid, core in enumerate(cores):
        if tf[cid] >= min_count and len(core) >= 3:
            key = skeleton(core, g_with_qaf=g_with_qaf)
            if len(key) >= 3:
                buckets.setdefault(key, []).append(cid)
    buckets = {
        key: sorted(members, key=lambda c: (-tf[c], cores[c]))[:bucket_limit]
        for key, members in buckets.items()
        if len(members) > 1
    }
    # Inflected forms (كتابها) are never a spelling of another word.
    buckets = {
        key: kept
        for key, members in buckets.items()
        if len(kept := [c for c in members if not stats.is_inflected_form(c)]) > 1
    }
    # Pairs the analyser already conflates (مسلحين/مسلحون) need no group.
    candidates = [
        (a, members[j])
        for members in buckets.values()
        for i, a in enumerate(members)
        for j in range(i + 1, len(members))
        if stem(cores[a]) != stem(cores[members[j]])
    ]
    both = stats.cooccurrence(candidates)
    n = max(1, stats.n_docs)
    idf: dict[int, float] = {}

    def idf_of(other: int) -> float:
        weight = idf.get(other)
        if weight is None:
            weight = idf[other] = math.log(1 + n / (1 + df[other]))
        return weight

    scored: dict[tuple[int, int], Pair] = {}
    top_context: dict[int, tuple[str, ...]] = {}
    for part in _slices(candidates, tf, 2 * stats.window, context_budget):
        wanted = {c for pair in part for c in pair}
        raw = stats.contexts(wanted)
        vectors: dict[int, dict[int, float]] = {}
        for cid, ctx in raw.items():
            vec: dict[int, float] = {}
            for other, count in ctx.items():
                weight = idf_of(other)
                if weight > 0:
                    vec[other] = (1 + math.log(count)) * weight
            vectors[cid] = vec
            top = sorted(
                ((c, k * idf_of(c)) for c, k in ctx.items()),
                key=lambda item: -item[1],
            )[:context_words]
            top_context[cid] = tuple(cores[c] for c, _ in top)
        del raw
        for a, b in part:
            scored[a, b] = _pair(stats, a, b, _cosine(vectors[a], vectors[b]), both)
    return buckets, scored, top_context


def _slices(
    candidates: list[tuple[int, int]],
    tf: array[int],
    window: int,
    budget: int,
) -> Iterator[list[tuple[int, int]]]:
    """Candidate pairs in slices whose context vectors fit in ``budget`` entries.

    A core has at most ``window`` neighbours an occurrence; the pairs of one
    core stay in one slice (a pair never spans two skeletons).
    """
    part: list[tuple[int, int]] = []
    size = 0
    seen: set[int] = set()
    for a, b in candidates:
        grow = sum(window * tf[c] for c in (a, b) if c not in seen)
        if part and size + grow > budget and a not in seen and b not in seen:
            yield part
            part, size, seen = [], 0, set()
            grow = window * (tf[a] + tf[b])
        part.append((a, b))
        seen.update((a, b))
        size += grow
    if part:
        yield part


def _pair(
    stats: CorpusStats,
    a: int,
    b: int,
    context: float,
    both: Mapping[tuple[int, int], int],
) -> Pair:
    cores, tf = stats.cores, stats.tf
    morph = max(stats.morphology(a), stats.morphology(b))
    gap = abs(stats.articled[a] / max(1, tf[a]) - stats.articled[b] / max(1, tf[b]))
    return Pair(
        a=cores[a],
        b=cores[b],
        tf_a=tf[a],
        tf_b=tf[b],
        context=context,
        morphology=morph,
        article_gap=gap,
        both_docs=both[a, b],
        confidence=score_pair(
            a=cores[a], b=cores[b], context=context, morphology=morph, article_gap=gap
        ),
    )


def discover(
    stats: CorpusStats,
    *,
    min_count: int = 3,
    threshold: float = 0.5,
    bucket_limit: int = 12,
    g_with_qaf: bool = False,
    context_words: int = 20,
    context_budget: int = CONTEXT_BUDGET,
) -> list[VariantGroup]:
    """Return the variant groups found in ``stats``, most frequent first.

    Each core joins the group of the more frequent core of its bucket it is
    most confidently linked to, if that confidence is at least ``threshold``;
    a group's confidence is its weakest link.
    """
    tf, cores = stats.tf, stats.cores
    buckets, scored, top_context = score_candidates(
        stats,
        min_count=min_count,
        bucket_limit=bucket_limit,
        g_with_qaf=g_with_qaf,
        context_words=context_words,
        context_budget=context_budget,
    )
    # Attach each core to its best more-frequent partner above the threshold.
    root: dict[int, int] = {}
    attach: dict[int, float] = {}
    for members in buckets.values():
        for i, b in enumerate(members[1:], start=1):
            best, best_score = None, threshold
            for a in members[:i]:
                pair = scored.get((a, b))
                if pair is not None and pair.confidence >= best_score:
                    best, best_score = a, pair.confidence
            if best is not None:
                root[b] = root.get(best, best)
                attach[b] = best_score
    grouped: dict[int, list[int]] = {}
    for b, a in root.items():
        grouped.setdefault(a, [a]).append(b)
    groups: list[VariantGroup] = []
    for head, members in grouped.items():
        members.sort(key=lambda c: -tf[c])
        evidence = tuple(
            scored[a, b]
            for i, a in enumerate(members)
            for b in members[i + 1 :]
            if (a, b) in scored
        )
        confidence = min(attach[m] for m in members[1:])
        groups.append(
            VariantGroup(
                canonical=cores[head],
                members=tuple(cores[m] for m in members),
                frequencies=tuple(tf[m] for m in members),
                confidence=round(confidence, 3),
                evidence=evidence,
                context_words=top_context.get(head, ()),
            )
        )
    groups.sort(key=lambda g: -g.frequencies[0])
    return groups


def build_expansions(
    groups: Iterable[Iterable[str]],
) -> dict[str, tuple[str, ...]]:
    """Map each index term (stem) of a group to the group's other spellings.

    ``groups`` are iterables of cores, most used first.  Keys are stems, as
    :func:`~khabar.search.arabic.analyze_query` returns them; values are the
    *spellings* (cores) of the other members, which the search analyses like
    any query word.  Members with the same stem as the key are left out::

        >>> build_expansions([("كونغرس", "كونجرس")])
        {'ونغرس': ('كونجرس',), 'ونجرس': ('كونغرس',)}
    """
    table: dict[str, list[str]] = {}
    for group in groups:
        # one spelling per index term: two cores with one stem match alike
        by_stem: dict[str, str] = {}
        for core in group:
            by_stem.setdefault(stem(core), core)
        for key in by_stem:
            alternatives = table.setdefault(key, [])
            for other_stem, other in by_stem.items():
                if other_stem != key and other not in alternatives:
                    alternatives.append(other)
    return {s: tuple(alts) for s, alts in table.items() if alts}
