"""``import_articles`` killed with SIGKILL mid-way, then run again: every
article exactly once, live, in a sound page tree.

Runs the real command in subprocesses on a SQLite file database of its own
(the test database is not involved). The import commits one transaction per
batch and skips external ids already present, so a kill loses at most the
batch in flight, and the re-run fills it in.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 3000
BATCH = 200


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def _write_jsonl(path: Path) -> None:
    sections = ["سياسة", "اقتصاد", "رياضة", "ثقافة"]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(ARTICLES):
            record = {
                "external_id": f"kill-{n}",
                "title": f"خبر رقم {n} عن الاقتصاد والسياسة",
                "lead": f"مقدمة الخبر {n}.",
                "body": f"الفقرة الأولى من الخبر {n}.\nالفقرة الثانية.",
                "section": sections[n % len(sections)],
                "published_at": f"2024-05-{1 + n % 28:02d}T09:00:00+00:00",
                "tags": [f"وسم {n % 30}"],
                "author": f"كاتب {n % 12}",
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_kill_9_during_import_articles_then_rerun(tmp_path):
    db = tmp_path / "site.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="khabar.settings.dev",
        DATABASE_URL=f"sqlite:///{db}",
        KHABAR_VAR_DIR=str(tmp_path / "var"),
        KHABAR_MEDIA_ROOT=str(tmp_path / "media"),
        KHABAR_LOG_LEVEL="WARNING",
    )
    source = tmp_path / "articles.jsonl"
    _write_jsonl(source)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    command = [
        *manage, "import_articles", str(source), "--batch-size", str(BATCH),
        "--no-progress",
    ]  # fmt: skip
    count_sql = "SELECT COUNT(*) FROM news_articlepage"

    first = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603
    deadline = time.monotonic() + 240
    done = 0
    while time.monotonic() < deadline and first.poll() is None:
        try:
            done = _count(db, count_sql)
        except sqlite3.OperationalError:
            continue  # busy for a moment
        if done >= 2 * BATCH:
            break
        time.sleep(0.05)
    if first.poll() is not None:
        pytest.fail("The import finished before it could be killed; raise ARTICLES.")
    first.send_signal(signal.SIGKILL)
    first.wait()
    interrupted = _count(db, count_sql)
    assert 0 < interrupted < ARTICLES
    # Only whole batches were committed.
    assert interrupted % BATCH == 0, interrupted

    second = subprocess.run(  # noqa: S603
        command, env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"skipped {interrupted} already imported" in second.stdout

    assert _count(db, count_sql) == ARTICLES
    assert (
        _count(db, "SELECT COUNT(DISTINCT external_id) FROM news_articlepage")
        == ARTICLES
    )
    assert (
        _count(
            db,
            "SELECT COUNT(*) FROM news_articlepage a JOIN wagtailcore_page p "
            "ON p.id = a.page_ptr_id WHERE p.live = 1 AND p.first_published_at "
            "IS NOT NULL",
        )
        == ARTICLES
    )
    # Each article is searchable once.
    assert _count(db, "SELECT COUNT(*) FROM search_searchdocument") == ARTICLES
    assert (
        _count(
            db,
            "SELECT COUNT(*) FROM (SELECT path FROM wagtailcore_page "
            "GROUP BY path HAVING COUNT(*) > 1)",
        )
        == 0
    )
    check = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c",
         "from wagtail.models import Page; "
         "import sys; sys.exit(sum(map(len, Page.find_problems())))"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    assert check.returncode == 0, "the page tree has problems after the kill"
    print(  # noqa: T201
        f"\nimport_articles kill -9: {ARTICLES} lines, killed after {interrupted} "
        f"articles, re-run imported {ARTICLES - interrupted}; "
        f"duplicates 0, missing 0"
    )
