"""Stopwords: function words that carry no topic and are dropped from index terms.

The lists below are written in ordinary spelling and passed through
:func:`~khabar.search.arabic.normalize.normalize` at import time (``إلى`` is
stored as ``الى``, ``على`` as ``علي``), so the check is a set lookup on a
normalised token::

    >>> is_stopword("وفي"), is_stopword("الاستخبارات"), is_stopword("the")
    (True, False, True)

The Arabic list covers prepositions, conjunctions, pronouns, demonstratives,
relatives, particles and frequent auxiliary verbs of news prose.  Each base word
also appears with the conjunction ``و`` attached (``ومن``, ``وفي``, ``وهذا``),
except where ``و`` + word is a content word (``ولي`` as in ``ولي العهد``).  A
short hand-picked list of ``ف``/``ب``/``ل`` forms (``فقد``, ``بها``, ``لهم``)
follows; ``ف`` is not attached automatically because ``ف`` + ``هم`` is ``فهم``
("understanding").
"""

from __future__ import annotations

from .normalize import normalize

__all__ = ["ARABIC_STOPWORDS", "ENGLISH_STOPWORDS", "STOPWORDS", "is_stopword"]

_ARABIC_BASE = """
في من الى عن مع عند لدى حتى منذ مذ خلال بين ضد نحو حول عبر دون تحت فوق
امام وراء خلف قبل بعد اثناء حين حيث لكن لكنه لكنها بل او ام ثم اما اذا اذ ان
انه انها انهم لان كان كانت كانوا يكون تكون يكونوا ليس ليست لم لن لا ما ماذا
هل قد لقد سوف كل بعض غير سوى اي اية هذا هذه هذان هاتان هؤلاء هولاء ذلك تلك
اولئك هنا هناك هنالك الذي التي الذين اللذان اللتان اللواتي اللاتي اللائي
اللايي هو هي هم هما هن انا نحن انت انتم انتن انتما له لها لهم لهما لنا لي
به بها بهم بهما فيه فيها فيهم منه منها منهم عليه عليها عليهم اليه اليها
اليهم عنه عنها عنهم معه معها معهم كما كذلك ايضا اذن لذلك لذا مثل كيف متى
اين كم عندما بينما فيما ممن مما عما كلما طالما ربما مثلما لما لو لولا الا
يا اما امس اليوم الان حاليا فقط جدا اكثر اقل احد احدى تم يتم قال قالت وقال
وقالت اضاف واضاف اضافت واضافت اكد واكد اكدت واكدت اشار واشار اشارت واشارت
اوضح واوضح يذكر يشار كلا كلتا ذات ذو ذي عدة عده نفس
"""

# ``على`` is deliberately not a stopword: normalised it is ``علي``, the name Ali
# (``علي مملوك``), and a search for a name must not come back empty. BM25 gives
# the preposition a low weight anyway.

# و + word that is a content word, so it must stay searchable.
_NOT_WITH_WAW = frozenset({"لي", "ذي", "ذو"})  # ولي (guardian), وذي, وذو

_EXTRA_FORMS = """
فقد فان فانه فانها فلا فما فهو فهي فهذا فمن فكان فكانت فلم فلن فاذا فيما
بان بانه بانها بانهم بذلك بهذا بهذه بعدما قبلما لهذا لهذه لذلك لكل بكل
"""

_ENGLISH = """
a an and are as at be been but by for from had has have he her his i if in into
is it its of on or our she so that the their them then there these they this
to was we were what when which who will with you your
"""

_base = [normalize(w) for w in _ARABIC_BASE.split()]
ARABIC_STOPWORDS: frozenset[str] = frozenset(
    _base
    + ["و" + w for w in _base if w not in _NOT_WITH_WAW and not w.startswith("و")]
    + [normalize(w) for w in _EXTRA_FORMS.split()]
)
ENGLISH_STOPWORDS: frozenset[str] = frozenset(_ENGLISH.split())
STOPWORDS: frozenset[str] = ARABIC_STOPWORDS | ENGLISH_STOPWORDS


def is_stopword(token: str) -> bool:
    """Return whether the normalised ``token`` is a stopword."""
    return token in STOPWORDS
