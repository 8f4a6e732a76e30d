"""After a bulk import, PostgreSQL gets fresh statistics for the search tables.

With the statistics of the empty tables, the planner scanned every keyword row
for a "see also" list (100,000 stories just imported: 947 ms a list instead of
~150 ms) until autovacuum came by, where it runs at all.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"
    ),
]

WXR = Path(__file__).parent / "wordpress" / "fixtures" / "basic.xml"


def _analysed(ctx) -> set[str]:
    return {
        table
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("ANALYZE")
        for table in (
            "search_searchdocument",
            "search_searchkeyword",
            "search_searchterm",
        )
        if table in q["sql"]
    }


ALL = {"search_searchdocument", "search_searchkeyword", "search_searchterm"}


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
    with CaptureQueriesContext(connection) as ctx:
        call_command("import_articles", str(path), "--no-progress", stdout=StringIO())
    assert _analysed(ctx) == ALL
    # Nothing new the second time: nothing to analyse.
    with CaptureQueriesContext(connection) as ctx:
        call_command("import_articles", str(path), "--no-progress", stdout=StringIO())
    assert _analysed(ctx) == set()


def test_import_wordpress_refreshes_the_search_statistics(home):
    with CaptureQueriesContext(connection) as ctx:
        call_command("import_wordpress", str(WXR), stdout=StringIO(), verbosity=0)
    assert _analysed(ctx) == ALL
    with CaptureQueriesContext(connection) as ctx:
        call_command(
            "import_wordpress", str(WXR), "--dry-run", stdout=StringIO(), verbosity=0
        )
    assert _analysed(ctx) == set()
