"""A backup restores into a fresh database with every article (and media file)."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection, connections

from tests.factories.news import ArticlePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _add_alias(alias: str, settings_dict: dict) -> None:
    configured = connections.configure_settings(
        {"default": connection.settings_dict, alias: settings_dict}
    )
    connections.settings[alias] = configured[alias]


def _drop_alias(alias: str) -> None:
    if alias in connections:
        connections[alias].close()
    connections.settings.pop(alias, None)
    try:
        delattr(connections._connections, alias)
    except AttributeError:
        pass


@pytest.fixture
def fresh_database(tmp_path):
    """A new, empty database of the same engine, as a second connection alias."""
    alias = "restore_target"
    vendor = connection.vendor
    if vendor == "sqlite":
        _add_alias(
            alias,
            {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(tmp_path / "fresh.sqlite3"),
            },
        )
        yield alias
        _drop_alias(alias)
        return
    import psycopg

    base = connection.settings_dict
    name = f"khabar_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=base["HOST"],
        port=base["PORT"] or 5432,
        user=base["USER"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    _add_alias(alias, {**base, "NAME": name, "TEST": {}})
    yield alias
    _drop_alias(alias)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_restores_every_article_and_media(section, tmp_path, fresh_database):
    from wagtail.images.models import Image

    titles = {
        ArticlePageFactory(parent=section, title=f"خبر للنسخ {n}").title
        for n in range(5)
    }
    image = Image.objects.create(
        title="صورة", file=ContentFile(_png_bytes(), name="photo.png")
    )
    media_file = Path(settings.MEDIA_ROOT) / image.file.name
    assert media_file.exists()

    archive = tmp_path / "khabar.tar.gz"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))
    assert archive.stat().st_size > 1000
    media_file.unlink()

    from khabar.core.backup import backup_restore

    manifest = backup_restore(source=archive, using=fresh_database)
    assert manifest["engine"] == connection.vendor
    restored = {row[0] for row in _query(fresh_database, TITLES_SQL)}
    assert titles <= restored
    assert media_file.exists(), "the media file came back from the backup"


def test_restore_refuses_what_is_not_a_backup(tmp_path, db):
    bogus = tmp_path / "not-a-backup.tar.gz"
    bogus.write_bytes(b"this is not a tar file")
    with pytest.raises(CommandError, match="not a readable Khabar backup"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


TITLES_SQL = "SELECT p.title FROM wagtailcore_page p JOIN news_articlepage a ON a.page_ptr_id = p.id"


def _query(alias: str, sql: str) -> list[tuple]:
    """Read the restored database with its plain driver, outside Django's test guard."""
    target = connections.settings[alias]
    if target["ENGINE"].endswith("sqlite3"):
        import sqlite3

        with sqlite3.connect(target["NAME"]) as db:
            return db.execute(sql).fetchall()
    import psycopg

    with psycopg.connect(
        host=target["HOST"],
        port=target["PORT"] or 5432,
        user=target["USER"],
        dbname=target["NAME"],
    ) as db:
        return db.execute(sql).fetchall()


def _png_bytes() -> bytes:
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()
