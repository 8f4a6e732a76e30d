"""Orthographic normalisation of Arabic (and mixed Arabic/Latin) text.

Search must treat spellings that readers consider "the same word" as equal,
so every document and every query goes through :func:`normalize` first::

    >>> normalize("وَالإستِخبـارات في المدرسة ٢٠١٣")
    'والاستخبارات في المدرسه 2013'
    >>> normalize("«مستشفى» iPhone؟")
    '"مستشفي" iphone?'

Steps, in order (Unicode ranges from the Unicode Standard, chapter 9.2
"Arabic", https://www.unicode.org/charts/PDF/U0600.pdf):

1. NFKC, which folds presentation forms (``ﻻ`` → ``لا``, ``ﻷ`` → ``لأ``), full-width
   Latin, ligatures and no-break spaces into ordinary characters.
2. ``str.casefold`` (Latin, Greek, Cyrillic case; no-op for Arabic).
3. One ``str.translate`` table:

   * **deleted** (never replaced by a space, so a diacritic cannot split a
     word, unlike Wagtail's modelsearch tokenizer): harakat U+064B–U+065F,
     superscript alef U+0670, high hamza U+0674, Quranic marks U+06D6–U+06ED,
     honorific signs U+0610–U+061A, extended marks U+08D3–U+08FF, tatweel
     U+0640, and every format (Cf) character in the BMP: ZWNJ/ZWJ, LRM/RLM/ALM,
     the bidi embeddings/isolates, soft hyphen, BOM.  They are invisible, so
     deleting them gives the word the reader sees;
   * alef variants ``أ إ آ ٱ ٲ ٳ`` → ``ا``; ``ى`` → ``ي``; ``ة`` → ``ه``
     (also Urdu/Persian ``ھ ە ۀ ۃ``); Persian ``ک`` → ``ك``, ``ی`` → ``ي``;
   * hamza carriers: ``ؤ`` and ``ئ`` → ``ء``.  The same word is written with
     either seat in different countries (Egyptian ``مسئول``/``شئون``,
     Levantine ``مسؤول``/``شؤون``), so the seat is dropped and the hamza
     kept: both spellings become ``مسءول``.  The stand-alone ``ء`` is a letter
     of its own (``سماء``) and stays;
   * Arabic-Indic ``٠-٩`` and Persian ``۰-۹`` digits → ``0-9``; ``٫`` → ``.``,
     ``٬`` → ``,``, ``٪`` → ``%``;
   * Arabic punctuation → ASCII: ``،`` → ``,``, ``؛`` → ``;``, ``؟`` → ``?``,
     ``۔`` → ``.``, guillemets and curly quotes → ``"``/``'``.

4. NFKC again, but only when step 3 made the text non-normalised (deleting a
   mark can let two others compose), which keeps the function idempotent.
5. Whitespace runs collapse to one space; the result is stripped.

``normalize(normalize(x)) == normalize(x)`` holds for every ``str``; the
property tests check it with hypothesis.
"""

from __future__ import annotations

import unicodedata

__all__ = ["normalize"]


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    deleted = [
        *range(0x064B, 0x0660),  # fathatan … wavy hamza below (harakat)
        0x0670,  # superscript (dagger) alef
        0x0674,  # high hamza (NFKC leaves it after ٵ → اٴ)
        *range(0x0610, 0x061B),  # honorific signs ؐ … ؚ
        *range(0x06D6, 0x06EE),  # Quranic annotation marks
        *range(0x08D3, 0x0900),  # Arabic Extended-A marks
        0x0640,  # tatweel (kashida)
    ]
    # Format characters (ZWNJ, ZWJ, LRM, RLM, ALM, LRE…PDI, soft hyphen, BOM,
    # Arabic number signs U+0600–U+0605).  Computed, not listed, so a new
    # Unicode version cannot leave one out.
    deleted += [cp for cp in range(0x10000) if unicodedata.category(chr(cp)) == "Cf"]
    table.update(dict.fromkeys(deleted))
    letters = {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh U+06CC
        "ې": "ي",  # U+06D0
        "ئ": "ء",
        "ؤ": "ء",
        "ة": "ه",
        "ۃ": "ه",  # U+06C3 taa marbuta goal
        "ھ": "ه",  # U+06BE heh doachashmee (seen in the corpus)
        "ە": "ه",  # U+06D5 ae
        "ۀ": "ه",  # U+06C0 heh with yeh above
        "ک": "ك",  # Persian keheh U+06A9
        "ڪ": "ك",  # swash kaf U+06AA
    }
    table.update({ord(k): v for k, v in letters.items()})
    for zero in (0x0660, 0x06F0):  # Arabic-Indic, Extended (Persian) digits
        table.update({zero + i: str(i) for i in range(10)})
    punctuation = {
        "،": ",",
        "؛": ";",
        "؟": "?",
        "۔": ".",
        "٫": ".",
        "٬": ",",
        "٪": "%",
        "«": '"',
        "»": '"',
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "‹": "'",
        "›": "'",
    }
    table.update({ord(k): v for k, v in punctuation.items()})
    return table


_TABLE = _build_table()


def normalize(text: str) -> str:
    """Return ``text`` in the canonical form used for indexing and queries."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold().translate(_TABLE)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())
