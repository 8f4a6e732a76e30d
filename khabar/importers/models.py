"""What each import brought in: the WordPress id → Khabar object map, and the
page type WordPress *pages* become.

One row per imported WordPress thing (post, page, attachment, category, tag,
author, user, comment), keyed by the exporting site and the thing's WordPress key. The
row is written in the same transaction as the object it points at, so after a
crash (even ``kill -9``) either both exist or neither does, and a re-run picks
up exactly where the last committed record left off.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from khabar.core.sites import RestrictionAwarePage
from khabar.news.blocks import ArticleBodyBlock


class WordPressObject(models.Model):
    class Kind(models.TextChoices):
        POST = "post", _("post")
        PAGE = "page", _("page")
        ATTACHMENT = "attachment", _("attachment")
        UPLOAD = "upload", _("uploaded file")
        CATEGORY = "category", _("category")
        TAG = "tag", _("tag")
        AUTHOR = "author", _("author")
        USER = "user", _("user account")
        COMMENT = "comment", _("comment")

    #: The exporting site's host name (``akhbar.example.com``): two WordPress
    #: sites imported into one Khabar never share ids.
    source = models.CharField(_("source site"), max_length=190)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    #: The WordPress id (posts, attachments, comments), slug (categories,
    #: tags), login (authors) or upload-relative path (files without an id).
    wp_key = models.CharField(_("WordPress key"), max_length=190)
    guid = models.CharField(_("WordPress guid"), max_length=500, blank=True)
    #: Primary key of the Khabar object (page, image, author, user, comment);
    #: empty for things kept only as a reference (an image left on the old host).
    object_id = models.BigIntegerField(_("Khabar object id"), null=True, blank=True)
    #: Hash of the WordPress record as last imported: equal means "unchanged".
    fingerprint = models.CharField(max_length=64, blank=True)
    #: The revision the import wrote; a newer one means an editor has changed
    #: the article in Khabar since, and a re-import must not overwrite it.
    revision_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress object")
        verbose_name_plural = _("imported WordPress objects")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_key"], name="wordpress_object_unique"
            )
        ]
        indexes = [models.Index(fields=["source", "kind", "guid"])]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.wp_key}"


class StaticPage(RestrictionAwarePage, Page):
    """A page that is not news: "about us", "contact", "advertise" …

    WordPress *pages* (``post_type`` ``page``) are imported as these, under the
    home page and nested as they were, so ``/about/`` stays ``/about/``.  They
    are not articles: no section, date line, byline, comments or "see also",
    and they stay out of the news lists, feeds and the news sitemap, which
    list ``ArticlePage`` only.  The body takes the same blocks as an article.
    """

    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["news.HomePage", "importers.StaticPage"]
    subpage_types = ["importers.StaticPage"]
    template = "importers/static_page.html"

    class Meta:
        verbose_name = _("static page")
        verbose_name_plural = _("static pages")
