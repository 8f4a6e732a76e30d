"""The search index: one analysed document per live article, plus term statistics.

The full-text index itself is vendor SQL kept in step with
:class:`SearchDocument` by the database (migration ``0002``): on SQLite an
FTS5 table filled by triggers, on PostgreSQL a generated ``tsvector`` column
with a GIN index. Both index the *analysed* terms, never the raw text, so the
Arabic analysis is the same on both.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """What search and "see also" know about one live, public article.

    Small columns come first: SQLite then reads them without touching the
    overflow pages of the long text columns.

    On SQLite, a migration that makes Django rebuild this table (most field
    changes) drops the FTS triggers: it must recreate them (see 0003).
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("publication date"))
    section_id = models.IntegerField(_("section"), null=True, blank=True)
    path = models.CharField(_("tree path"), max_length=255, db_index=True)
    title_length = models.PositiveIntegerField(default=0)
    body_length = models.PositiveIntegerField(default=0)
    #: The first ``content_length`` body terms are the lead and body; the rest
    #: are tags, section, authors and source (searchable, but not content for
    #: "see also", so a section name cannot make stories look alike).
    content_length = models.PositiveIntegerField(default=0)
    #: Documents in the index when the keywords were chosen (their idf base).
    keywords_basis = models.PositiveIntegerField(default=0)
    related_at = models.DateTimeField(null=True, blank=True)
    related_ids = models.JSONField(default=list, blank=True)
    #: Normalised tag names, one per line.
    tags = models.TextField(blank=True)
    #: Analysed, engine-safe terms, space separated (see ``query.index_terms``).
    title_terms = models.TextField()
    body_terms = models.TextField()
    #: Plain text of the lead and body, for result snippets.
    text = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            models.Index(
                fields=["-published_at", "-page"], name="search_doc_published_idx"
            )
        ]

    def __str__(self) -> str:
        return f"search document {self.page_id}"


class RankingRow(models.Model):
    """What search ranking reads of one document, in a narrow row of its own.

    A search scores a few hundred candidates; reading these values from the
    document's wide row cost more than scoring them (on SQLite, a column
    after the long texts is reached through their overflow pages: 3.8 µs a
    row, against 1 µs here, measured on the corpus). Written with the
    document (:mod:`.services`); the database deletes it with the document
    (``ON DELETE CASCADE``, migration 0009), whatever deletes that.
    """

    document = models.OneToOneField(
        SearchDocument,
        on_delete=models.DO_NOTHING,  # the database's cascade
        db_constraint=False,  # declared by migration 0009, with the cascade
        primary_key=True,
        related_name="ranking",
    )
    #: The document's date as seconds since 1970 (the freshness boost).
    published = models.FloatField()
    title_length = models.PositiveIntegerField()
    body_length = models.PositiveIntegerField()
    #: Each distinct term's counts in the title and the body
    #: (:func:`khabar.search.ranking.term_stats`).
    term_stats = models.BinaryField()

    class Meta:
        verbose_name = _("search ranking row")

    def __str__(self) -> str:
        return f"ranking row {self.document_id}"


class SearchTerm(models.Model):
    """How many indexed documents contain a term (BM25's document frequency)."""

    term = models.CharField(max_length=64, primary_key=True)
    df = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("search term")

    def __str__(self) -> str:
        return f"{self.term} ({self.df})"


class SearchKeyword(models.Model):
    """One of a document's strongest terms: the inverted index of "see also"."""

    # No index of its own: the unique (document, term) index starts with the
    # document and serves its lookups and cascades; a second one only slowed
    # every insert (an import writes ~60 rows per story).
    document = models.ForeignKey(
        SearchDocument,
        on_delete=models.CASCADE,
        related_name="keywords",
        db_index=False,
    )
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        verbose_name = _("search keyword")
        indexes = [models.Index(fields=["term", "document"], name="search_kw_term_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "term"], name="search_kw_unique_term"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.term}"


class PendingReindex(models.Model):
    """A section whose many stories wait for the worker's re-index (renamed, or
    gone behind or out from a login or password).

    A reliable queue: the row is written in the renaming transaction and
    deleted only after its stories are re-indexed
    (``manage.py search_reindex_pending``, run by ``khabar_worker``).
    """

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("section waiting for re-indexing")

    def __str__(self) -> str:
        return f"re-index stories of page {self.page_id}"
