"""Per-site SEO switches editors control: robots.txt and feed content."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="globe")
class SeoSettings(BaseSiteSetting):
    robots_disallow_all = models.BooleanField(
        _("hide the whole site from search engines"),
        default=False,
        help_text=_(
            "For staging copies: robots.txt then disallows everything. "
            "The KHABAR_ROBOTS_DISALLOW_ALL environment variable does the same."
        ),
    )
    robots_extra = models.TextField(
        _("extra robots.txt lines"),
        blank=True,
        help_text=_("Added as they are, e.g. «Disallow: /old-archive/»."),
    )
    feed_full_content = models.BooleanField(
        _("full text in feeds"),
        default=False,
        help_text=_("Off: feeds carry the title and lead. On: also the whole story."),
    )
    news_publication_name = models.CharField(
        _("publication name for Google News"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty to use the site name."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("robots_disallow_all"), FieldPanel("robots_extra")],
            heading=_("robots.txt"),
        ),
        MultiFieldPanel(
            [FieldPanel("feed_full_content"), FieldPanel("news_publication_name")],
            heading=_("Feeds and Google News"),
        ),
    ]

    class Meta:
        verbose_name = _("SEO and feeds")
