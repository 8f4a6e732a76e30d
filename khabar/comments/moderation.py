"""The comment moderation policy: the Django adapter around the pure spam scorer.

Like django-contrib-comments' ``CommentModerator``, the policy answers two
boolean questions about a new comment on an article:

* :meth:`CommentModerator.allow` -- may it be posted at all (comments open,
  the article live, the reply within the thread depth)? A "no" is an error
  the reader sees, with their text kept.
* :meth:`CommentModerator.moderate` -- must a moderator see it before readers
  do? A "yes" files it as pending; :meth:`is_spam` files it in the spam folder.

Both decisions come from one :class:`~khabar.comments.spam.Verdict` built by
:meth:`CommentModerator.score` from plain counts (rate, duplicates, trust)
and the moderators' blocklist and learning classifier, so every verdict has
reasons a moderator can read. Nothing here deletes anything.

The classifier lives in the one ``SpamModel`` row; each process keeps a copy
and reloads it when the row's version changes (:func:`classifier_current`).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max

from khabar.comments.spam import CommentFeatures, Reason, Thresholds, Verdict
from khabar.comments.spam.backends import SpamBackend, load_backend
from khabar.comments.spam.classifier import NaiveBayesClassifier, default_classifier
from khabar.comments.spam.rules import Blocklist, score_comment

from .models import MAX_DEPTH, BlockedTerm, Comment, SpamModel

logger = logging.getLogger("khabar.comments")

SPAM_MODEL_PK = 1


# --- Pseudonymous identifiers --------------------------------------------------


def identity_hash(kind: str, value: str) -> str:
    """HMAC-SHA256 of an IP or e-mail with the site's secret (never reversible).

    Rate limits and duplicate checks key on these, so neither the cache nor
    the logs ever hold a raw address.
    """
    if not value:
        return ""
    key = settings.SECRET_KEY.encode("utf-8")
    message = f"{kind}:{value.strip().casefold()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# --- The learning classifier, shared by every process ----------------------------

_classifier_lock = threading.Lock()
_classifier_cache: dict[str, Any] = {"version": None, "classifier": None}


def spam_model_row(*, for_update: bool = False) -> SpamModel:
    """The classifier row, created from the seed set on first use."""
    queryset = SpamModel.objects.all()
    if for_update:
        queryset = queryset.select_for_update()
    row = queryset.filter(pk=SPAM_MODEL_PK).first()
    if row is None:
        with transaction.atomic():
            SpamModel.objects.get_or_create(
                pk=SPAM_MODEL_PK, defaults={"state": default_classifier().to_dict()}
            )
        row = queryset.get(pk=SPAM_MODEL_PK)
    return row


def classifier_current() -> NaiveBayesClassifier:
    """This process's classifier, reloaded when a moderator retrained it.

    Costs one primary-key query per call; the JSON state is read only when the
    version changed.
    """
    version = (
        SpamModel.objects.filter(pk=SPAM_MODEL_PK)
        .values_list("version", flat=True)
        .first()
    )
    with _classifier_lock:
        cached = _classifier_cache["classifier"]
        if cached is not None and version == _classifier_cache["version"]:
            return cached
    row = spam_model_row()
    classifier = NaiveBayesClassifier.from_dict(row.state)
    with _classifier_lock:
        _classifier_cache.update(version=row.version, classifier=classifier)
    return classifier


def classifier_retrain(
    *, learn: list[tuple[str, bool]], unlearn: list[tuple[str, bool]]
) -> int:
    """Apply moderators' labels to the shared classifier; return the new version.

    Runs under ``SELECT ... FOR UPDATE`` so two moderators' updates never
    overwrite each other (SQLite serialises writers with IMMEDIATE
    transactions instead).
    """
    if not learn and not unlearn:
        return _classifier_cache["version"] or 0
    with transaction.atomic():
        row = spam_model_row(for_update=True)
        classifier = NaiveBayesClassifier.from_dict(row.state)
        for text, is_spam in unlearn:
            classifier.unlearn(text, is_spam)
        for text, is_spam in learn:
            classifier.learn(text, is_spam)
        row.state = classifier.to_dict()
        row.version += 1
        row.save(update_fields=["state", "version", "updated_at"])
    logger.info(
        "Spam classifier retrained (%d learnt, %d unlearnt), version %d.",
        len(learn),
        len(unlearn),
        row.version,
    )
    return row.version


# --- The moderators' blocklist -----------------------------------------------------

_blocklist_cache: dict[str, Any] = {"key": None, "blocklist": None}


def blocklist_current() -> Blocklist:
    """The blocklist built from ``BlockedTerm`` rows, rebuilt when they change."""
    key = tuple(
        BlockedTerm.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()
    )
    if _blocklist_cache["key"] == key and _blocklist_cache["blocklist"] is not None:
        return _blocklist_cache["blocklist"]
    words, domains = [], []
    for kind, value in BlockedTerm.objects.values_list("kind", "value"):
        (domains if kind == BlockedTerm.Kind.DOMAIN else words).append(value)
    blocklist = Blocklist.build(words=words, domains=domains)
    _blocklist_cache.update(key=key, blocklist=blocklist)
    return blocklist


# --- Optional remote backends ------------------------------------------------------


@lru_cache(maxsize=1)
def _backends() -> tuple[tuple[SpamBackend, bool], ...]:
    loaded = []
    for entry in getattr(settings, "KHABAR_SPAM_BACKENDS", []):
        backend = load_backend(entry["BACKEND"], **entry.get("OPTIONS", {}))
        # Sending the reader's IP to a third party is opt-in per backend.
        loaded.append((backend, bool(entry.get("SEND_IP", False))))
    return tuple(loaded)


def backend_reasons(features: CommentFeatures, *, ip: str) -> list[Reason]:
    reasons: list[Reason] = []
    for backend, send_ip in _backends():
        try:
            if send_ip:
                reasons.extend(backend.check(features, user_ip=ip))  # type: ignore[call-arg]
            else:
                reasons.extend(backend.check(features))
        except Exception:  # a broken backend never blocks a comment
            logger.exception("Spam backend %s failed.", type(backend).__name__)
    return reasons


# --- The policy ------------------------------------------------------------------


@dataclass(frozen=True)
class Signals:
    """What the caller measured about the submission (all optional)."""

    seconds_to_submit: float | None = None
    honeypot: str = ""
    same_ip_count_recent: int = 0
    same_email_count_recent: int = 0
    ip: str = ""


class CommentModerator:
    """Boolean decisions about a comment on an article (see the module docs)."""

    def thresholds(self) -> Thresholds:
        return Thresholds()

    def allow(self, comment: Comment, article: Any) -> bool:
        """False when the comment may not be posted at all."""
        if not article.comments_open or not article.live:
            return False
        parent = comment.parent
        if parent is None:
            return True
        return (
            parent.article_id == article.pk
            and parent.status == Comment.Status.APPROVED
            and parent.depth < MAX_DEPTH
        )

    def score(self, comment: Comment, article: Any, signals: Signals) -> Verdict:
        recent_duplicate = (
            Comment.objects.filter(body_hash=comment.body_hash)
            .exclude(status=Comment.Status.TRASH)
            .exists()
        )
        trusted = (
            Comment.objects.filter(
                email_hash=comment.email_hash, status=Comment.Status.APPROVED
            ).count()
            if comment.email_hash
            else 0
        )
        features = CommentFeatures(
            body=comment.body,
            author_name=comment.author_name,
            email=comment.author_email,
            url=comment.author_url,
            article_title=article.title,
            article_lang="ar",
            seconds_to_submit=signals.seconds_to_submit,
            honeypot=signals.honeypot,
            same_ip_count_recent=signals.same_ip_count_recent,
            same_email_count_recent=signals.same_email_count_recent,
            duplicate_body_seen=recent_duplicate,
            author_approved_count=trusted,
        )
        return score_comment(
            features,
            classifier=classifier_current(),
            thresholds=self.thresholds(),
            blocklist=blocklist_current(),
            extra_reasons=backend_reasons(features, ip=signals.ip),
        )

    def moderate(self, comment: Comment, article: Any, verdict: Verdict) -> bool:
        """True when a moderator must see the comment before readers do."""
        return verdict.decision != "approve"

    def is_spam(self, comment: Comment, article: Any, verdict: Verdict) -> bool:
        return verdict.decision == "spam"


moderator = CommentModerator()
