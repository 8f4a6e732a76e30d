"""SQLite (file, WAL) under concurrent writers behind a real server.

granian with 2 workers serves a fresh SQLite database. Reader threads post
comments the way a browser does (page, then form with its CSRF token; rate
limits and the time trap relaxed as in bench/comments_load.py), others only
read pages, while a separate process publishes articles through the news
services. No request may fail ("database is locked" must never reach anyone),
every comment sent must be stored, every publish must have happened.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import tempfile
import threading
from collections import Counter
from pathlib import Path

import pytest
import requests

from tests.faults.conftest import PYTHON, ROOT, AppServer

pytestmark = pytest.mark.faults

COMMENTERS = 8
COMMENTS_EACH = 20
READERS = 4
PUBLISHES = 25
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACTION_RE = re.compile(r'action="(/comments/post/\d+/)"')

PUBLISHER = """
from khabar.news.models import ArticlePage, SectionPage
from khabar.news.services import article_publish
section = SectionPage.objects.live().order_by("pk").first()
for n in range({count}):
    page = section.add_child(instance=ArticlePage(
        title=f"خبر متزامن رقم {{n}}", slug=f"concurrent-{{n}}",
        lead="نُشر أثناء سيل التعليقات.", live=False))
    article_publish(article=page)
    print("published", n, flush=True)
"""


def test_sqlite_concurrent_comments_and_publishing():
    var = Path(tempfile.mkdtemp(prefix="khabar-sqlite-fault-"))
    db = var / "db.sqlite3"
    app = AppServer(
        {
            "DATABASE_URL": f"sqlite:///{db}",
            "KHABAR_VAR_DIR": str(var),
            "REDIS_URL": "",
            "KHABAR_COMMENTS_RATE_PER_IP": "0",
            "KHABAR_COMMENTS_RATE_PER_EMAIL": "0",
            "KHABAR_COMMENTS_TIME_TRAP": "0",
            "KHABAR_COMMENTS_NOTIFY_EMAILS": "",
            "KHABAR_LOG_LEVEL": "WARNING",
        },
        workers=2,
    )
    app.manage("migrate", "--noinput")
    app.manage("load_demo")
    with sqlite3.connect(db) as connection:
        article_id, before = connection.execute(
            "SELECT a.page_ptr_id, (SELECT COUNT(*) FROM comments_comment) "
            "FROM news_articlepage a WHERE a.external_id = 'demo:reference'"
        ).fetchone()
        articles_before = connection.execute(
            "SELECT COUNT(*) FROM news_articlepage"
        ).fetchone()[0]
    app.start()
    base = f"http://127.0.0.1:{app.port}"
    results: Counter = Counter()
    failures: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def record(key: str, detail: str = "") -> None:
        with lock:
            results[key] += 1
            if detail and len(failures) < 20:
                failures.append(detail)

    def commenter(n: int) -> None:
        session = requests.Session()
        i = 0
        # At least COMMENTS_EACH, and on until the publisher is done.
        while i < COMMENTS_EACH or publisher.poll() is None:
            i += 1
            record("comments sent")
            if publisher.poll() is None:
                record("comments sent while publishing")
            try:
                page = session.get(f"{base}/a/{article_id}/", timeout=60)
                record(f"page {page.status_code}")
                token = TOKEN_RE.search(page.text).group(1)
                action = ACTION_RE.search(page.text).group(1)
                answer = session.post(
                    base + action,
                    data={
                        "csrfmiddlewaretoken": token,
                        "author_name": f"قارئ {n}",
                        "author_email": f"reader{n}@load.example",
                        "body": f"تعليق {i} من القارئ {n} على الخبر، شكراً.",
                    },
                    headers={"Accept": "application/json", "Referer": base + "/"},
                    timeout=60,
                )
            except (requests.RequestException, AttributeError) as error:
                record("comment errors", f"{type(error).__name__}: {error}")
                continue
            if answer.status_code == 201:
                record("comments accepted (201)")
            else:
                record(
                    "comment errors", f"POST {answer.status_code}: {answer.text[:200]}"
                )

    def reader() -> None:
        session = requests.Session()
        paths = ["/", f"/a/{article_id}/", "/search/?q=خبر", "/feeds/rss/"]
        n = 0
        while not stop.is_set():
            try:
                response = session.get(base + paths[n % len(paths)], timeout=60)
                status = response.status_code
            except requests.RequestException as error:
                record("read errors", f"GET {type(error).__name__}")
                continue
            record("reads")
            if status >= 500:
                record("read errors", f"GET {paths[n % len(paths)]} {status}")
            n += 1

    publisher = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", PUBLISHER.format(count=PUBLISHES)],
        cwd=ROOT, env=app.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    commenters = [
        threading.Thread(target=commenter, args=(n,)) for n in range(COMMENTERS)
    ]
    readers = [threading.Thread(target=reader) for _ in range(READERS)]
    try:
        first = publisher.stdout.readline()  # writers start once publishing has
        for thread in commenters + readers:
            thread.start()
        out, err = publisher.communicate(timeout=300)
        out = first + out
        for thread in commenters:
            thread.join(300)
    finally:
        stop.set()
        for thread in readers:
            thread.join(60)
        app.stop()
    log = app.log_path.read_text()

    with sqlite3.connect(db) as connection:
        stored = (
            connection.execute("SELECT COUNT(*) FROM comments_comment").fetchone()[0]
            - before
        )
        published = connection.execute(
            "SELECT COUNT(*) FROM wagtailcore_page p JOIN news_articlepage a "
            "ON a.page_ptr_id = p.id WHERE p.live = 1 AND p.slug LIKE 'concurrent-%'"
        ).fetchone()[0]
        articles_after = connection.execute(
            "SELECT COUNT(*) FROM news_articlepage"
        ).fetchone()[0]
    sent = results["comments sent"]
    requests_sent = sent * 2 + results["reads"] + results["read errors"]
    errors = results["comment errors"] + results["read errors"]
    print(  # noqa: T201
        f"\nSQLite concurrent writers: {requests_sent} requests "
        f"({sent} comments posted by {COMMENTERS} threads, {results['reads']} "
        f"reads by {READERS} threads) while {PUBLISHES} articles were published; "
        f"errors {errors}; comments stored {stored}, lost {sent - stored}; "
        f"articles published {published}, lost {PUBLISHES - published}. "
        f"{dict(results)}"
    )
    assert publisher.returncode == 0, err[-3000:]
    assert out.count("published") == PUBLISHES
    assert "database is locked" not in log + err, log[-3000:]
    assert not failures, failures
    assert errors == 0
    assert {k for k in results if k.startswith("page ")} == {"page 200"}
    assert results["comments sent while publishing"] > 0
    assert results["comments accepted (201)"] == sent >= COMMENTERS * COMMENTS_EACH
    assert stored == sent
    assert published == PUBLISHES
    assert articles_after == articles_before + PUBLISHES
