"""Two app processes, one PostgreSQL, one Redis: a publish through one is served
fresh by the other at once (docs/deploy.md, "Past one machine").

Runs when the suite runs on PostgreSQL (DATABASE_URL=postgres://…, as in CI's
second pass): the two granian servers then read the test database. It starts its
own redis-server on a free port in 8401–8499.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.db import connection

from tests.factories.news import ArticlePageFactory, SectionPageFactory

ROOT = Path(__file__).resolve().parents[2]
GRANIAN = Path(sys.executable).with_name("granian")

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
    pytest.mark.skipif(not GRANIAN.exists(), reason="needs granian"),
]


def free_ports(count: int) -> list[int]:
    ports = []
    for port in range(8461, 8500):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError("Not enough free ports in 8461–8499.")


def wait_for(url: str, proc: subprocess.Popen) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}.")
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer.")


@pytest.fixture
def two_servers(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two processes need a shared PostgreSQL test database")
    redis_port, port_a, port_b = free_ports(3)
    processes = [
        subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
    ]
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khabar.settings.production",
        "SECRET_KEY": "two-process-test-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,news.example",
        "KHABAR_SSL_REDIRECT": "0",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "KHABAR_PAGE_CACHE": "1",
        "KHABAR_VAR_DIR": str(tmp_path),
        "KHABAR_LOG_LEVEL": "WARNING",
    }
    # Production settings need the hashed static files' manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    try:
        for port in (port_a, port_b):
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [
                        str(GRANIAN),
                        "--interface",
                        "wsgi",
                        "khabar.wsgi:application",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        str(port),
                        "--workers",
                        "1",
                        "--blocking-threads",
                        "1",
                        "--no-ws",
                        "--log-level",
                        "error",
                    ],
                    cwd=ROOT,
                    env=env,
                )  # fmt: skip
            )
        urls = [f"http://127.0.0.1:{port}" for port in (port_a, port_b)]
        for url, proc in zip(urls, processes[1:], strict=True):
            wait_for(url + "/robots.txt", proc)
        yield urls
    finally:
        for proc in reversed(processes):
            proc.terminate()
            proc.wait(timeout=15)


def test_a_publish_through_one_process_is_served_fresh_by_the_other(
    two_servers, django_user_model
):
    from khabar.core.models import SiteSettings
    from tests.conftest import ensure_home

    # Another transactional test may have flushed what the migrations created.
    home = ensure_home()
    SiteSettings.for_site(home.get_site())
    section = SectionPageFactory(parent=home, title="سياسة", slug="politics")
    article = ArticlePageFactory(parent=section, title="العنوان الأول")
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    editor_user = django_user_model.objects.create_superuser("editor", "e@example.com")
    # Hashed as production checks it (the test settings use a fast MD5 hasher).
    editor_user.password = PBKDF2PasswordHasher().encode("pass-1234", "two-processes")
    editor_user.save(update_fields=["password"])
    server_a, server_b = two_servers

    def reader_get(server, path):
        # Behind a load balancer every process sees the public host name.
        response = requests.get(
            server + path, headers={"Host": "news.example"}, timeout=10
        )
        return (
            response.status_code,
            response.headers.get("X-Khabar-Cache"),
            response.text,
        )

    # Both processes serve the story; B's second answer comes from the shared cache.
    assert reader_get(server_a, article.url)[:2] == (200, "MISS")
    assert reader_get(server_b, article.url)[:2] == (200, "HIT")
    assert reader_get(server_b, section.url)[:2] == (200, "MISS")
    assert reader_get(server_b, section.url)[:2] == (200, "HIT")

    # An editor changes the title (a draft), then publishes it through process A.
    article.title = "العنوان بعد التحرير"
    article.save_revision()
    cookies: dict[str, str] = {}

    def as_editor(method, path, **kwargs):
        # Production cookies are Secure; this test speaks plain HTTP on loopback,
        # so it carries them by hand.
        header = "; ".join(f"{k}={v}" for k, v in cookies.items())
        response = requests.request(
            method, server_a + path, headers={"Cookie": header}, timeout=30,
            allow_redirects=False, **kwargs,
        )  # fmt: skip
        cookies.update(response.cookies.get_dict())
        return response

    def token_of(response):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[
            1
        ]

    login = as_editor("GET", "/admin/login/")
    posted = as_editor(
        "POST",
        "/admin/login/",
        data={
            "username": "editor",
            "password": "pass-1234",
            "csrfmiddlewaretoken": token_of(login),
        },
    )
    assert posted.status_code == 302 and "sessionid" in cookies
    action = f"/admin/bulk/wagtailcore/page/publish/?id={article.pk}"
    form = as_editor("GET", action)
    assert form.status_code == 200
    done = as_editor("POST", action, data={"csrfmiddlewaretoken": token_of(form)})
    assert done.status_code in (200, 302)

    # Immediately, process B serves the new title on the story and its section.
    for path in (article.url, section.url):
        status, state, html = reader_get(server_b, path)
        assert status == 200 and state == "MISS", path
        assert "العنوان بعد التحرير" in html, path
        assert "العنوان الأول" not in html, path
    assert reader_get(server_b, article.url)[1] == "HIT"
    assert "العنوان بعد التحرير" in reader_get(server_a, article.url)[2]
