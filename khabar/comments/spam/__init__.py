"""Plain data types of Khabar's local, explainable comment-spam filter.

This package is PURE Python: no Django or Wagtail import, so it can be tested
without settings and reused by a worker or a CLI.  The Django side
(``khabar.comments.moderation``) builds a :class:`CommentFeatures` from the
request and the database, calls :func:`khabar.comments.spam.rules.score_comment`
and routes the comment by the :class:`Verdict`'s ``decision``.  Scoring never
deletes anything: ``"spam"`` only means "file in the spam folder".

The pure core never sees a raw IP address or a session: the caller counts what
it needs (comments from the same IP hash in the last hour, the same e-mail, an
identical body already seen) and passes the numbers in.

Worked example::

    >>> from khabar.comments.spam import CommentFeatures
    >>> from khabar.comments.spam.rules import score_comment
    >>> verdict = score_comment(
    ...     CommentFeatures(body="مقال رائع، شكراً للكاتب", seconds_to_submit=40)
    ... )
    >>> verdict.decision
    'approve'
    >>> bot = CommentFeatures(body="مقال رائع", honeypot="http://x.example")
    >>> bot_verdict = score_comment(bot)
    >>> bot_verdict.decision, bot_verdict.reasons[0].code
    ('spam', 'honeypot')

Weights are *points* on a log-odds-like scale: positive points push towards
spam, negative points (a trusted author, a confident "ham" classifier) pull
back.  ``Verdict.score`` is the clamped sum of the reasons' weights, so a
moderator can read why a comment was held by reading the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "MAX_SCORE",
    "MIN_SCORE",
    "CommentFeatures",
    "Decision",
    "Reason",
    "Thresholds",
    "Verdict",
]

Decision = Literal["approve", "pending", "spam"]

#: ``Verdict.score`` is clamped to this closed interval.
MIN_SCORE = -10.0
MAX_SCORE = 30.0


@dataclass(frozen=True, slots=True)
class Reason:
    """One signal that moved the score.

    ``code`` is a stable machine identifier (for filters and statistics),
    ``message`` is a full Arabic sentence for the moderator, ``weight`` the
    points it added (negative weights make a comment look more legitimate).
    """

    code: str
    message: str
    weight: float


@dataclass(frozen=True, slots=True)
class CommentFeatures:
    """Everything the pure scorer may look at, supplied by the caller.

    Counts are computed by the caller over a window it chooses (an hour is a
    good default) from hashed identifiers; the scorer only compares them with
    its limits.  ``seconds_to_submit`` is ``None`` when unknown (an API client,
    a benchmark), which disables the timing rule rather than penalising.
    """

    body: str
    author_name: str = ""
    email: str = ""
    url: str = ""
    article_title: str = ""
    article_lang: str = "ar"
    seconds_to_submit: float | None = None
    honeypot: str = ""
    same_ip_count_recent: int = 0
    same_email_count_recent: int = 0
    duplicate_body_seen: bool = False
    author_approved_count: int = 0


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score limits: below ``pending`` approve, from ``pending`` hold for a
    moderator, from ``spam`` file as spam.

    The defaults were chosen with ``bench/spam_bench.py`` (see the report it
    prints): a single strong signal (a filled honeypot, a blocklisted domain,
    an extremely confident classifier) reaches the spam folder, a single
    mild one (one link, Latin script on an Arabic article) changes nothing,
    a bot-like one (a 1-second submission, a blocked word) holds the comment.
    """

    pending: float = 3.0
    spam: float = 7.0

    def __post_init__(self) -> None:
        if not self.pending <= self.spam:
            msg = "Thresholds.pending must not be greater than Thresholds.spam."
            raise ValueError(msg)

    def decide(self, score: float) -> Decision:
        """Map a score to a routing decision."""
        if score >= self.spam:
            return "spam"
        if score >= self.pending:
            return "pending"
        return "approve"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The scorer's answer: a routing decision and the reasons behind it."""

    score: float
    decision: Decision
    reasons: list[Reason] = field(default_factory=list)
    spam_probability: float | None = None

    @property
    def messages(self) -> list[str]:
        """The Arabic explanations, strongest first, for the moderation UI."""
        ordered = sorted(self.reasons, key=lambda r: -abs(r.weight))
        return [reason.message for reason in ordered]
