"""PostgreSQL restarts under traffic: requests in the gap get an Arabic 503, and the
site recovers by itself, without restarting the app."""

import threading
import time
from collections import Counter

import pytest

from tests.faults.conftest import AppServer

pytestmark = pytest.mark.faults


def test_postgres_restart_mid_traffic(private_postgres):
    app = AppServer({"DATABASE_URL": private_postgres.url, "REDIS_URL": ""})
    app.manage("migrate", "--noinput")
    app.manage("load_demo")
    app.start()
    statuses: Counter = Counter()
    bodies: dict[int, str] = {}
    stop = threading.Event()

    def reader() -> None:
        paths = ["/", "/politics/", "/a/10/", "/economy/"]
        n = 0
        while not stop.is_set():
            try:
                status, body = app.get(paths[n % len(paths)])
            except OSError as error:  # the app itself must never drop the connection
                status, body = -1, repr(error)
            statuses[status] += 1
            bodies.setdefault(status, body)
            n += 1
            time.sleep(0.02)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(2)
        private_postgres.stop()
        time.sleep(3)
        down = Counter(statuses)
        private_postgres.start()
        time.sleep(4)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    try:
        # After the restart the very same app process serves again.
        assert app.get("/")[0] == 200
        assert app.get("/politics/")[0] == 200
    finally:
        app.stop()
    print(f"\nrequests by status during the restart test: {dict(statuses)}")  # noqa: T201
    print(app.log_path.read_text()[-6000:])  # noqa: T201
    assert statuses[200] > 0
    assert down.get(503, 0) > 0, f"no request saw the outage: {dict(down)}"
    assert set(statuses) <= {200, 301, 503}, dict(statuses)
    assert "غير متاح للحظات" in bodies[503]
