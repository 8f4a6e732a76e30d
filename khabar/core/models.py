from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

MONTH_STYLE_CHOICES = [
    ("levantine", _("Levantine (تشرين الثاني)")),
    ("egyptian", _("Egyptian and Gulf (نوفمبر)")),
    ("maghrebi", _("Maghrebi (نونبر)")),
    ("both", _("Both (تشرين الثاني/نوفمبر)")),
]
DIGIT_STYLE_CHOICES = [
    ("arabic", _("Arabic-Indic digits (١٢٣)")),
    ("latin", _("Latin digits (123)")),
]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Per-site presentation: date style, social follow links, publisher identity."""

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    month_style = models.CharField(
        _("month names"), max_length=12, choices=MONTH_STYLE_CHOICES, default="both"
    )
    digit_style = models.CharField(
        _("digits"), max_length=8, choices=DIGIT_STYLE_CHOICES, default="arabic"
    )
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    x_url = models.URLField(_("X (Twitter) account"), blank=True)
    instagram_url = models.URLField(_("Instagram account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    telegram_url = models.URLField(_("Telegram channel"), blank=True)
    whatsapp_url = models.URLField(_("WhatsApp channel"), blank=True)

    panels = [
        FieldPanel("tagline"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("month_style"), FieldPanel("digit_style")],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("telegram_url"),
                FieldPanel("whatsapp_url"),
            ],
            heading=_("Follow links"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")

    def follow_links(self) -> list[tuple[str, str, str]]:
        """(key, label, url) for each configured network, in display order."""
        candidates = [
            ("facebook", "فيسبوك", self.facebook_url),
            ("x", "إكس", self.x_url),
            ("instagram", "إنستغرام", self.instagram_url),
            ("youtube", "يوتيوب", self.youtube_url),
            ("telegram", "تيليغرام", self.telegram_url),
            ("whatsapp", "واتساب", self.whatsapp_url),
        ]
        return [(key, label, url) for key, label, url in candidates if url]
