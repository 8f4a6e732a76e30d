"""After a bulk import, PostgreSQL gets fresh statistics for the search tables.

With the statistics of the empty tables, the planner scanned every keyword row
for a "see also" list (100,000 stories just imported: 947 ms a list instead of
~150 ms) until autovacuum came by, where it runs at all.
"""

import json
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
    ),
]

WXR = Path(__file__).parent / "wordpress" / "fixtures" / "basic.xml"


@contextmanager
def analysed():
    """The search tables named by every ANALYZE run inside the block.

    An execute wrapper sees every statement (CaptureQueriesContext keeps only
    the last 9,000, fewer than an import makes)."""
    tables: set[str] = set()

    def spy(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("ANALYZE"):
            tables.update(t for t in ALL if t in sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        yield tables


ALL = {
    "search_searchdocument",
    "search_rankingrow",
    "search_searchkeyword",
    "search_searchterm",
}


def test_import_articles_refreshes_the_search_statistics(home, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(
        json.dumps(
            {
                "external_id": "s-1",
                "title": "خبر مستورد",
                "body": "نص الخبر المستورد.",
                "section": "economy",
                "published_at": "2018-02-01T10:00:00+00:00",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with analysed() as tables:
        call_command("import_articles", str(path), "--no-progress", stdout=StringIO())
    assert tables == ALL
    # Nothing new the second time: nothing to analyse.
    with analysed() as tables:
        call_command("import_articles", str(path), "--no-progress", stdout=StringIO())
    assert tables == set()


def test_import_wordpress_refreshes_the_search_statistics(home):
    with analysed() as tables:
        call_command("import_wordpress", str(WXR), stdout=StringIO(), verbosity=0)
    assert tables == ALL
    # A dry run writes nothing, nor does the same export again: nothing to analyse.
    for args in (["--dry-run"], []):
        with analysed() as tables:
            call_command(
                "import_wordpress", str(WXR), *args, stdout=StringIO(), verbosity=0
            )
        assert tables == set(), args
