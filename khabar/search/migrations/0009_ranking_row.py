"""What search ranking reads of each document, in a narrow table of its own.

Ranking counted every spelling of every query term in each candidate's
stored title and body text: a pass over the text per spelling, and a story
with a word twice in a row was counted once (``" a "`` is found once in
``" a a "``). Its term statistics (a record per distinct term: its key and
its counts, :func:`khabar.search.ranking.term_stats`) give exact counts with
one ``bytes.find`` over about half as many bytes; kept with the date and
lengths in a row of their own, they are read without touching the
document's long texts. Existing documents get theirs from their stored
terms; no text is analysed again.

The database deletes a document's row with it (``ON DELETE CASCADE``), as
it keeps the full-text index in step: whatever deletes a document (a
process still running older code during a rolling deploy, raw SQL) leaves
no row behind and meets no constraint error. (A story such a process
indexes has no row and is ranked from its stored terms; one it edits keeps
its previous row until it is indexed again.) Django knows the key without
the constraint (``db_constraint=False``); a later migration that makes
Django rebuild this table on SQLite must declare the cascade again.
"""

import django.db.models.deletion
from django.db import migrations, models

from khabar.search.indexing import ranking_values

BATCH = 500


def fill(apps, schema_editor):
    document = apps.get_model("search", "SearchDocument")
    row = apps.get_model("search", "RankingRow")
    documents = document.objects.order_by("pk").values_list(
        "pk", "published_at", "title_terms", "body_terms"
    )
    batch = []
    for pk, published_at, title, body in documents.iterator(chunk_size=BATCH):
        values = ranking_values(published_at, title.split(), body.split())
        batch.append(row(document_id=pk, **values))
        if len(batch) == BATCH:
            row.objects.bulk_create(batch)
            batch = []
    row.objects.bulk_create(batch)


COLUMNS = {
    "sqlite": ("real", "BLOB"),
    "postgresql": ("double precision", "bytea"),
}


def create_table(apps, schema_editor):
    real, blob = COLUMNS[schema_editor.connection.vendor]
    schema_editor.execute(
        "CREATE TABLE search_rankingrow ("
        "document_id integer NOT NULL PRIMARY KEY"
        " REFERENCES search_searchdocument (page_id) ON DELETE CASCADE, "
        f"published {real} NOT NULL, "
        "title_length integer NOT NULL CHECK (title_length >= 0), "
        "body_length integer NOT NULL CHECK (body_length >= 0), "
        f"term_stats {blob} NOT NULL)"
    )


def drop_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE search_rankingrow")


class Migration(migrations.Migration):
    dependencies = [("search", "0008_sqlite_match_dates_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RankingRow",
                    fields=[
                        (
                            "document",
                            models.OneToOneField(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                primary_key=True,
                                related_name="ranking",
                                serialize=False,
                                to="search.searchdocument",
                            ),
                        ),
                        ("published", models.FloatField()),
                        ("title_length", models.PositiveIntegerField()),
                        ("body_length", models.PositiveIntegerField()),
                        ("term_stats", models.BinaryField()),
                    ],
                    options={"verbose_name": "search ranking row"},
                ),
            ],
            database_operations=[migrations.RunPython(create_table, drop_table)],
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
