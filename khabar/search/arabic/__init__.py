"""Arabic text analysis for search: pure Python, no Django import.

One pipeline turns documents and queries into the same index terms::

    normalize → tokenize → drop stopwords → stem

    >>> analyze("وَالإستِخبـارات السورية تعتقل ٣ من المسؤولين في iPhone 15")
    ['استخبار', 'سوري', 'تعتقل', '3', 'مسءول', 'iphone', '15']
    >>> analyze_query("المسؤولين المسؤول")
    ['مسءول']

Modules, usable on their own:

* :mod:`.normalize` — :func:`normalize` (diacritics, alef/yaa/taa marbuta,
  digits, punctuation, NFKC; idempotent);
* :mod:`.tokenize` — :func:`tokenize` (Arabic, Latin and number tokens);
* :mod:`.stopwords` — :func:`is_stopword`, :data:`STOPWORDS`;
* :mod:`.stem` — :func:`stem` (memoised light stemmer), :func:`light_stem`,
  :func:`strip_clitics`, and the measurements behind the stemmer choice.

Everything is deterministic: the same text gives the same terms in every
process, so terms can be stored in an index and compared later.
"""

from __future__ import annotations

from .normalize import normalize
from .stem import light_stem, stem, strip_clitics
from .stopwords import STOPWORDS, is_stopword
from .tokenize import tokenize

__all__ = [
    "STOPWORDS",
    "analyze",
    "analyze_query",
    "is_stopword",
    "light_stem",
    "normalize",
    "stem",
    "strip_clitics",
    "tokenize",
]


def analyze(text: str) -> list[str]:
    """Return the index terms of ``text`` in order (duplicates kept)."""
    return [stem(t) for t in tokenize(normalize(text)) if t not in STOPWORDS]


def analyze_query(text: str) -> list[str]:
    """Return the distinct index terms of a search query, in order."""
    return list(dict.fromkeys(analyze(text)))
