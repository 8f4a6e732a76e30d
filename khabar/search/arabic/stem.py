"""Light stemming of normalised Arabic tokens.

The stemmer removes clitics and inflectional affixes but never guesses a root,
which keeps search terms readable and precise::

    >>> [stem(w) for w in ["والاستخبارات", "بالاستخبارات", "وللاستخبارات"]]
    ['استخبار', 'استخبار', 'استخبار']
    >>> [stem(w) for w in ["المسوولين", "مسوولون", "مدرستها", "المصريين", "سوريا"]]
    ['مسوول', 'مسوول', 'مدرس', 'مصري', 'سوريا']

Input must be :func:`~khabar.search.arabic.normalize.normalize`-d (``ة`` is
already ``ه``, ``ى`` is ``ي``).  Tokens that are not purely Arabic letters, or
shorter than three letters, are returned unchanged.

Algorithm (:class:`LightStemmer`, Light10 of Larkey, Ballesteros & Connell,
"Light Stemming for Arabic Information Retrieval", 2007, with four changes):

1. a bare ``و`` is removed when at least 4 letters remain (Light10: 3, which
   turns ``وجود`` into ``جود`` and ``واحد`` into ``احد``);
2. one article group is removed, longest first: ``وبال وكال وفال ولل وال بال
   كال فال لل ال`` (at least 2 letters must remain: ``الحج`` → ``حج``);
3. *new*: bare ``ب``/``ل``/``ك`` are removed while at least 5 letters remain,
   from every core, so ``بسوريا`` → ``سوريا`` and ``بريطانيا``,
   ``لبريطانيا``, ``البريطانيه`` all lose the same ``ب``;
4. one pronoun suffix (``هما كما هم هن كم كن نا ها ه``; ``ه`` also covers the
   normalised taa marbuta), then ``ات ون ين ان ي``, keeping at least 3 letters
   (Light10: 2) and 4 before ``ان`` (so ``لبنان``, ``سودان``, ``عمان`` stay
   whole); a ``ت`` left before a pronoun is dropped (``مدرستها`` → ``مدرس``);
5. *new*: a final nisba ``ي`` is kept and ``يون``/``يين`` become ``ي``, so the
   adjective family ``مصري``/``المصريين``/``مصريه`` → ``مصري`` stays apart from
   ``مصر``, and ``سوري`` apart from ``سور``.

Choice and measurements (``bench/arabic_analyzer.py``, full ANT corpus,
41,686 articles; "hand" = 34 hand-built families with 157 variants, "mined" =
12,753 corpus families: base word + attested proclitic/pronoun/plural forms,
39,986 variants; "collide" = 49 hand-picked pairs of distinct words such as
``سور``/``سوريا``, ``كامل``/``امل``, ``بطاقه``/``طاقه``)::

    stemmer                       tokens/s  hand conf  mined conf  collide
    khabar (this module)           ~560k     91.1 %     82.3 %     26.5 %
      without bare ب/ل/ك rule      ~630k     84.7 %     70.5 %     26.5 %
      bare ب/ل/ك with 4 left       ~590k     91.7 %     88.9 %     36.7 %
      bare و with 3 left           ~590k     89.2 %     84.6 %     36.7 %
      final ي stripped             ~600k     92.4 %     82.3 %     30.6 %
    Light10 (published rules)     ~1.1M     79.6 %     64.5 %     57.1 %
    snowballstemmer "arabic"       ~20k     54.1 %     55.0 %     28.6 %
    nltk ISRI (root stemmer)       ~60k     89.8 %     82.6 %     40.8 %
    tashaphyne light_stem          ~20k     54.8 %     68.4 %     73.5 %

Snowball is the slowest pure-Python candidate and splits families
(``استخبارات`` → ``استخبارا`` but ``الاستخبارات`` → ``استخبار``); ISRI
reduces words to roots (stems/words ratio 0.21 against our 0.42), which
merges unrelated words.  The memoised :func:`stem` runs at ~10M tokens/s on
news text (a plain dict beats ``functools.lru_cache`` at 7.5M/s), so the
analyser as a whole is bound by normalisation, at ~1.4M words/s.

Known limits, inherent to light stemming: broken plurals (``وزير``/``وزراء``)
are not conflated; ``مدرس``/``مدرسه``, ``دول``/``دوله``, ``زيت``/``زيتون``
collide; short ``ب``-words (``بقرار``) keep their ``ب``; ``للبنان`` loses
``لل`` like ``للحكومه`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LightStemmer", "light_stem", "stem", "strip_clitics"]

_ARABIC = frozenset(
    chr(cp)
    for lo, hi in (("\u0621", "\u063a"), ("\u0641", "\u064a"), ("\u0671", "\u06ff"))
    for cp in range(ord(lo), ord(hi) + 1)
)

#: Definite article with its proclitics, longest first (``لل`` = ``ل`` + ``ال``).
ARTICLE_PREFIXES: tuple[str, ...] = (
    "وبال",
    "وكال",
    "وفال",
    "ولل",
    "وال",
    "بال",
    "كال",
    "فال",
    "لل",
    "ال",
)
#: Object/possessive pronoun suffixes, longest first.
PRONOUN_SUFFIXES: tuple[str, ...] = (
    "هما",
    "كما",
    "هم",
    "هن",
    "كم",
    "كن",
    "نا",
    "ها",
    "ه",  # also the normalised taa marbuta: مدرسه → مدرس
)
#: Number/gender suffixes, tried in this order after the pronoun.
INFLECTION_SUFFIXES: tuple[str, ...] = ("ات", "ون", "ين", "ان", "ي")


@dataclass(frozen=True, slots=True)
class LightStemmer:
    """A Light10-style affix stripper (Larkey, Ballesteros & Connell 2007).

    The thresholds are *minimum lengths of what remains* after removing an
    affix; the defaults are the ones chosen by ``bench/arabic_analyzer.py``.
    """

    #: strip a bare ``و`` when at least this many letters remain
    waw_min: int = 4
    #: strip ``ال``-type prefixes when at least this many letters remain
    article_min: int = 2
    #: strip a bare ``ب``/``ل``/``ك`` when at least this many letters remain
    #: (0 = never strip them)
    particle_min: int = 5
    #: minimum stem length after removing a suffix
    suffix_min: int = 3
    #: minimum stem length after removing the dual/plural ``ان``
    an_min: int = 4
    #: keep a final nisba/possessive ``ي`` (``مصري`` ≠ ``مصر``)
    keep_yaa: bool = True
    #: drop a ``ت`` left in front of a pronoun (the taa marbuta of
    #: ``مدرستها``) when at least this many letters precede it (0 = never)
    taa_min: int = 3

    def strip_prefixes(self, word: str) -> str:
        """Remove ``و``, the article group and bare ``ب``/``ل``/``ك``."""
        if word.startswith("و") and len(word) - 1 >= self.waw_min:
            word = word[1:]
        for prefix in ARTICLE_PREFIXES:
            if word.startswith(prefix):
                if len(word) - len(prefix) >= self.article_min:
                    word = word[len(prefix) :]
                break
        # Applied to every core, with or without the article, so that a word
        # that itself starts with ب/ل/ك (بريطانيا) loses it in all its forms
        # (لبريطانيا, البريطاني) alike and its families stay together.
        while (
            self.particle_min
            and len(word) - 1 >= self.particle_min
            and word[0] in "بلك"
        ):
            word = word[1:]
        return word

    def strip_suffixes(self, word: str) -> str:
        """Remove one pronoun suffix, then number/gender suffixes."""
        minimum = self.suffix_min
        for suffix in PRONOUN_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
                word = word[: -len(suffix)]
                if (
                    self.taa_min
                    and word.endswith("ت")
                    and len(word) - 1 >= self.taa_min
                    and not word.endswith("ات")
                ):
                    word = word[:-1]
                break
        for suffix in INFLECTION_SUFFIXES:
            if not word.endswith(suffix):
                continue
            keep = len(word) - len(suffix)
            if suffix == "ان":
                if keep >= self.an_min:
                    word = word[:keep]
            elif suffix == "ي":
                if not self.keep_yaa and keep >= minimum:
                    word = word[:keep]
            elif (
                suffix in ("ون", "ين")
                and self.keep_yaa
                and word[keep - 1 : keep] == "ي"
            ):
                # nisba plural: مصريون / مصريين → مصري
                if keep >= minimum:
                    word = word[:keep]
            elif keep >= minimum:
                word = word[:keep]
        return word

    def __call__(self, word: str) -> str:
        if len(word) < 3 or not _ARABIC.issuperset(word):
            return word
        return self.strip_suffixes(self.strip_prefixes(word))


DEFAULT_STEMMER = LightStemmer()


def strip_clitics(token: str) -> str:
    """Remove the conjunction, article and particle prefixes of ``token``."""
    if len(token) < 3 or not _ARABIC.issuperset(token):
        return token
    return DEFAULT_STEMMER.strip_prefixes(token)


def light_stem(token: str) -> str:
    """Stem ``token`` without the cache (for benchmarks and one-off calls)."""
    return DEFAULT_STEMMER(token)


_CACHE: dict[str, str] = {}
#: The cache is cleared when it reaches this many entries (≈ 15 MB); news
#: vocabulary is Zipfian, so the hot words are back within a few documents.
CACHE_SIZE = 200_000


def stem(token: str) -> str:
    """Return the light stem of the normalised ``token`` (memoised).

    Non-Arabic tokens (Latin words, numbers) and tokens shorter than three
    letters come back unchanged.
    """
    try:
        return _CACHE[token]
    except KeyError:
        pass
    if len(_CACHE) >= CACHE_SIZE:
        _CACHE.clear()
    _CACHE[token] = result = DEFAULT_STEMMER(token)
    return result
