"""Private service instances for fault tests: the shared PostgreSQL and Redis
are never stopped (other suites use them); these tests start their own."""

from __future__ import annotations

import glob
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_port() -> int:
    """A free port in 8701-8799, the range set aside for these tests' servers."""
    for port in random.sample(range(8701, 8800), 99):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 8701 and 8799")


class PrivatePostgres:
    """A throw-away PostgreSQL cluster owned by the postgres user, on its own port."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not bins or os.geteuid() != 0 or not shutil.which("runuser"):
            pytest.skip("A private PostgreSQL needs Debian's server binaries and root.")
        self.bin = Path(bins[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="khabar-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        self.port = free_port()

    def _as_postgres(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            ["runuser", "-u", "postgres", "--", *args],  # noqa: S607
            capture_output=True, text=True, check=False, cwd=self.dir,
        )  # fmt: skip

    def init(self) -> None:
        result = self._as_postgres(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
        )
        assert result.returncode == 0, result.stderr
        self.start()
        self._as_postgres(
            str(self.bin / "createdb"), "-h", str(self.dir), "-p", str(self.port), "-U",
            "postgres", "khabar",
        )  # fmt: skip

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        result = self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", opts,
            "-l", str(self.dir / "log"), "-w", "start",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr + result.stdout

    def stop(self) -> None:
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/khabar"

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    pg = PrivatePostgres()
    pg.init()
    yield pg
    pg.destroy()


class AppServer:
    """Khabar under granian (1 worker), test settings, a given environment."""

    def __init__(self, env: dict[str, str], *, workers: int = 1) -> None:
        self.port = app_port()
        self.workers = workers
        media = tempfile.mkdtemp(prefix="khabar-fault-media-")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "khabar.settings.test",
            "KHABAR_MEDIA_ROOT": media,
            **env,
        }
        self.process: subprocess.Popen | None = None
        self.log_path = Path(tempfile.mkdtemp(prefix="khabar-app-")) / "server.log"

    def manage(self, *args: str) -> None:
        result = subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]

    def start(self) -> None:
        granian = str(Path(PYTHON).parent / "granian")
        self.process = subprocess.Popen(  # noqa: S603
            [
                granian,
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
                "khabar.wsgi:application",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.log_path, "w"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("the app server did not start")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}{path}", timeout=10
            ) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
