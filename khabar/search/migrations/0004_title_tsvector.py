"""PostgreSQL: a title-only tsvector with its own GIN index.

Title-only candidate queries (see ``selectors.article_search``) used weight-A
lexemes of ``tsv``; GIN cannot filter by weight, so PostgreSQL re-read every
matching row (hundreds of ms for a common word at 100k articles).
"""

from django.db import migrations

FORWARD = [
    """
    ALTER TABLE search_searchdocument ADD COLUMN title_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title_terms)) STORED
    """,
    "CREATE INDEX search_doc_title_tsv_idx ON search_searchdocument USING GIN (title_tsv)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_title_tsv_idx",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_content_length")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
