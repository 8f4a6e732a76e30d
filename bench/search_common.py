"""Shared helpers of the search/import benchmarks (not a test; run on demand).

The corpus (ANT Corpus, ../shared/corpus, see its README for licence and
citation) is read from disk and never copied into the repository; converted
files go to a temporary directory. Benchmarks exit 0 with a note when the
corpus is absent.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(os.environ.get("KHABAR_CORPUS", ROOT.parent / "shared" / "corpus"))
CORPUS_FILES = ["ant-v2.1-multisource.jsonl.gz", "ant-v1.1-jawharafm.jsonl.gz"]
TMP = Path(os.environ.get("KHABAR_BENCH_TMP", "/tmp"))  # noqa: S108 -- scratch files
PG_URL = os.environ.get("KHABAR_BENCH_PG", "postgres://postgres@127.0.0.1:5432/")
#: Prefixed to PostgreSQL database names (an engineer's own scratch namespace).
PG_PREFIX = os.environ.get("KHABAR_BENCH_PG_PREFIX", "")


def corpus_or_exit() -> list[Path]:
    files = [CORPUS_DIR / f for f in CORPUS_FILES if (CORPUS_DIR / f).exists()]
    if not files:
        print(f"Corpus not found in {CORPUS_DIR}; benchmark skipped.")
        sys.exit(0)
    return files


def corpus_articles() -> Iterator[dict]:
    for path in corpus_or_exit():
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                art = json.loads(line)
                if art.get("title", "").strip() and art.get("body", "").strip():
                    yield art


def import_record(art: dict, repeat: int) -> dict:
    """One import line; copy ``repeat`` > 0 gets a new id and an older date."""
    date = art["date"] or "2018-01-01"
    moment = datetime.fromisoformat(
        date if len(date) > 10 else date + "T00:00:00+00:00"
    )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.now().astimezone().tzinfo)
    moment -= timedelta(days=400 * repeat)
    abstract = (art.get("abstract") or "").strip()
    return {
        "external_id": f"{art['corpus']}:{art['id']}"
        + (f":r{repeat}" if repeat else ""),
        "title": art["title"],
        "body": art["body"],
        "lead": abstract
        if abstract and not art["body"].startswith(abstract[:40])
        else "",
        "section": art.get("category") or "diverse",
        "source": art.get("source") or "",
        "published_at": moment.isoformat(),
    }


def write_jsonl(path: Path, count: int) -> int:
    """Write ``count`` import lines (the corpus, repeated with new ids/dates)."""
    written = 0
    repeat = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        while written < count:
            before = written
            for art in corpus_articles():
                out.write(
                    json.dumps(import_record(art, repeat), ensure_ascii=False) + "\n"
                )
                written += 1
                if written >= count:
                    break
            if written == before:
                break
            repeat += 1
    return written


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings.test")
    os.environ.setdefault("KHABAR_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def database_url(engine: str, name: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{TMP}/{name}.sqlite3"
    return PG_URL + PG_PREFIX + name


def create_database(engine: str, name: str) -> str:
    """A fresh, empty database (dropped first if it exists)."""
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (TMP / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        import psycopg

        assert name.startswith("khabar_search_")
        full = PG_PREFIX + name
        with psycopg.connect(PG_URL + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{full}"')
            conn.execute(f'CREATE DATABASE "{full}"')
    return database_url(engine, name)


def drop_database(engine: str, name: str) -> None:
    if engine == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            (TMP / f"{name}.sqlite3{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    assert name.startswith("khabar_search_")
    name = PG_PREFIX + name
    with psycopg.connect(PG_URL + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def summary_ms(values: list[float]) -> str:
    return (
        f"p50 {pct(values, 0.5) * 1000:.1f} ms, p95 {pct(values, 0.95) * 1000:.1f} ms, "
        f"mean {statistics.fmean(values) * 1000:.1f} ms (n={len(values)})"
    )


# --- Spelling variants for the quality benchmark ------------------------------------

HARAKAT = "\u064e\u0650\u064f"


def variant(word: str, kind: str) -> str:
    """``word`` spelled another way a reader might type it (or unchanged)."""
    if kind == "hamza":
        if word[0] == "ا":
            return "أ" + word[1:]
        if word.startswith("ال") and len(word) > 3 and word[2] == "ا":
            return "الإ" + word[3:]
        return word.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    if kind == "taa":
        if word.endswith("ة"):
            return word[:-1] + "ه"
        if word.endswith("ه"):
            return word[:-1] + "ة"
        return word
    if kind == "yaa":
        if word.endswith("ى"):
            return word[:-1] + "ي"
        if word.endswith("ي"):
            return word[:-1] + "ى"
        return word
    if kind == "clitic":
        if word.startswith("ال"):
            return "و" + word
        if word[0] in "وبل":
            return word
        return "بال" + word
    if kind == "harakat":
        return word[0] + HARAKAT[0] + word[1:3] + HARAKAT[1] + word[3:]
    raise ValueError(kind)


VARIANT_KINDS = ("hamza", "taa", "yaa", "clitic", "harakat")
