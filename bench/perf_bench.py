"""Khabar against the WordPress baseline, side by side in one run (`make bench`).

    .venv/bin/python bench/perf_bench.py                 # 2000 stories, cold + warm, vs WordPress
    .venv/bin/python bench/perf_bench.py --scale         # article latency at 1,000 vs 100,000 stories
    .venv/bin/python bench/perf_bench.py --sweep-workers # req/s for 1..4 granian workers

What it does (everything it starts, it stops; see bench/README.md):

1. Builds (once, then reuses) a Khabar site on SQLite from the same corpus records
   as ../shared/bench-wordpress/load.sh (bench/perf_site.py).
2. Starts the production server (granian, khabar.wsgi, production settings) on
   127.0.0.1:8411, with the page cache off ("cold") and then on ("warm": Redis on
   a private redis-server at 127.0.0.1:8479, as in production).
3. Sets up and loads the WordPress baseline (its setup.sh, load.sh), and measures
   both sites with the *same* script, ../shared/bench-wordpress/bench.sh (wrk -t2
   -c16, bounded duration, warm-up per URL). Always runs its teardown.sh.
4. Serves the article's bytes as a static file from a private nginx (the physical
   limit of this machine) and measures that too.
5. Prints one table: req/s, p50, p99 and Khabar/WordPress ratios, and each granian
   worker's RSS.

Needs root for the WordPress baseline (it installs Debian packages the first time)
and installs wrk/nginx with apt-get if they are missing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
WPB = ROOT.parent / "shared" / "bench-wordpress"
WORK = Path(os.environ.get("KHABAR_BENCH_DIR", "/tmp/khabar-bench"))  # noqa: S108
PORT = 8411
THREADS = int(os.environ.get("THREADS_PER_WORKER", 1))  # Python threads per worker
NGINX_PORT = 8412
REDIS_PORT = 8479
PAGES = ("article", "home", "section", "search", "feed")
WP_EQUIVALENT = {"article": "single", "section": "category"}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, **kwargs)


def ensure_tools() -> None:
    missing = [
        tool
        for tool in ("wrk", "nginx", "redis-server", "curl")
        if not shutil.which(tool)
    ]
    packages = {
        "wrk": "wrk",
        "nginx": "nginx",
        "redis-server": "redis-server",
        "curl": "curl",
    }
    if missing:
        log(f"installing {' '.join(missing)} (apt-get)")
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", *(packages[m] for m in missing)])


def site_env(
    db: Path | str, *, cache: bool, redis: str | None = None, fragments: bool = True
) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khabar.settings.production",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KHABAR_SSL_REDIRECT": "0",
        "DATABASE_URL": str(db)
        if str(db).startswith("postgres")
        else f"sqlite:///{db}",
        "KHABAR_VAR_DIR": str(WORK / "var"),
        "KHABAR_PAGE_CACHE": "1" if cache else "0",
        "KHABAR_FRAGMENT_CACHE": "1" if fragments else "0",
        "KHABAR_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if redis:
        env["REDIS_URL"] = redis
    return env


def ensure_site(articles: int, postgres: str = "") -> Path | str:
    """A site with ``articles`` stories (built once, then reused): SQLite in
    $KHABAR_BENCH_DIR, or the PostgreSQL database ``postgres`` names."""
    WORK.mkdir(parents=True, exist_ok=True)
    db: Path | str = postgres or WORK / f"site-{articles}.sqlite3"
    if postgres:
        name = postgres.rsplit("/", 1)[1]
        subprocess.run(
            [
                "psql",
                postgres.rsplit("/", 1)[0] + "/postgres",
                "-qc",
                f"CREATE DATABASE {name}",
            ],
            capture_output=True,
        )
    env = site_env(db, cache=False)
    run(
        [str(VENV / "python"), "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
    )
    run(
        [
            str(VENV / "python"),
            "bench/perf_site.py",
            "build",
            "--articles",
            str(articles),
        ],
        cwd=ROOT,
        env=env,
    )
    run(
        [str(VENV / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
    )
    return db


def site_urls(db: Path | str) -> dict[str, str]:
    out = run(
        [str(VENV / "python"), "bench/perf_site.py", "urls"],
        cwd=ROOT,
        env=site_env(db, cache=False),
        capture_output=True,
    ).stdout
    return dict(line.split("\t", 1) for line in out.strip().splitlines())


@contextlib.contextmanager
def server(
    db: Path | str,
    *,
    cache: bool,
    workers: int,
    redis: str | None = None,
    fragments: bool = True,
):
    env = site_env(db, cache=cache, redis=redis, fragments=fragments)
    cmd = [
        str(VENV / "granian"), "--interface", "wsgi", "khabar.wsgi:application",
        "--host", "127.0.0.1", "--port", str(PORT), "--workers", str(workers),
        "--no-ws", "--log-level", "warning", "--backlog", "1024",
        "--blocking-threads", str(THREADS),
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{PORT}/")
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                response.read()
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s.")


def worker_rss(proc: subprocess.Popen) -> list[int]:
    """RSS in MiB of each process in the server's process group but the supervisor."""
    out = subprocess.run(
        ["ps", "-o", "pid=,rss=", "-g", str(proc.pid)], capture_output=True, text=True
    ).stdout
    rss = [
        int(kb) // 1024
        for pid, kb in (line.split() for line in out.strip().splitlines())
        if int(pid) != proc.pid
    ]
    return sorted(rss)


@contextlib.contextmanager
def private_redis():
    data = tempfile.mkdtemp(prefix="khabar-bench-redis-")
    proc = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", data, "--maxmemory", "512mb",
         "--maxmemory-policy", "allkeys-lru"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            if (
                subprocess.run(
                    ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True
                ).returncode
                == 0
            ):
                break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{REDIS_PORT}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def static_nginx(body: bytes):
    root = Path(tempfile.mkdtemp(prefix="khabar-bench-nginx-"))
    (root / "article.html").write_bytes(body)
    conf = root / "nginx.conf"
    conf.write_text(
        f"""worker_processes 2; pid {root}/nginx.pid; error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{ access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000;
  client_body_temp_path {root}; proxy_temp_path {root}; fastcgi_temp_path {root};
  uwsgi_temp_path {root}; scgi_temp_path {root};
  types {{ text/html html; }}
  server {{ listen 127.0.0.1:{NGINX_PORT}; root {root}; }} }}
"""
    )
    run(["nginx", "-c", str(conf), "-p", str(root)])
    try:
        wait_http(f"http://127.0.0.1:{NGINX_PORT}/article.html")
        yield f"http://127.0.0.1:{NGINX_PORT}"
    finally:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((root / "nginx.pid").read_text()), signal.SIGQUIT)
        time.sleep(0.5)
        shutil.rmtree(root, ignore_errors=True)


ROW = re.compile(
    r"^\| (\S+) \| ([\d.]+) \| (\S+) \| (\S+) \| (\S+) \| (\d+) \| (\d+) \|"
)


def wrk_table(
    base: str, paths: dict[str, str], settings: dict[str, str]
) -> dict[str, dict]:
    """Measure ``paths`` with the WordPress baseline's own bench.sh (same wrk settings)."""
    args = [f"{name}={path}" for name, path in paths.items()]
    out = run(
        ["bash", str(WPB / "bench.sh"), base, *args],
        env={**os.environ, **settings},
        capture_output=True,
    ).stdout
    results = {}
    for line in out.splitlines():
        match = ROW.match(line)
        if match:
            name, rps, p50, _p90, p99, requests, non2xx = match.groups()
            results[name] = {
                "rps": float(rps),
                "p50": to_ms(p50),
                "p99": to_ms(p99),
                "requests": int(requests),
                "non2xx": int(non2xx),
            }
    return results


def to_ms(value: str) -> float:
    number = float(re.match(r"[\d.]+", value).group(0))
    if value.endswith("us"):
        return number / 1000
    if value.endswith("ms"):
        return number
    if value.endswith("s"):
        return number * 1000
    return number


def wordpress(settings: dict[str, str], *, load: bool) -> dict[str, dict]:
    log("WordPress baseline: setup.sh")
    run(["bash", str(WPB / "setup.sh")], stdout=subprocess.DEVNULL)
    if load:
        log("WordPress baseline: load.sh 2000")
        run(["bash", str(WPB / "load.sh"), "2000"], stdout=subprocess.DEVNULL)
    lines = run(["php", str(WPB / "php" / "urls.php")], capture_output=True).stdout
    wp = dict(line.split("\t", 1) for line in lines.strip().splitlines())
    base = "http://127.0.0.1:8081"
    paths = {
        "article": wp["single"].removeprefix(base),
        "home": "/",
        "section": wp["category"].removeprefix(base),
        "search": wp["search"].removeprefix(base),
        "feed": "/feed/",
    }
    log("WordPress baseline: bench.sh")
    return wrk_table(base, paths, settings)


def fmt(row: dict | None) -> str:
    if not row:
        return "        –          –          –"
    return f"{row['rps']:9.1f} {row['p50']:8.2f}ms {row['p99']:8.2f}ms"


def ratio(a: dict | None, b: dict | None) -> str:
    if not a or not b or not b["rps"]:
        return "     –"
    return f"{a['rps'] / b['rps']:7.1f}×"


def wrk_settings(args: argparse.Namespace) -> dict[str, str]:
    """bench.sh's wrk settings, the same for every site measured."""
    return {
        "DURATION": args.duration,
        "WARM": args.warm,
        "THREADS": "2",
        "CONNECTIONS": "16",
    }


def main_bench(args: argparse.Namespace) -> None:
    ensure_tools()
    settings = wrk_settings(args)
    db = ensure_site(args.articles, args.postgres)
    paths = {name: path for name, path in site_urls(db).items() if name in PAGES}
    log(f"Khabar pages: {paths}")
    results: dict[str, dict] = {}
    rss: dict[str, list[int]] = {}
    with server(db, cache=False, workers=args.workers) as proc:
        log("Khabar cold (page cache off)")
        results["cold"] = wrk_table(f"http://127.0.0.1:{PORT}", paths, settings)
        rss["cold"] = worker_rss(proc)
    with server(db, cache=False, workers=args.workers, fragments=False) as proc:
        log("Khabar uncached (page cache and fragment cache off)")
        results["uncached"] = wrk_table(f"http://127.0.0.1:{PORT}", paths, settings)
        rss["uncached"] = worker_rss(proc)
    with (
        private_redis() as redis,
        server(db, cache=True, workers=args.workers, redis=redis) as proc,
    ):
        log("Khabar warm (page cache on, Redis)")
        results["warm"] = wrk_table(f"http://127.0.0.1:{PORT}", paths, settings)
        rss["warm"] = worker_rss(proc)
        with urllib.request.urlopen(
            f"http://127.0.0.1:{PORT}{quote(paths['article'])}"
        ) as r:
            article_bytes = r.read()
    with server(db, cache=True, workers=args.workers) as proc:
        log("Khabar warm (page cache on, local memory)")
        results["warm-local"] = wrk_table(f"http://127.0.0.1:{PORT}", paths, settings)
        rss["warm-local"] = worker_rss(proc)
    with static_nginx(article_bytes) as base:
        log("nginx serving the article's bytes as a static file")
        results["nginx"] = wrk_table(base, {"article": "/article.html"}, settings)
    wp: dict[str, dict] = {}
    if not args.skip_wordpress:
        try:
            wp = wordpress(settings, load=not args.reuse_wordpress)
        finally:
            log("WordPress baseline: teardown.sh")
            subprocess.run(
                ["bash", str(WPB / "teardown.sh")], stdout=subprocess.DEVNULL
            )
    report(args, results, wp, rss)


def quote(path: str) -> str:
    from urllib.parse import quote as q

    return q(path, safe="/?=&%")


def report(args, results, wp, rss) -> None:
    print()
    print(
        f"## Khabar vs WordPress — {args.articles} stories on {'PostgreSQL' if args.postgres else 'SQLite'}, "
        f"granian {args.workers} workers × {THREADS} thread, "
        f"wrk -t2 -c16 -d{args.duration} (warm-up {args.warm}), loopback, 2 cores shared with wrk"
    )
    print()
    print("| page | WordPress req/s | p50 | p99 | Khabar cold req/s | p50 | p99 | cold ratio "
          "| Khabar warm (Redis) req/s | p50 | p99 | warm ratio | warm (local memory) req/s | ratio "
          "| no caches at all req/s | ratio |")  # fmt: skip
    print(
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    for page in PAGES:
        w, c, h, loc, raw = (
            wp.get(page),
            results["cold"].get(page),
            results["warm"].get(page),
            results["warm-local"].get(page),
            results.get("uncached", {}).get(page),
        )
        cells = []
        for row in (w, c):
            cells += (
                [f"{row['rps']:.1f}", f"{row['p50']:.2f} ms", f"{row['p99']:.2f} ms"]
                if row
                else ["–"] * 3
            )
        cells.append(ratio(c, w).strip())
        cells += (
            [f"{h['rps']:.0f}", f"{h['p50']:.2f} ms", f"{h['p99']:.2f} ms"]
            if h
            else ["–"] * 3
        )
        cells.append(ratio(h, w).strip())
        cells += [f"{loc['rps']:.0f}" if loc else "–", ratio(loc, w).strip()]
        cells += [f"{raw['rps']:.1f}" if raw else "–", ratio(raw, w).strip()]
        print(f"| {page} | " + " | ".join(cells) + " |")
    n = results["nginx"].get("article")
    if n:
        print(
            f"| article as a static file (nginx) | | | | | | | | {n['rps']:.0f} | {n['p50']:.2f} ms | {n['p99']:.2f} ms | {ratio(n, wp.get('article')).strip()} | | | | |"
        )
    print()
    for mode, sizes in rss.items():
        print(f"worker RSS ({mode}): {', '.join(f'{s} MiB' for s in sizes)}")
    bad = {
        (m, p): r["non2xx"]
        for m, rows in results.items()
        for p, r in rows.items()
        if r["non2xx"]
    }
    if bad:
        print(f"WARNING: non-2xx answers: {bad}")


def main_scale(args: argparse.Namespace) -> None:
    """Cold article latency with 1,000 and 100,000 stories (same wrk settings)."""
    ensure_tools()
    settings = wrk_settings(args)
    small = ensure_site(1000)
    big = WORK / "site-100000.sqlite3"
    if not big.exists():
        shutil.copy(small, big)
    env = site_env(big, cache=False)
    run(
        [str(VENV / "python"), "bench/perf_site.py", "inflate", "--total", "100000"],
        cwd=ROOT,
        env=env,
    )
    rows = {}
    for label, db in (("1,000", small), ("100,000", big)):
        paths = {
            k: v
            for k, v in site_urls(db).items()
            if k in ("article", "section", "home")
        }
        with server(db, cache=False, workers=args.workers):
            rows[label] = wrk_table(f"http://127.0.0.1:{PORT}", paths, settings)
    print()
    print(
        f"## Cold pages (page cache off) at 1,000 and 100,000 stories, granian {args.workers} workers"
    )
    print()
    print("| page | 1,000: req/s | p50 | 100,000: req/s | p50 | p50 ratio (100k/1k) |")
    print("|---|---:|---:|---:|---:|---:|")
    for page in ("article", "section", "home"):
        a, b = rows["1,000"].get(page), rows["100,000"].get(page)
        if a and b:
            print(
                f"| {page} | {a['rps']:.1f} | {a['p50']:.2f} ms | {b['rps']:.1f} | {b['p50']:.2f} ms | {b['p50'] / a['p50']:.2f} |"
            )


def main_sweep(args: argparse.Namespace) -> None:
    ensure_tools()
    settings = wrk_settings(args)
    db = ensure_site(args.articles, args.postgres)
    article = {"article": site_urls(db)["article"]}
    print(
        "| workers | cold article req/s | p99 | warm article req/s (Redis) | p99 | worker RSS MiB |"
    )
    print("|---:|---:|---:|---:|---:|---|")
    for workers in (1, 2, 3, 4):
        with server(db, cache=False, workers=workers) as proc:
            cold = wrk_table(f"http://127.0.0.1:{PORT}", article, settings)["article"]
            sizes = worker_rss(proc)
        with (
            private_redis() as redis,
            server(db, cache=True, workers=workers, redis=redis),
        ):
            warm = wrk_table(f"http://127.0.0.1:{PORT}", article, settings)["article"]
        print(
            f"| {workers} | {cold['rps']:.1f} | {cold['p99']:.1f} ms | {warm['rps']:.0f} | {warm['p99']:.2f} ms | {sizes} |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WORKERS", 2))
    )
    parser.add_argument("--duration", default=os.environ.get("DURATION", "10s"))
    parser.add_argument("--warm", default=os.environ.get("WARM", "3s"))
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="e.g. postgres://postgres@127.0.0.1:5432/khabar_perf_bench (default: SQLite)",
    )
    parser.add_argument("--skip-wordpress", action="store_true")
    parser.add_argument("--reuse-wordpress", action="store_true", help="skip load.sh")
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--sweep-workers", action="store_true")
    args = parser.parse_args()
    if args.scale:
        main_scale(args)
    elif args.sweep_workers:
        main_sweep(args)
    else:
        main_bench(args)


if __name__ == "__main__":
    sys.exit(main())
