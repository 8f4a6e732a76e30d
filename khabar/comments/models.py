"""Reader comments, the moderators' blocklist and the learning spam model's state.

A comment's e-mail and IP address are stored for moderation and rate limits
only: public code reads comments through ``selectors`` as
:class:`~khabar.comments.selectors.PublicComment` values, which have no such
fields. The raw IP is erased after the retention window (``comments_purge``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

MAX_DEPTH = 3


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("بانتظار المراجعة")
        APPROVED = "approved", _("منشور")
        SPAM = "spam", _("مزعج")
        TRASH = "trash", _("في سلة المهملات")

    class Trained(models.TextChoices):
        NONE = "", _("لا")
        SPAM = "spam", _("مزعج")
        HAM = "ham", _("سليم")

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("المقال"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("ردّاً على"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("العمق"), default=1)
    author_name = models.CharField(_("الاسم"), max_length=100)
    author_email = models.EmailField(_("البريد الإلكتروني"), max_length=254)
    author_url = models.URLField(_("الموقع"), max_length=300, blank=True)
    body = models.TextField(_("التعليق"))
    status = models.CharField(
        _("الحالة"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    score = models.FloatField(_("درجة الإزعاج"), default=0.0)
    reasons = models.JSONField(_("الأسباب"), default=list, blank=True)
    ip_address = models.GenericIPAddressField(_("عنوان IP"), null=True, blank=True)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)
    email_hash = models.CharField(max_length=64, blank=True, db_index=True)
    body_hash = models.CharField(max_length=64, blank=True, db_index=True)
    is_staff_reply = models.BooleanField(_("ردّ من المحرّرين"), default=False)
    trained_as = models.CharField(
        _("تعلّم منه المرشّح"),
        max_length=4,
        choices=Trained.choices,
        default=Trained.NONE,
        blank=True,
    )
    created_at = models.DateTimeField(_("التاريخ"), auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(_("تاريخ المراجعة"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("المشرف"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("author_name"), FieldPanel("author_url"), FieldPanel("body")]

    class Meta:
        verbose_name = _("تعليق")
        verbose_name_plural = _("التعليقات")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.author_name}: {Truncator(self.body).chars(60)}"

    @property
    def reason_messages(self) -> list[str]:
        ordered = sorted(self.reasons or [], key=lambda r: -abs(r.get("weight", 0)))
        return [r.get("message", "") for r in ordered]

    @property
    def score_display(self) -> str:
        return f"{self.score:.1f}"

    @property
    def reasons_summary(self) -> str:
        return " ".join(self.reason_messages) or "—"


class BlockedTerm(models.Model):
    """A word, phrase or domain that moderators never want to see in comments."""

    class Kind(models.TextChoices):
        WORD = "word", _("كلمة أو عبارة")
        DOMAIN = "domain", _("نطاق")

    kind = models.CharField(
        _("النوع"), max_length=6, choices=Kind.choices, default=Kind.WORD
    )
    value = models.CharField(_("القيمة"), max_length=200)
    note = models.CharField(_("ملاحظة"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("kind"), FieldPanel("value"), FieldPanel("note")]

    class Meta:
        verbose_name = _("مصطلح محظور")
        verbose_name_plural = _("المصطلحات المحظورة")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"], name="blocked_term_unique"
            )
        ]

    def __str__(self) -> str:
        return self.value


class SpamModel(models.Model):
    """The one row holding the learning classifier; ``version`` grows per update.

    Every process keeps the classifier in memory and reloads it when it sees a
    newer version, so a moderator's decision takes effect everywhere at once.
    """

    state = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("نموذج كشف الإزعاج")

    def __str__(self) -> str:
        return f"spam model v{self.version}"
