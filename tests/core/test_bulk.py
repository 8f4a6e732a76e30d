"""``insert_rows``: the importers' fast INSERT writes what ``bulk_create`` writes."""

from datetime import UTC, datetime

import pytest
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from khabar.core.bulk import insert_rows
from khabar.importers.models import WordPressObject

pytestmark = pytest.mark.django_db


def _redirects(prefix, n, site):
    return [
        Redirect(
            old_path=f"/{prefix}/{i}",
            site=site,
            is_permanent=bool(i % 2),
            redirect_link=f"https://example.org/مقال-{i}",
        )
        for i in range(n)
    ]


def test_rows_and_primary_keys_match_bulk_create():
    site = Site.objects.get(is_default_site=True)
    # More rows than one statement takes (SQLite: 999 values), so chunks too.
    fast = _redirects("fast", 700, site)
    insert_rows(Redirect, fast)
    slow = Redirect.objects.bulk_create(_redirects("slow", 700, site))

    columns = ["is_permanent", "redirect_link", "site_id", "redirect_page_id"]
    stored = {
        r["old_path"]: r for r in Redirect.objects.values("pk", "old_path", *columns)
    }
    for made, twin in zip(fast, slow, strict=True):
        row = stored[made.old_path]
        assert row["pk"] == made.pk  # each object got its own row's id
        assert not made._state.adding
        other = stored[twin.old_path]
        assert [row[c] for c in columns] == [other[c] for c in columns]
    assert len({r.pk for r in fast}) == 700


def test_auto_now_dates_are_set_unless_raw():
    before = timezone.now()
    stamped = WordPressObject(
        source="example.org", kind="post", wp_key="1", data={"a": [1]}
    )
    insert_rows(WordPressObject, [stamped])
    row = WordPressObject.objects.get(pk=stamped.pk)
    assert row.imported_at >= before and row.updated_at >= before
    assert row.data == {"a": [1]}  # JSON prepared as the ORM does

    old = datetime(2013, 5, 1, 8, 30, tzinfo=UTC)
    kept = WordPressObject(
        source="example.org", kind="post", wp_key="2", imported_at=old, updated_at=old
    )
    insert_rows(WordPressObject, [kept], raw=True)
    assert WordPressObject.objects.get(pk=kept.pk).imported_at == old


def test_nothing_to_write_is_no_statement(django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_rows(Redirect, [])
