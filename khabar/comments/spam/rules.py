"""Pure, explainable spam scoring for comments (no Django import).

Each rule looks at one kind of signal and returns zero or more
:class:`~khabar.comments.spam.Reason` objects whose ``weight`` is in points.
:func:`score_comment` adds the rules' points to the learning classifier's
contribution and maps the sum onto ``approve`` / ``pending`` / ``spam`` with
:class:`~khabar.comments.spam.Thresholds`.  Nothing here deletes a comment:
the verdict only routes it.

Word matching runs on text analysed by :mod:`khabar.search.arabic`, the same
normaliser that serves indexing, queries and related stories, so a
blocklisted "كازينو" also matches "كــازينو" (tatweel), "كَازينو" (harakat),
"والكازينو" (a proclitic) and hamza/alef variants.

Worked example::

    >>> from khabar.comments.spam import CommentFeatures
    >>> from khabar.comments.spam.rules import Blocklist, score_comment
    >>> blocklist = Blocklist.build(words=["كازينو"], domains=["spam.example"])
    >>> verdict = score_comment(
    ...     CommentFeatures(body="أفضل كــازينو أونلاين", seconds_to_submit=1.0),
    ...     blocklist=blocklist,
    ... )
    >>> verdict.decision
    'spam'
    >>> sorted(reason.code for reason in verdict.reasons)
    ['blocked_word', 'too_fast']

The caller (``khabar.comments.moderation``) supplies the counts in
:class:`~khabar.comments.spam.CommentFeatures` and builds the
:class:`Blocklist` once per settings change, not once per comment.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from khabar.comments.spam import (
    MAX_SCORE,
    MIN_SCORE,
    CommentFeatures,
    Reason,
    Thresholds,
    Verdict,
)
from khabar.search.arabic import normalize, tokenize

__all__ = [
    "CLASSIFIER_KNEE",
    "CLASSIFIER_MAX",
    "CLASSIFIER_MIN",
    "CLASSIFIER_SCALE",
    "CLASSIFIER_TAIL_SLOPE",
    "RULES",
    "Blocklist",
    "SpamClassifier",
    "TextView",
    "Thresholds",
    "classifier_points",
    "classifier_reason",
    "rule_blocklist",
    "rule_contact",
    "rule_duplicate",
    "rule_honeypot",
    "rule_links",
    "rule_rate",
    "rule_script",
    "rule_shouting",
    "rule_timing",
    "rule_trusted_author",
    "score_comment",
    "score_rules",
]

#: Anything faster than this many seconds between page load and submit is a bot.
TOO_FAST_SECONDS = 3.0
#: A form submitted days after it was rendered is replayed more often than typed.
STALE_SECONDS = 3 * 24 * 3600.0


class SpamClassifier(Protocol):
    """What :func:`score_comment` needs from a learning classifier."""

    def spam_probability(self, text: str) -> float: ...

    def top_features(self, text: str, n: int = 5) -> list[str]: ...


# --------------------------------------------------------------------------
# Text helpers
# --------------------------------------------------------------------------

# A URL with a scheme, a "www." host, or a bare host with a TLD that spammers
# use.  Bare "word.word" is not enough: Arabic and English prose has
# "e.g." and "3.5" in it.
_TLDS = (
    "com|net|org|info|biz|xyz|top|site|online|store|shop|club|live|link|click|"
    "ru|cn|io|me|ly|co|tk|ml|ga|cf|gq|pw|sa|ae|eg|kw|qa|bh|om|jo|ma|tn|dz|iq|"
    "sy|lb|ps|sd|ye|tv|cc|ws|us|uk|in|pk|tr|ir|de|fr|es|it|nl|pl|br|to|gg|be"
)
_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'،]+"
    rf"|\b(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})\b(?:/[^\s<>\"'،]*)?",
    re.IGNORECASE | re.ASCII,
)
# 8+ digits (any script: \d matches Arabic-Indic digits too) with optional
# separators, optionally led by + or 00.  Years and prices stay below that.
_PHONE_RE = re.compile(r"(?<!\d)(?:\+|00)?\d(?:[\s\-.()]{0,2}\d){7,14}(?!\d)")
_REPEAT_SYMBOL_RE = re.compile(r"([^\w\s])\1{5,}")
_REPEAT_LETTER_RE = re.compile(r"(\w)\1{9,}")

# Unicode blocks.  Arabic: U+0600-06FF, Supplement U+0750-077F, Extended-A
# U+08A0-08FF, Presentation Forms U+FB50-FDFF and U+FE70-FEFF
# (https://www.unicode.org/charts/).
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "latin"),
    (0x0061, 0x007A, "latin"),
    (0x00C0, 0x024F, "latin"),
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0x0E00, 0x0E7F, "thai"),
    (0x0900, 0x0DFF, "indic"),
    (0x3040, 0x30FF, "cjk"),
    (0x3400, 0x4DBF, "cjk"),
    (0x4E00, 0x9FFF, "cjk"),
    (0xAC00, 0xD7AF, "cjk"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)
_SCRIPT_NAMES_AR = {
    "latin": "لاتينية",
    "greek": "يونانية",
    "cyrillic": "سيريلية",
    "hebrew": "عبرية",
    "thai": "تايلندية",
    "indic": "هندية",
    "cjk": "صينية أو يابانية أو كورية",
    "other": "غير مألوفة",
}
# The script a language is normally written in.  Languages not listed here
# disable the script rule rather than guess.
_LANG_SCRIPT = {
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "en": "latin",
    "fr": "latin",
    "de": "latin",
    "es": "latin",
    "it": "latin",
    "tr": "latin",
    "id": "latin",
    "ms": "latin",
}


def _script_of(char: str) -> str | None:
    """Return the script family of a letter, or ``None`` for a non-letter."""
    code = ord(char)
    for low, high, name in _SCRIPT_RANGES:
        if low <= code <= high:
            # Arabic punctuation, digits and harakat are not letters.
            return name if char.isalpha() else None
    return "other" if char.isalpha() else None


def _norm(text: str) -> str:
    """The shared Arabic normalisation, case-folded for Latin text."""
    return normalize(text).casefold()


def _norm_tokens(text: str) -> list[str]:
    return [token.casefold() for token in tokenize(normalize(text))]


# Arabic proclitics written attached to the next word: و ف ب ك ل ال and their
# combinations.  Longest first so "وال" wins over "و".  Stripping them lets a
# blocklisted "كازينو" match "والكازينو" without substring matching, which
# would also hit innocent longer words.
_PROCLITICS = tuple(
    sorted(
        {_norm(p) for p in ("وال", "فال", "بال", "كال", "ولل", "فلل", "ال", "لل")}
        | {_norm(p) for p in ("و", "ف", "ب", "ك", "ل")},
        key=len,
        reverse=True,
    )
)


def _strip_proclitic(token: str) -> str:
    for prefix in _PROCLITICS:
        if token.startswith(prefix) and len(token) - len(prefix) >= 3:
            return token[len(prefix) :]
    return token


def _domain_of(url: str) -> str:
    candidate = url if "://" in url else f"http://{url}"
    try:
        host = urlsplit(candidate).hostname or ""
    except ValueError:
        return ""
    host = host.casefold().rstrip(".")
    return host.removeprefix("www.")


@dataclass(frozen=True, slots=True)
class TextView:
    """A comment's text analysed once and shared by every rule."""

    body: str
    normalized: str
    tokens: tuple[str, ...]
    match_tokens: frozenset[str]
    urls: tuple[str, ...]
    domains: frozenset[str]
    letters: int
    script_counts: dict[str, int]
    mixed_script_words: tuple[str, ...]

    @classmethod
    def of(cls, features: CommentFeatures) -> TextView:
        body = features.body or ""
        urls = tuple(_URL_RE.findall(body))
        site = (features.url or "").strip()
        domains = {_domain_of(u) for u in urls}
        if site:
            domains.add(_domain_of(site))
        if "@" in features.email:
            domains.add(features.email.rsplit("@", 1)[1].casefold())
        domains.discard("")
        prose = _URL_RE.sub(" ", body)
        tokens = tuple(_norm_tokens(prose))
        match_tokens = frozenset(tokens) | {_strip_proclitic(t) for t in tokens}
        counts: dict[str, int] = {}
        mixed: list[str] = []
        for word in prose.split():
            scripts = set()
            for char in word:
                script = _script_of(char)
                if script is not None:
                    counts[script] = counts.get(script, 0) + 1
                    scripts.add(script)
            # A word mixing Latin with Cyrillic or Greek look-alikes ("cаsino"
            # with a Cyrillic "а") is an evasion trick, not a typo.
            if "latin" in scripts and scripts & {"cyrillic", "greek"}:
                mixed.append(word)
        return cls(
            body=body,
            normalized=" ".join(tokens),
            tokens=tokens,
            match_tokens=frozenset(match_tokens),
            urls=urls,
            domains=frozenset(domains),
            letters=sum(counts.values()),
            script_counts=counts,
            mixed_script_words=tuple(mixed),
        )

    def share(self, script: str) -> float:
        return self.script_counts.get(script, 0) / self.letters if self.letters else 0.0

    def dominant_script(self) -> str | None:
        if not self.script_counts:
            return None
        return max(self.script_counts.items(), key=lambda kv: kv[1])[0]


# --------------------------------------------------------------------------
# Blocklist
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Blocklist:
    """Site-configured blocked words, phrases and domains, pre-normalised.

    Build it once with :meth:`build` (it runs the Arabic normaliser over every
    entry) and reuse it for every comment.
    """

    words: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    domains: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls, *, words: Iterable[str] = (), domains: Iterable[str] = ()
    ) -> Blocklist:
        single: set[str] = set()
        phrases: set[str] = set()
        for entry in words:
            tokens = _norm_tokens(entry)
            # Entries are matched as written: the text side strips proclitics,
            # so "كازينو" is not shortened to "ازينو" here.
            if len(tokens) == 1:
                single.add(tokens[0])
            elif tokens:
                phrases.add(" ".join(tokens))
        clean_domains = {_domain_of(d.strip()) for d in domains if d.strip()}
        clean_domains.discard("")
        return cls(
            words=frozenset(single),
            phrases=tuple(sorted(phrases)),
            domains=frozenset(clean_domains),
        )

    def matching_words(self, view: TextView) -> list[str]:
        hits = sorted(self.words & view.match_tokens)
        padded = f" {view.normalized} "
        hits.extend(p for p in self.phrases if f" {p} " in padded)
        return hits

    def matching_domains(self, view: TextView) -> list[str]:
        hits = set()
        for domain in view.domains:
            parts = domain.split(".")
            for i in range(len(parts) - 1):
                if ".".join(parts[i:]) in self.domains:
                    hits.add(domain)
        return sorted(hits)


EMPTY_BLOCKLIST = Blocklist()


# --------------------------------------------------------------------------
# Built-in vocabularies of Arabic and English comment spam.  Normalised once.
# Kept short and specific: the learning classifier covers the long tail.
# --------------------------------------------------------------------------


def _vocab(words: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for word in words:
        out.update(_norm_tokens(word))
    return frozenset(out)


_CONTACT_APPS = _vocab(
    [
        "واتساب",
        "واتس",
        "وتساب",
        "الواتس",
        "الواتساب",
        "سناب",
        "سناب_شات",
        "السناب",
        "تلجرام",
        "تليجرام",
        "التليجرام",
        "انستا",
        "انستقرام",
        "انستجرام",
        "whatsapp",
        "whats",
        "snapchat",
        "snap",
        "telegram",
        "instagram",
        "wechat",
        "viber",
    ]
)
_CALL_TO_CONTACT = _vocab(
    [
        "للتواصل",
        "للطلب",
        "للاستفسار",
        "للحجز",
        "راسلنا",
        "راسلني",
        "كلمني",
        "contact",
        "dm",
        "inbox",
    ]
)
_COMMERCE = _vocab(
    [
        "متجر",
        "متجرنا",
        "خصم",
        "خصومات",
        "تخفيضات",
        "كوبون",
        "للبيع",
        "توصيل",
        "اطلب",
        "اطلبي",
        "متابعين",
        "لايكات",
        "تخسيس",
        "ربح",
        "اربح",
        "قروض",
        "تمويل",
        "discount",
        "coupon",
        "promo",
        "cheap",
        "buy",
        "subscribe",
        "followers",
        "earn",
        "cash",
        "bitcoin",
        "crypto",
        "casino",
        "loan",
    ]
)
_SHORTENERS = frozenset(
    {"bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "cutt.ly", "rb.gy"}
)
_CHAT_LINK_DOMAINS = frozenset({"wa.me", "t.me", "chat.whatsapp.com"})


# --------------------------------------------------------------------------
# Rules.  Each takes the features and the shared view and returns reasons.
# --------------------------------------------------------------------------

Rule = Callable[[CommentFeatures, TextView, Blocklist], list[Reason]]


def rule_honeypot(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """A hidden field that people never see, let alone fill."""
    if features.honeypot.strip():
        return [
            Reason(
                "honeypot",
                "حقل المصيدة المخفي مملوء، وهذا ما تفعله البرامج الآلية لا القراء.",
                12.0,
            )
        ]
    return []


def rule_timing(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Too fast to be typed, or a form replayed days later."""
    seconds = features.seconds_to_submit
    if seconds is None or math.isnan(seconds):
        return []
    if seconds < TOO_FAST_SECONDS:
        # Stays >= pending even after the classifier's largest "ham" pull.
        weight = 6.0 if seconds < 1.5 else 5.0
        return [
            Reason(
                "too_fast",
                f"أُرسل التعليق بعد {max(seconds, 0.0):.1f} ثانية من فتح الصفحة، "
                "وهذا أسرع من أن يكتبه إنسان.",
                weight,
            )
        ]
    if seconds > STALE_SECONDS:
        return [
            Reason(
                "stale_form",
                "أُرسل النموذج بعد أكثر من ثلاثة أيام من فتح الصفحة.",
                1.0,
            )
        ]
    return []


def rule_links(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Links in the body and the website field, short links and chat links."""
    reasons: list[Reason] = []
    count = len(view.urls) + (1 if features.url.strip() else 0)
    if count:
        weight = {1: 0.5, 2: 1.5, 3: 3.0, 4: 3.5}.get(count, 5.0)
        reasons.append(Reason("links", f"عدد الروابط في التعليق: {count}.", weight))
    if view.urls and len(view.tokens) <= 5:
        reasons.append(Reason("short_with_link", "تعليق قصير جداً يرافقه رابط.", 1.0))
    odd = sorted(d for d in view.domains if d in _SHORTENERS or d in _CHAT_LINK_DOMAINS)
    if odd:
        reasons.append(
            Reason(
                "shortener_link",
                f"رابط مختصر أو رابط محادثة يخفي وجهته: {'، '.join(odd)}.",
                1.5,
            )
        )
    if _URL_RE.search(features.author_name):
        reasons.append(Reason("link_in_name", "اسم الكاتب يحتوي على رابط.", 2.0))
    return reasons


def rule_blocklist(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Site-configured words (on normalised text) and domains."""
    reasons: list[Reason] = []
    words = blocklist.matching_words(view)
    if words:
        reasons.append(
            Reason(
                "blocked_word",
                f"يحتوي التعليق على كلمات محظورة: {'، '.join(words)}.",
                min(4.0 * len(words), 8.0),
            )
        )
    if features.author_name and blocklist.words:
        name_tokens = set(_norm_tokens(features.author_name))
        name_tokens |= {_strip_proclitic(t) for t in name_tokens}
        if name_tokens & blocklist.words:
            reasons.append(
                Reason("blocked_name", "اسم الكاتب يحتوي على كلمة محظورة.", 3.0)
            )
    domains = blocklist.matching_domains(view)
    if domains:
        reasons.append(
            Reason(
                "blocked_domain",
                f"يشير التعليق إلى نطاق محظور: {'، '.join(domains)}.",
                8.0,
            )
        )
    return reasons


def rule_script(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Writing system that does not fit the article's language."""
    reasons: list[Reason] = []
    if view.mixed_script_words:
        reasons.append(
            Reason(
                "mixed_script",
                "كلمات تخلط حروفاً من أبجديات مختلفة، وهي حيلة معروفة لتجاوز المرشحات.",
                2.5,
            )
        )
    expected = _LANG_SCRIPT.get(features.article_lang.split("-")[0].casefold())
    if expected is None or view.letters < 8:
        return reasons
    dominant = view.dominant_script()
    if dominant is None or dominant == expected:
        return reasons
    # Latin and Arabic script are both normal on an Arabic-first site (English
    # replies, Arabizi); anything else on an ar/en article is a strong signal.
    if dominant not in {"latin", "arabic"} and view.share(dominant) >= 0.5:
        name = _SCRIPT_NAMES_AR.get(dominant, _SCRIPT_NAMES_AR["other"])
        reasons.append(
            Reason(
                "foreign_script",
                f"التعليق مكتوب بحروف {name} لا تناسب لغة المقال.",
                3.0,
            )
        )
    elif expected == "arabic" and view.share("arabic") < 0.2:
        reasons.append(
            Reason(
                "latin_on_arabic",
                "التعليق مكتوب كله تقريباً بحروف غير عربية على مقال عربي.",
                1.0,
            )
        )
        if view.urls or features.url.strip():
            reasons.append(
                Reason(
                    "non_arabic_with_links",
                    "تعليق غير عربي في معظمه ويحتوي على روابط.",
                    1.5,
                )
            )
    return reasons


def rule_shouting(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Runs of the same symbol or letter, and text in capitals only."""
    reasons: list[Reason] = []
    # Arabic readers stretch letters ("جمييييل") and laugh ("ههههه"), so only
    # very long letter runs count, and both weights stay small.
    if _REPEAT_SYMBOL_RE.search(view.body) or _REPEAT_LETTER_RE.search(view.body):
        reasons.append(Reason("repeated_chars", "تكرار مفرط للحروف أو الرموز.", 0.5))
    latin = [c for c in view.body if c.isascii() and c.isalpha()]
    if len(latin) >= 12 and sum(c.isupper() for c in latin) / len(latin) >= 0.8:
        reasons.append(
            Reason("all_caps", "التعليق مكتوب كله بالأحرف اللاتينية الكبيرة.", 1.0)
        )
    return reasons


def rule_contact(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Phone numbers, chat-app handles and sales words ("للتواصل واتساب 05…")."""
    reasons: list[Reason] = []
    has_phone = bool(_PHONE_RE.search(_URL_RE.sub(" ", view.body)))
    if has_phone:
        reasons.append(Reason("phone_number", "يحتوي التعليق على رقم هاتف.", 2.0))
    contact = sorted((_CONTACT_APPS | _CALL_TO_CONTACT) & view.match_tokens)
    if contact:
        reasons.append(
            Reason(
                "contact_app",
                f"يدعو إلى التواصل خارج الموقع: {'، '.join(contact)}.",
                1.5,
            )
        )
    commerce = sorted(_COMMERCE & view.match_tokens)
    if commerce:
        reasons.append(
            Reason(
                "commerce",
                f"يحتوي التعليق على عبارات ترويجية: {'، '.join(commerce)}.",
                min(0.75 * len(commerce), 2.0),
            )
        )
    if commerce and (has_phone or contact):
        reasons.append(
            Reason(
                "contact_sales",
                "يجمع التعليق بين الترويج ووسيلة تواصل، وهذا نمط الإعلانات المزعجة.",
                1.5,
            )
        )
    return reasons


def rule_duplicate(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """The caller has already seen this exact body (normalised) recently."""
    if features.duplicate_body_seen:
        return [Reason("duplicate", "نُشر النص نفسه من قبل.", 3.0)]
    return []


def _rate_weight(count: int) -> float:
    if count >= 15:
        return 4.0
    if count >= 6:
        return 2.5
    if count >= 3:
        return 1.0
    return 0.0


def rule_rate(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Many comments from one IP hash or one e-mail in the caller's window."""
    reasons: list[Reason] = []
    ip_weight = _rate_weight(features.same_ip_count_recent)
    if ip_weight:
        reasons.append(
            Reason(
                "rate_ip",
                "عدد التعليقات المرسلة حديثاً من العنوان نفسه: "
                f"{features.same_ip_count_recent}.",
                ip_weight,
            )
        )
    email_weight = _rate_weight(features.same_email_count_recent)
    if email_weight:
        reasons.append(
            Reason(
                "rate_email",
                "عدد التعليقات المرسلة حديثاً بالبريد الإلكتروني نفسه: "
                f"{features.same_email_count_recent}.",
                email_weight,
            )
        )
    return reasons


def rule_trusted_author(
    features: CommentFeatures, view: TextView, blocklist: Blocklist
) -> list[Reason]:
    """Authors with approved comments earn some benefit of the doubt."""
    count = features.author_approved_count
    if count <= 0:
        return []
    return [
        Reason(
            "trusted_author",
            f"عدد تعليقات الكاتب التي سبق قبولها: {count}.",
            -3.0 if count >= 5 else -1.5,
        )
    ]


RULES: tuple[Rule, ...] = (
    rule_honeypot,
    rule_timing,
    rule_links,
    rule_blocklist,
    rule_script,
    rule_shouting,
    rule_contact,
    rule_duplicate,
    rule_rate,
    rule_trusted_author,
)


# --------------------------------------------------------------------------
# Combining
# --------------------------------------------------------------------------

#: How the classifier's log-odds ``z`` become points (tuned on a validation
#: split inside the training data, see ``bench/spam_bench.py``):
#:
#: * ``2 * z`` up to :data:`CLASSIFIER_KNEE` points, so z >= 1.5 (P >= 0.82)
#:   alone holds a comment for a moderator (pending >= 3 points);
#: * beyond the knee the slope drops to :data:`CLASSIFIER_TAIL_SLOPE`, so the
#:   classifier alone reaches the spam folder (7 points) only at z >= 11,
#:   where no ham of the validation sets landed; Naive Bayes is over-confident
#:   (|z| of 30+ is common), hence the flat tail and the cap;
#: * never below :data:`CLASSIFIER_MIN`: a "ham-looking" text can offset a
#:   mild rule (one link, Latin script) but not a bot signal.
CLASSIFIER_SCALE = 2.0
CLASSIFIER_KNEE = 6.0
CLASSIFIER_TAIL_SLOPE = 0.125
CLASSIFIER_MAX = 7.5
CLASSIFIER_MIN = -2.0


def classifier_points(probability: float) -> float:
    """Bounded, monotone points for a spam probability (see above)."""
    p = min(max(probability, 1e-300), 1.0)
    # log-odds without overflow: log(p) - log1p(-p), with p == 1 capped.
    z = 745.0 if p >= 1.0 else math.log(p) - math.log1p(-p)
    knee_z = CLASSIFIER_KNEE / CLASSIFIER_SCALE
    if z <= knee_z:
        weight = CLASSIFIER_SCALE * z
    else:
        weight = CLASSIFIER_KNEE + (z - knee_z) * CLASSIFIER_TAIL_SLOPE
    return min(max(weight, CLASSIFIER_MIN), CLASSIFIER_MAX)


def classifier_reason(
    probability: float, top_words: Sequence[str] = ()
) -> Reason | None:
    """Turn a spam probability into a bounded, explained contribution."""
    weight = classifier_points(probability)
    if abs(weight) < 0.25:
        return None
    if weight > 0:
        if top_words:
            message = f"كلمات تشبه الرسائل المزعجة: {'، '.join(top_words)}."
        else:
            message = "النص يشبه الرسائل المزعجة التي صنّفها المشرفون."
        return Reason("classifier_spam", message, round(weight, 2))
    return Reason(
        "classifier_ham",
        "النص يشبه التعليقات التي قبلها المشرفون.",
        round(weight, 2),
    )


def score_rules(
    features: CommentFeatures,
    *,
    blocklist: Blocklist | None = None,
    rules: Sequence[Rule] = RULES,
) -> list[Reason]:
    """Run the rules only and return their reasons."""
    view = TextView.of(features)
    active = blocklist or EMPTY_BLOCKLIST
    reasons: list[Reason] = []
    for rule in rules:
        reasons.extend(rule(features, view, active))
    return reasons


def score_comment(
    features: CommentFeatures,
    *,
    classifier: SpamClassifier | None = None,
    thresholds: Thresholds = Thresholds(),  # noqa: B008 - frozen, immutable
    blocklist: Blocklist | None = None,
    extra_reasons: Sequence[Reason] = (),
    rules: Sequence[Rule] = RULES,
) -> Verdict:
    """Score a comment and decide where it goes.

    ``extra_reasons`` carries what optional backends (see
    :mod:`khabar.comments.spam.backends`) returned, so every signal is
    combined and explained in one place.
    """
    reasons = score_rules(features, blocklist=blocklist, rules=rules)
    reasons.extend(extra_reasons)
    probability: float | None = None
    if classifier is not None and features.body.strip():
        probability = classifier.spam_probability(features.body)
        top = classifier.top_features(features.body, 5) if probability > 0.5 else []
        reason = classifier_reason(probability, top)
        if reason is not None:
            reasons.append(reason)
    total = sum(reason.weight for reason in reasons)
    if math.isnan(total):
        total = 0.0
    score = min(max(total, MIN_SCORE), MAX_SCORE)
    return Verdict(
        score=score,
        decision=thresholds.decide(score),
        reasons=reasons,
        spam_probability=probability,
    )
