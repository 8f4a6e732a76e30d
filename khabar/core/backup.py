"""Backups of the database and the media files, and their restore.

A backup is one ``.tar.gz`` archive::

    manifest.json          what is inside: engine, time, Khabar version
    database.sqlite3       SQLite: a consistent copy made with SQLite's online
                           backup API (safe while the site is serving)
    database.pgdump        PostgreSQL: ``pg_dump --format=custom``
    media/...              uploaded images and documents (local storage only;
                           object storage keeps its own versions)

``restore`` puts a backup into the configured database, which should be new and
empty (PostgreSQL: ``pg_restore --clean --if-exists``; SQLite: the file is
replaced, so stop the app processes first).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client.")
    return path


def _media_root() -> Path | None:
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None
    return Path(settings.MEDIA_ROOT)


def backup_create(*, target: Path, using: str = "default") -> Path:
    """Write a backup archive to ``target`` and return its path."""
    connection = connections[using]
    vendor = connection.vendor
    with tempfile.TemporaryDirectory(prefix="khabar-backup-") as tmp:
        work = Path(tmp)
        if vendor == "sqlite":
            connection.ensure_connection()
            destination = sqlite3.connect(work / "database.sqlite3")
            with destination:
                connection.connection.backup(destination)
            destination.close()
        elif vendor == "postgresql":
            args, env = _pg_env(connection.settings_dict)
            command = [_tool("pg_dump"), "--format=custom", "--no-owner"]
            command += ["--file", str(work / "database.pgdump"), *args]
            result = subprocess.run(  # noqa: S603
                command, env=env, capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        else:
            raise BackupError(f"Backups of {vendor} databases are not supported.")
        media = _media_root()
        manifest = {
            "engine": vendor,
            "created_at": datetime.now(UTC).isoformat(),
            "media": bool(media and media.exists()),
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(target, "w:gz") as archive:
            for item in sorted(work.iterdir()):
                archive.add(item, arcname=item.name)
            if media and media.exists():
                archive.add(media, arcname="media")
    return target


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or member.issym() or member.islnk():
            raise BackupError(f"Unsafe path in backup archive: {member.name}")
        members.append(member)
    return members


def backup_restore(*, source: Path, using: str = "default") -> dict[str, Any]:
    """Restore ``source`` into the configured database and media folder."""
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="khabar-restore-") as tmp:
        work = Path(tmp)
        try:
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(work, members=_safe_members(archive))  # noqa: S202
        except (tarfile.TarError, OSError) as error:
            raise BackupError(
                f"{source} is not a readable Khabar backup: {error}"
            ) from None
        try:
            manifest = json.loads((work / MANIFEST).read_text())
        except (OSError, ValueError):
            raise BackupError(
                f"{source} has no manifest; it is not a Khabar backup."
            ) from None
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['engine']} database; the configured "
                f"database is {connection.vendor}."
            )
        if connection.vendor == "sqlite":
            connection.close()
            name = connection.settings_dict["NAME"]
            source_db = sqlite3.connect(work / "database.sqlite3")
            target_db = sqlite3.connect(name, uri=str(name).startswith("file:"))
            with target_db:
                source_db.backup(target_db)
            source_db.close()
            target_db.close()
        else:
            connection.close()
            args, env = _pg_env(connection.settings_dict)
            command = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
            command += ["--exit-on-error", "--single-transaction", *args]
            command.append(str(work / "database.pgdump"))
            result = subprocess.run(  # noqa: S603
                command, env=env, capture_output=True, text=True, check=False
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        media = _media_root()
        if manifest.get("media") and media is not None:
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work / "media", media, dirs_exist_ok=True)
    return manifest
