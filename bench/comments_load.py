"""Posting comments under load: 50 concurrent readers, no comment may be lost.

Usage::

    .venv/bin/python bench/comments_load.py [--clients 50] [--per-client 10]
        [--port 8101] [--workers 2] [--database-url sqlite:///…] [--keep-traps]

It starts a real server (granian, WSGI, ``khabar.settings.dev`` with DEBUG off)
on a fresh SQLite database in a temporary directory (or ``--database-url``),
loads the demo content, then runs ``--clients`` threads. Each one fetches the
reference article like a browser (cookie + CSRF token + form timestamp from the
page) and posts ``--per-client`` comments with ``Accept: application/json``.

Rate limits and the time-to-submit trap would (rightly) hold or refuse a flood
from one IP, so they are relaxed through the environment
(``KHABAR_COMMENTS_RATE_PER_IP=0`` …); ``--keep-traps`` keeps them, and then
held comments still count as stored. It prints comments sent, accepted (201),
refused, failed, and stored in the database, and comments per second. Goal:
sent == stored. The server is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
PY = ROOT / ".venv" / "bin" / "python"
GRANIAN = ROOT / ".venv" / "bin" / "granian"
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RENDERED_RE = re.compile(r'name="rendered" value="([^"]+)"')
ACTION_RE = re.compile(r'action="(/comments/post/\d+/)"')


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


def wait_for(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url} within {timeout:.0f} s.")


def reader(
    n: int,
    base: str,
    article_url: str,
    per_client: int,
    results: Counter,
    lock: threading.Lock,
    deadline: float,
) -> None:
    session = requests.Session()
    for i in range(per_client):
        if time.monotonic() > deadline:
            with lock:
                results["not sent (time up)"] += per_client - i
            return
        with lock:
            results["sent"] += 1
        try:
            page = session.get(base + article_url, timeout=30).text
            token = TOKEN_RE.search(page).group(1)
            rendered = RENDERED_RE.search(page).group(1)
            action = ACTION_RE.search(page).group(1)
            answer = session.post(
                base + action,
                data={
                    "csrfmiddlewaretoken": token,
                    "rendered": rendered,
                    "author_name": f"قارئ {n}",
                    "author_email": f"reader{n}@load.example",
                    "body": f"تعليق رقم {i} من القارئ {n}: متابعة ممتازة للخبر، شكراً.",
                },
                headers={"Accept": "application/json", "Referer": base + article_url},
                timeout=60,
            )
            key = (
                "accepted (201)"
                if answer.status_code == 201
                else f"HTTP {answer.status_code}"
            )
            if answer.status_code == 201:
                with lock:
                    results[f"status {answer.json()['status']}"] += 1
        except (requests.RequestException, AttributeError, ValueError) as exc:
            key = f"failed ({type(exc).__name__})"
        with lock:
            results[key] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=10)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads", type=int, default=8, help="blocking threads per worker"
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--time-limit", type=float, default=180.0)
    parser.add_argument("--keep-traps", action="store_true")
    args = parser.parse_args()
    if not 8101 <= args.port <= 8109:
        raise SystemExit("Use a port between 8101 and 8109.")

    var_dir = Path(tempfile.mkdtemp(prefix="khabar-comments-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khabar.settings.dev",
        "DJANGO_DEBUG": "0",
        "KHABAR_VAR_DIR": str(var_dir),
        "KHABAR_LOG_LEVEL": "WARNING",
        "KHABAR_COMMENTS_NOTIFY_EMAILS": "",
    }
    env.pop("REDIS_URL", None)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
    else:
        env.pop("DATABASE_URL", None)
    if not args.keep_traps:
        env.update(
            KHABAR_COMMENTS_RATE_PER_IP="0",
            KHABAR_COMMENTS_RATE_PER_EMAIL="0",
            KHABAR_COMMENTS_TIME_TRAP="0",
        )
    print(f"data in {var_dir}; migrating and loading the demo content …")
    run([str(PY), "manage.py", "migrate", "--noinput"], env)
    run([str(PY), "manage.py", "load_demo"], env)
    info = run(
        [
            str(PY),
            "manage.py",
            "shell",
            "-c",
            "from khabar.news.models import ArticlePage;"
            "a=ArticlePage.objects.get(external_id='demo:reference');"
            "from khabar.comments.models import Comment;"
            "print(a.pk, a.url, Comment.objects.count())",
        ],
        env,
    ).split()
    article_pk, article_url, before = int(info[-3]), info[-2], int(info[-1])

    server = subprocess.Popen(
        [
            str(GRANIAN),
            "--interface",
            "wsgi",
            "khabar.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
            "--blocking-threads",
            str(args.threads),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(base + article_url, 60)
        results: Counter = Counter()
        lock = threading.Lock()
        deadline = time.monotonic() + args.time_limit
        threads = [
            threading.Thread(
                target=reader,
                args=(n, base, article_url, args.per_client, results, lock, deadline),
            )
            for n in range(args.clients)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.time_limit + 90)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    if args.database_url:
        stored = int(
            run(
                [
                    str(PY),
                    "manage.py",
                    "shell",
                    "-c",
                    "from khabar.comments.models import Comment;"
                    f"print(Comment.objects.filter(article_id={article_pk}).count())",
                ],
                env,
            ).split()[-1]
        )
    else:
        with sqlite3.connect(var_dir / "khabar.sqlite3") as db:
            stored = db.execute(
                "SELECT COUNT(*) FROM comments_comment WHERE article_id = ?",
                (article_pk,),
            ).fetchone()[0]
    stored -= before
    sent = results["sent"]
    print(
        f"\nserver: granian, {args.workers} workers x {args.threads} threads; "
        f"database: {'PostgreSQL' if 'postgres' in args.database_url else 'SQLite (WAL)'}"
    )
    print(f"clients: {args.clients} concurrent, {args.per_client} comments each")
    for key, value in sorted(results.items()):
        print(f"  {key:24} {value}")
    print(f"  {'stored in the database':24} {stored}")
    print(
        f"elapsed {elapsed:.1f} s; {sent / elapsed:.1f} comments/s posted "
        f"(each with a page fetch first)"
    )
    print(
        "RESULT:",
        "MET (sent == stored)" if sent == stored else "NOT MET: comments lost",
    )
    if not os.environ.get("KEEP_DATA"):
        shutil.rmtree(var_dir, ignore_errors=True)
    sys.exit(0 if sent == stored else 1)


if __name__ == "__main__":
    main()
