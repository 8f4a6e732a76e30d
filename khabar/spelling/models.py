"""Spelling-variant groups: spellings of one name or loanword (ترامب/ترمب)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VariantGroup(models.Model):
    """Spellings of one name, found in the archive or added by an editor."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("مقترحة")
        ACCEPTED = "accepted", _("مقبولة")
        REJECTED = "rejected", _("مرفوضة")

    class Source(models.TextChoices):
        AUTO = "auto", _("من الأرشيف")
        EDITOR = "editor", _("من محرر")

    canonical = models.CharField(
        _("most used spelling"),
        max_length=100,
        help_text=_("Normalised spelling the archive uses most."),
    )
    display = models.CharField(
        _("display form"),
        max_length=100,
        blank=True,
        help_text=_("How “did you mean” writes the spelling; empty: as found."),
    )
    skeleton = models.CharField(_("skeleton"), max_length=100, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.SUGGESTED,
        db_index=True,
    )
    source = models.CharField(
        _("source"), max_length=8, choices=Source.choices, default=Source.AUTO
    )
    confidence = models.FloatField(_("confidence"), default=0.0)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("spelling-variant group")
        verbose_name_plural = _("spelling-variant groups")
        ordering = ["-confidence", "canonical"]

    def __str__(self) -> str:
        return " / ".join(self.spellings()) or self.canonical

    def spellings(self) -> list[str]:
        """Member spellings, most used first."""
        return [t.term for t in self.terms.all()]

    @property
    def shown(self) -> str:
        return self.display or self.canonical


class VariantTerm(models.Model):
    """One spelling in a group: the normalised word without article/conjunction."""

    group = models.ForeignKey(
        VariantGroup,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="terms",
    )
    term = models.CharField(_("spelling"), max_length=100, db_index=True)
    stem = models.CharField(_("index term"), max_length=100, db_index=True)
    frequency = models.PositiveIntegerField(_("occurrences"), default=0)

    class Meta:
        verbose_name = _("spelling")
        verbose_name_plural = _("spellings")
        ordering = ["-frequency", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "term"], name="spelling_term_once_per_group"
            )
        ]

    def __str__(self) -> str:
        return self.term


class ArchiveTerm(models.Model):
    """A spelling the archive uses, with its occurrences ("did you mean" for typos).

    Replaced by every rebuild (words used at least
    :data:`khabar.spelling.services.DICTIONARY_MIN_FREQUENCY` times).
    """

    term = models.CharField(_("spelling"), max_length=100, primary_key=True)
    frequency = models.PositiveIntegerField(_("occurrences"), default=0)

    class Meta:
        verbose_name = _("archive spelling")
        verbose_name_plural = _("archive spellings")

    def __str__(self) -> str:
        return self.term
