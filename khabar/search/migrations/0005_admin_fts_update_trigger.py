"""SQLite: Wagtail's admin index re-tokenises an entry only when its text changes.

Wagtail's migration creates ``update_wagtailsearch_indexentry_fts`` as
``AFTER UPDATE ON wagtailsearch_indexentry``: any update, including the
``title_norm`` refresh that follows every ``add_bulk``, rewrote the entry's
FTS5 row (title, body and autocomplete tokenised again). Here it fires only
when one of those three columns is set; what the FTS table holds is the same.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
FTS_SET = (
    f"BEGIN UPDATE {TABLE}_fts SET title=NEW.title, body=NEW.body, "
    f"autocomplete=NEW.autocomplete WHERE rowid=NEW.id; END"
)
NARROW = (
    f"CREATE TRIGGER update_{TABLE}_fts AFTER UPDATE OF title, body, autocomplete "
    f"ON {TABLE} {FTS_SET}"
)
WAGTAILS = f"CREATE TRIGGER update_{TABLE}_fts AFTER UPDATE ON {TABLE} {FTS_SET}"


def _replace(sql):
    def run(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type='trigger' AND name=%s",
                [f"update_{TABLE}_fts"],
            )
            if cursor.fetchone() is None:  # no FTS5: Wagtail made no trigger
                return
        schema_editor.execute(f"DROP TRIGGER update_{TABLE}_fts")
        schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_title_tsvector"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(_replace(NARROW), _replace(WAGTAILS))]
