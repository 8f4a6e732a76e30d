"""Writes of comments: submit, moderate (and retrain), reply, close, purge.

Every function takes plain keyword arguments and no request, so the HTML
views, the JavaScript path and a JSON API call the same code. A reader's
submission is never dropped silently: :func:`comment_submit` either stores
the comment (published, held, or filed as spam, which the reader is told as
"held") or returns errors together with everything the reader sent.

Logs name comments and articles by id only: never an e-mail or an IP.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from khabar.core.signals import page_content_changed
from khabar.news.models import ArticlePage

from .forms import CommentForm
from .models import MAX_DEPTH, Comment
from .moderation import Signals, classifier_retrain, identity_hash, moderator
from .text import duplicate_key

logger = logging.getLogger("khabar.comments")

NON_FIELD = "__all__"
MSG_PUBLISHED = "نُشر تعليقك. شكراً لمشاركتك."
MSG_HELD = (
    "وصل تعليقك وهو بانتظار مراجعة المشرفين، وسيظهر بعد الموافقة عليه. شكراً لصبرك."
)
MSG_CLOSED = "أُغلق باب التعليق على هذا المقال، فلم يُرسل تعليقك."
MSG_BAD_PARENT = (
    "لا يمكن الرد على هذا التعليق (غير منشور أو بلغ النقاش أقصى عمق)؛ "
    "أرسل تعليقك تعليقاً جديداً."
)
MSG_RATE = (
    "أرسلت تعليقات كثيرة في وقت قصير. انتظر بضع دقائق ثم أعد الإرسال؛ "
    "نصّك محفوظ في النموذج."
)
MSG_ERRORS = "لم يُرسل تعليقك بعد: صحّح ما هو موضّح أدناه ثم أعد الإرسال. نصّك محفوظ."


@dataclass
class SubmitResult:
    """The outcome of a submission: a stored comment, or errors and the input."""

    values: dict[str, str]
    comment: Comment | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    rate_limited: bool = False

    @property
    def ok(self) -> bool:
        return self.comment is not None

    @property
    def published(self) -> bool:
        return self.ok and self.comment.status == Comment.Status.APPROVED

    @property
    def message(self) -> str:
        if not self.ok:
            return MSG_ERRORS
        return MSG_PUBLISHED if self.published else MSG_HELD

    @property
    def public_status(self) -> str:
        """What the reader is told: spam is reported as "held", like pending."""
        if not self.ok:
            return "error"
        return "published" if self.published else "held"


# --- Rate limits (Django cache, keyed by HMAC hashes only) --------------------------


def _rate_count(kind: str, ident_hash: str, window: int) -> int:
    """Count this attempt in the current fixed window and return the total."""
    if not ident_hash or window <= 0:
        return 0
    bucket = int(time.time() // window)
    key = f"comments:rate:{kind}:{ident_hash}:{bucket}"
    try:
        cache.add(key, 0, timeout=window)
        return int(cache.incr(key))
    except Exception:  # noqa: BLE001 - cache down or key evicted: fail open
        return 0


def _settings_int(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- Submit ------------------------------------------------------------------------


def comment_submit(
    *,
    article: Any,
    author_name: str,
    author_email: str,
    body: str,
    author_url: str = "",
    parent_id: int | None = None,
    ip: str = "",
    honeypot: str = "",
    rendered_at: float | None = None,
    now: float | None = None,
) -> SubmitResult:
    """Validate, rate-limit, score and store a reader's comment.

    ``rendered_at`` is the Unix time the form was shown (``None`` when unknown,
    e.g. from an API client, which turns the time trap off). ``ip`` is stored
    for the retention window and hashed for rate limits; it never reaches a log.
    """
    values = {
        "author_name": author_name or "",
        "author_email": author_email or "",
        "author_url": author_url or "",
        "body": body or "",
        "parent": "" if parent_id is None else str(parent_id),
    }
    result = SubmitResult(values=values)
    form = CommentForm(data=values)
    if not form.is_valid():
        result.errors.update({k: list(v) for k, v in form.errors.items()})
    data = form.cleaned_data

    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(pk=parent_id, article_id=article.pk).first()
        if parent is None:
            result.errors.setdefault(NON_FIELD, []).append(MSG_BAD_PARENT)

    comment = Comment(
        article_id=article.pk,
        parent=parent,
        depth=(parent.depth + 1) if parent else 1,
        author_name=data.get("author_name", values["author_name"]),
        author_email=data.get("author_email", values["author_email"]),
        author_url=data.get("author_url", ""),
        body=data.get("body", values["body"]),
        ip_address=ip or None,
        ip_hash=identity_hash("ip", ip),
        email_hash=identity_hash("email", data.get("author_email", "")),
        body_hash=duplicate_key(data.get("body", "")),
    )
    if not moderator.allow(comment, article):
        message = MSG_CLOSED if not article.comments_open else MSG_BAD_PARENT
        if message not in result.errors.get(NON_FIELD, []):
            result.errors.setdefault(NON_FIELD, []).append(message)
    if result.errors:
        return result

    window = _settings_int("KHABAR_COMMENTS_RATE_WINDOW", 600)
    per_ip = _settings_int("KHABAR_COMMENTS_RATE_PER_IP", 5)
    per_email = _settings_int("KHABAR_COMMENTS_RATE_PER_EMAIL", 5)
    ip_count = _rate_count("ip", comment.ip_hash, window) if per_ip else 0
    email_count = _rate_count("email", comment.email_hash, window) if per_email else 0
    if (per_ip and ip_count > per_ip) or (per_email and email_count > per_email):
        result.rate_limited = True
        result.errors[NON_FIELD] = [MSG_RATE]
        logger.info("Comment on article %s refused: rate limit.", article.pk)
        return result

    seconds = None
    if rendered_at is not None and getattr(settings, "KHABAR_COMMENTS_TIME_TRAP", True):
        seconds = max((now or time.time()) - rendered_at, 0.0)
    verdict = moderator.score(
        comment,
        article,
        Signals(
            seconds_to_submit=seconds,
            honeypot=honeypot or "",
            same_ip_count_recent=max(ip_count - 1, 0),
            same_email_count_recent=max(email_count - 1, 0),
            ip=ip,
        ),
    )
    if moderator.is_spam(comment, article, verdict):
        comment.status = Comment.Status.SPAM
    elif moderator.moderate(comment, article, verdict):
        comment.status = Comment.Status.PENDING
    else:
        comment.status = Comment.Status.APPROVED
    comment.score = round(verdict.score, 2)
    comment.reasons = [
        {"code": r.code, "message": r.message, "weight": r.weight}
        for r in verdict.reasons
    ]
    with transaction.atomic():
        comment.save()
        if comment.status == Comment.Status.APPROVED:
            _changed_on_commit(comment.article)
        elif comment.status == Comment.Status.PENDING:
            transaction.on_commit(lambda: _notify_moderators(comment))
    logger.info(
        "Comment %s on article %s filed as %s (score %.1f).",
        comment.pk,
        article.pk,
        comment.status,
        comment.score,
    )
    result.comment = comment
    return result


def _changed_on_commit(article: Any) -> None:
    transaction.on_commit(
        lambda: page_content_changed.send(sender=Comment, page=article)
    )


def _notify_moderators(comment: Comment) -> None:
    recipients = list(getattr(settings, "KHABAR_COMMENTS_NOTIFY_EMAILS", []))
    if not recipients:
        return
    from django.urls import reverse

    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    url = base + reverse("wagtailsnippets_comments_comment:edit", args=[comment.pk])
    body = (
        f"تعليق جديد بانتظار المراجعة على «{comment.article.title}».\n\n"
        f"الاسم: {comment.author_name}\n"
        f"الدرجة: {comment.score}\n\n"
        f"{comment.body[:500]}\n\n"
        f"للمراجعة: {url}\n"
    )
    try:
        send_mail("تعليق جديد بانتظار المراجعة", body, None, recipients)
    except Exception:  # mail trouble must not lose the comment
        logger.exception("Could not notify moderators about comment %s.", comment.pk)


# --- Moderation --------------------------------------------------------------------

Action = Literal["approve", "spam", "not_spam", "trash"]
_TARGET = {
    "approve": (Comment.Status.APPROVED, "ham"),
    "not_spam": (Comment.Status.APPROVED, "ham"),
    "spam": (Comment.Status.SPAM, "spam"),
    "trash": (Comment.Status.TRASH, None),
}


@transaction.atomic
def comments_moderate(
    *, comments: Iterable[Comment], action: Action, by: AbstractBaseUser | None = None
) -> int:
    """Apply a moderator's decision to comments; retrain once; return how many.

    Approve and not-spam teach the classifier "ham", spam teaches "spam";
    a reversed decision is unlearnt first, so each comment counts once.
    Trash only hides (an off-topic comment is not spam).
    """
    status, label = _TARGET[action]
    learn: list[tuple[str, bool]] = []
    unlearn: list[tuple[str, bool]] = []
    changed_articles: dict[int, Any] = {}
    now = timezone.now()
    count = 0
    for comment in comments:
        was_public = comment.status == Comment.Status.APPROVED
        if (
            label is not None
            and comment.trained_as != label
            and not comment.is_staff_reply
        ):
            if comment.trained_as:
                unlearn.append((comment.body, comment.trained_as == "spam"))
            learn.append((comment.body, label == "spam"))
            comment.trained_as = label
        comment.status = status
        comment.moderated_at = now
        comment.moderated_by = by if by is not None and by.is_authenticated else None
        comment.save(
            update_fields=["status", "trained_as", "moderated_at", "moderated_by"]
        )
        if was_public or status == Comment.Status.APPROVED:
            changed_articles[comment.article_id] = comment.article
        count += 1
    classifier_retrain(learn=learn, unlearn=unlearn)
    for article in changed_articles.values():
        _changed_on_commit(article)
    logger.info("Moderator action %s applied to %d comment(s).", action, count)
    return count


def comment_approve(*, comment: Comment, by: AbstractBaseUser | None = None) -> None:
    comments_moderate(comments=[comment], action="approve", by=by)


def comment_mark_spam(*, comment: Comment, by: AbstractBaseUser | None = None) -> None:
    comments_moderate(comments=[comment], action="spam", by=by)


def comment_mark_not_spam(
    *, comment: Comment, by: AbstractBaseUser | None = None
) -> None:
    comments_moderate(comments=[comment], action="not_spam", by=by)


def comment_trash(*, comment: Comment, by: AbstractBaseUser | None = None) -> None:
    comments_moderate(comments=[comment], action="trash", by=by)


@transaction.atomic
def comment_edit(
    *,
    comment: Comment,
    body: str,
    author_name: str,
    author_url: str = "",
    by: AbstractBaseUser | None = None,
) -> Comment:
    """A moderator's correction; the classifier relearns the new text."""
    old_body = comment.body
    comment.body = body
    comment.author_name = author_name
    comment.author_url = author_url
    comment.body_hash = duplicate_key(body)
    comment.save(update_fields=["body", "author_name", "author_url", "body_hash"])
    if comment.trained_as and old_body != body:
        is_spam = comment.trained_as == "spam"
        classifier_retrain(learn=[(body, is_spam)], unlearn=[(old_body, is_spam)])
    if comment.status == Comment.Status.APPROVED:
        _changed_on_commit(comment.article)
    return comment


@transaction.atomic
def comment_reply_as_staff(
    *, parent: Comment, body: str, by: AbstractBaseUser
) -> Comment:
    """Publish a newsroom reply; replying approves a held parent comment."""
    if parent.status != Comment.Status.APPROVED:
        comments_moderate(comments=[parent], action="approve", by=by)
    anchor = parent
    while anchor.depth >= MAX_DEPTH and anchor.parent_id:
        anchor = anchor.parent
    name = (getattr(by, "get_full_name", lambda: "")() or "").strip()
    reply = Comment.objects.create(
        article_id=parent.article_id,
        parent=anchor,
        depth=anchor.depth + 1,
        author_name=name or "فريق التحرير",
        author_email=getattr(by, "email", "") or settings.DEFAULT_FROM_EMAIL,
        body=body.strip(),
        status=Comment.Status.APPROVED,
        is_staff_reply=True,
        moderated_at=timezone.now(),
        moderated_by=by,
        body_hash=duplicate_key(body),
    )
    _changed_on_commit(parent.article)
    logger.info("Staff reply %s to comment %s.", reply.pk, parent.pk)
    return reply


def comments_set_open(*, article: Any, is_open: bool) -> None:
    """Open or close comments on an article without publishing its draft.

    The live row and the latest revision both change, so a later publish of a
    draft does not silently reopen (or close) comments.
    """
    type(article).objects.filter(pk=article.pk).update(comments_open=is_open)
    article.comments_open = is_open
    revision = getattr(article, "latest_revision", None)
    if revision is not None and isinstance(revision.content, dict):
        revision.content["comments_open"] = is_open
        revision.save(update_fields=["content"])
    _changed_on_commit(article)


def comments_close(*, article: Any) -> None:
    comments_set_open(article=article, is_open=False)


def comment_deleted(*, comment: Comment) -> None:
    """React to a deleted comment: readers saw it if it was approved."""
    if comment.status == Comment.Status.APPROVED:
        article = ArticlePage.objects.filter(pk=comment.article_id).first()
        if article is not None:
            _changed_on_commit(article)


# --- Retention ----------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeResult:
    deleted: int
    ips_erased: int


@transaction.atomic
def comment_purge_expired(*, now: datetime | None = None) -> PurgeResult:
    """Delete spam and trash older than the retention window; erase old IPs.

    Spam or trash with a reply that is still public is kept (deleting it would
    take the reply with it); its IP is erased all the same.
    """
    now = now or timezone.now()
    days = _settings_int("KHABAR_COMMENTS_RETENTION_DAYS", 30)
    cutoff = now - timedelta(days=days)
    expired = (
        Comment.objects.annotate(changed=Coalesce("moderated_at", "created_at"))
        .filter(
            status__in=[Comment.Status.SPAM, Comment.Status.TRASH], changed__lt=cutoff
        )
        .exclude(replies__status__in=[Comment.Status.APPROVED, Comment.Status.PENDING])
    )
    deleted = 0
    ids = list(expired.values_list("pk", flat=True))
    if ids:
        deleted, _ = Comment.objects.filter(pk__in=ids).delete()
    ips = (
        Comment.objects.filter(created_at__lt=cutoff)
        .filter(Q(ip_address__isnull=False) | ~Q(ip_hash=""))
        .update(ip_address=None, ip_hash="")
    )
    if deleted or ips:
        logger.info(
            "Comment retention: %d deleted, %d IP addresses erased.", deleted, ips
        )
    return PurgeResult(deleted=deleted, ips_erased=ips)


__all__ = [
    "PurgeResult",
    "SubmitResult",
    "comment_approve",
    "comment_deleted",
    "comment_edit",
    "comment_mark_not_spam",
    "comment_mark_spam",
    "comment_purge_expired",
    "comment_reply_as_staff",
    "comment_submit",
    "comment_trash",
    "comments_close",
    "comments_moderate",
    "comments_set_open",
]
