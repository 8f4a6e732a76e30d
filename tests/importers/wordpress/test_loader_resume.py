"""An import killed with SIGKILL half-way can be run again and finishes correctly.

Runs the real command in subprocesses on a SQLite file database of its own (the
test database is not involved), kills the first run once some posts are in,
then re-runs it and checks the result is whole: every post once, every
``/?p=ID`` redirect once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from khabar.importers.wordpress.loader import BATCH_SIZE

from .generate import write_export

ROOT = Path(__file__).resolve().parents[3]
# Enough for a kill between two committed batches.
POSTS = 2 * BATCH_SIZE + 200


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="khabar.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        KHABAR_VAR_DIR=str(tmp_path / "var"),
        KHABAR_MEDIA_ROOT=str(tmp_path / "media"),
        KHABAR_LOG_LEVEL="WARNING",
    )
    return env


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def test_kill_9_then_rerun_finishes_without_duplicates(tmp_path):
    env = _env(tmp_path)
    db = tmp_path / "site.sqlite3"
    export = tmp_path / "export.xml"
    with export.open("w", encoding="utf-8") as handle:
        write_export(handle, posts=POSTS)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603

    command = [*manage, "import_wordpress", str(export), "-v0"]
    first = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603
    posts_sql = "SELECT COUNT(*) FROM importers_wordpressobject WHERE kind='post'"
    deadline = time.monotonic() + 240
    done = 0
    while time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.2)
        try:
            done = _count(db, posts_sql)
        except sqlite3.OperationalError:
            continue  # table not there yet / busy
        if done >= 40:
            break
    if first.poll() is not None:
        pytest.fail("The import finished before it could be killed; raise POSTS.")
    first.send_signal(signal.SIGKILL)
    first.wait()
    interrupted = _count(db, posts_sql)
    assert 0 < interrupted < POSTS

    second = subprocess.run(  # noqa: S603
        command, env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert second.returncode == 0, second.stderr[-2000:]

    assert _count(db, posts_sql) == POSTS
    assert _count(db, "SELECT COUNT(*) FROM news_articlepage") == POSTS
    assert (
        _count(db, "SELECT COUNT(DISTINCT external_id) FROM news_articlepage") == POSTS
    )
    assert (
        _count(
            db,
            "SELECT COUNT(*) FROM wagtailredirects_redirect WHERE old_path LIKE '/?p=%'",
        )
        == POSTS
    )
    # Comments: one row per WordPress comment, however often the run started.
    comments_sql = "SELECT COUNT(*) FROM importers_wordpressobject WHERE kind='comment'"
    assert _count(db, comments_sql) > 0
    assert _count(db, "SELECT COUNT(*) FROM comments_comment") == _count(
        db, comments_sql
    )
    # Every article has the revision the import wrote, and the tree is sound.
    assert (
        _count(
            db,
            "SELECT COUNT(*) FROM wagtailcore_page p JOIN news_articlepage a "
            "ON a.page_ptr_id = p.id WHERE p.latest_revision_id IS NULL",
        )
        == 0
    )
    assert (
        _count(
            db,
            "SELECT COUNT(*) FROM (SELECT path FROM wagtailcore_page GROUP BY path HAVING COUNT(*) > 1)",
        )
        == 0
    )
    check = subprocess.run(  # noqa: S603
        [*manage, "shell", "-c",
         "from wagtail.models import Page; "
         "import sys; sys.exit(sum(map(len, Page.find_problems())))"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    assert check.returncode == 0
    # The second run reports the first run's posts as unchanged, not created.
    post_line = next(x for x in second.stdout.splitlines() if x.startswith("post "))
    created, _updated, unchanged = map(int, post_line.split()[1:4])
    assert created == POSTS - interrupted and unchanged == interrupted
