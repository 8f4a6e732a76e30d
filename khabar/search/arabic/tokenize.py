"""Split normalised text into word tokens.

Input is the output of :func:`khabar.search.arabic.normalize.normalize`
(the function also accepts raw text and then simply sees more punctuation).
A token is one of:

* a run of Arabic letters (U+0621–U+064A and the extended letters U+0671–U+06D3,
  U+06FA–U+06FF, e.g. Tunisian ``ڨ``);
* a number, keeping its decimal point or thousands separator (``3.5``,
  ``1,200``);
* a run of other letters and digits (Latin, Greek, Cyrillic …), so model names
  such as ``covid19`` or ``iphone15`` stay whole.

Everything else (whitespace, punctuation, symbols, emoji, underscores) is a
separator, and a script change between Arabic and Latin is a boundary::

    >>> tokenize("iphone 15 من ابل")
    ['iphone', '15', 'من', 'ابل']
    >>> tokenize("ارتفع 3.5% في 2013م 🙂 covid19")
    ['ارتفع', '3.5', 'في', '2013', 'م', 'covid19']

Zero-width joiners, bidi marks and diacritics are removed by ``normalize``
(never turned into spaces), so they do not split a word either.  The function
never raises for any ``str``.
"""

from __future__ import annotations

import re

__all__ = ["ARABIC_LETTERS", "tokenize"]

#: Character-class body for Arabic letters (no digits, marks or punctuation).
ARABIC_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06fc\u06ff"

_TOKEN_RE = re.compile(
    rf"[{ARABIC_LETTERS}]+"  # Arabic word
    r"|\d+(?:[.,]\d+)*(?![^\W_])"  # number not glued to letters: 3.5, 1,200
    rf"|[^\W_{ARABIC_LETTERS}\u0600-\u06ff]+"  # other letters/digits (Latin …)
)


def tokenize(text: str) -> list[str]:
    """Return the word tokens of ``text`` in order."""
    return _TOKEN_RE.findall(text)
