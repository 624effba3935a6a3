"""`talentdesk backup DIR` and `talentdesk restore DIR` (docs/deploy.md, "Backups").

A backup directory holds the database — SQLite: a consistent copy made with SQLite's online
backup API while the app keeps running; PostgreSQL: `pg_dump -Fc` — the uploaded files (MEDIA_ROOT:
drafts, attachments, data exports) and `manifest.json`: what was copied, and every table's row
count in the very snapshot that was copied, which `restore` checks after restoring.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass
class Restored:
    engine: str
    tables: int
    rows: int
    files: int


def engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def table_counts(conn=None) -> dict[str, int]:
    """Every table's row count, read through `conn` (default: the app's connection)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        names = sorted(conn.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def _pg_env(settings_dict: dict, name: str | None = None) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: the password never on the command line."""
    env = dict(os.environ)
    values = {
        "PGHOST": settings_dict.get("HOST") or "",
        "PGPORT": str(settings_dict.get("PORT") or ""),
        "PGUSER": settings_dict.get("USER") or "",
        "PGPASSWORD": settings_dict.get("PASSWORD") or "",
        "PGDATABASE": name or settings_dict["NAME"],
        "PGSSLMODE": (settings_dict.get("OPTIONS") or {}).get("sslmode", ""),
    }
    env.update({key: value for key, value in values.items() if value})
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs, the same major "
            "version as the server or newer (Debian: apt install postgresql-client)"
        )
    return path


def _media_root() -> Path | None:
    """The local upload directory, or None when uploads live in an S3 bucket (not copied)."""
    backend = settings.STORAGES["default"]["BACKEND"]
    if backend != "django.core.files.storage.FileSystemStorage":
        return None
    return Path(settings.MEDIA_ROOT)


def _is_empty_dir(path: Path) -> bool:
    return not path.exists() or (path.is_dir() and not any(path.iterdir()))


def backup(directory: Path, *, force: bool = False) -> dict:
    """Write a backup into `directory` (made if missing; must be empty unless `force`)."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise BackupError(f"{directory} is a file, not a directory")
    if not _is_empty_dir(directory) and not force:
        raise BackupError(f"{directory} is not empty: choose an empty directory, or --force")
    vendor = engine()
    if vendor == "postgresql":
        _tool("pg_dump")
    directory.mkdir(parents=True, exist_ok=True)
    for stale in (SQLITE_FILE, PG_FILE, MANIFEST):
        (directory / stale).unlink(missing_ok=True)
    shutil.rmtree(directory / MEDIA, ignore_errors=True)
    started = timezone.now()
    if vendor == "sqlite":
        database, counts = _backup_sqlite(directory / SQLITE_FILE)
    else:
        database, counts = _backup_postgresql(directory / PG_FILE)
    media = _media_root()
    files = size = 0
    if media is not None and media.is_dir():
        shutil.copytree(media, directory / MEDIA, symlinks=False)
        for path in (directory / MEDIA).rglob("*"):
            if path.is_file():
                files, size = files + 1, size + path.stat().st_size
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(),
        "engine": vendor,
        "database": database,
        "media": MEDIA if media is not None else None,
        "media_note": None if media is not None else "uploads are in S3_BUCKET: not copied",
        "files": files,
        "file_bytes": size,
        "tables": counts,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _backup_sqlite(target: Path) -> tuple[str, dict[str, int]]:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)  # one consistent copy, writers keep going
    finally:
        destination.close()
    copy = sqlite3.connect(target)
    try:
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {n: copy.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    finally:
        copy.close()
    return SQLITE_FILE, counts


def _backup_postgresql(target: Path) -> tuple[str, dict[str, int]]:
    """pg_dump of a snapshot exported by a repeatable-read transaction that counts the rows, so
    the manifest's counts are those of the dump even while the app writes."""
    pg_dump = _tool("pg_dump")
    conn = connections.create_connection("default")  # its own transaction, apart from the app's
    try:
        conn.ensure_connection()
        conn.connection.autocommit = False
        with conn.connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
            names = [row[0] for row in cursor.fetchall()]
            counts = {}
            for name in names:
                cursor.execute(f'SELECT COUNT(*) FROM "{name}"')  # noqa: S608
                counts[name] = cursor.fetchone()[0]
            result = subprocess.run(  # noqa: S603
                [pg_dump, "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)],
                env=_pg_env(conn.settings_dict),
                capture_output=True,
                text=True,
                check=False,
            )
        conn.connection.rollback()
    finally:
        conn.close()
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return PG_FILE, counts


def read_manifest(directory: Path) -> dict:
    directory = Path(directory)
    if not directory.is_dir():
        raise BackupError(f"{directory}: no such backup directory")
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{directory} has no {MANIFEST}: not a talentdesk backup") from None
    except ValueError:
        raise BackupError(f"{directory / MANIFEST} is not valid JSON") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{directory}: backup format {manifest.get('format')!r} is not {FORMAT}")
    if not (directory / manifest["database"]).is_file():
        raise BackupError(f"{directory}: the database file {manifest['database']} is missing")
    return manifest


def restore(directory: Path, *, force: bool = False) -> Restored:
    """Restore a backup into the database DATABASE_URL names, and its files into MEDIA_ROOT.
    Refuses a database or upload directory that is not empty unless `force`."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    vendor = engine()
    if manifest["engine"] != vendor:
        raise BackupError(
            f"this backup is of a {manifest['engine']} database; DATABASE_URL names a {vendor} one"
        )
    existing = table_counts()
    if existing and not force:
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} already has {len(existing)} "
            "tables: restore into an empty database, or --force to replace it"
        )
    media = _media_root()
    if manifest.get("media") and media is not None and not _is_empty_dir(media) and not force:
        raise BackupError(f"{media} is not empty: --force replaces its files with the backup's")
    if vendor == "sqlite":
        _restore_sqlite(directory / manifest["database"])
    else:
        _restore_postgresql(directory / manifest["database"])
    files = 0
    if manifest.get("media") and media is not None and (directory / manifest["media"]).is_dir():
        if media.exists():
            shutil.rmtree(media)
        shutil.copytree(directory / manifest["media"], media)
        files = sum(1 for path in media.rglob("*") if path.is_file())
    counts = table_counts()
    wrong = {
        name: (expected, counts.get(name))
        for name, expected in manifest["tables"].items()
        if counts.get(name) != expected
    }
    if wrong:
        name, (expected, found) = next(iter(sorted(wrong.items())))
        raise BackupError(
            f"restored, but {len(wrong)} tables differ from the manifest: {name} has {found} "
            f"rows, the backup {expected}"
        )
    return Restored(vendor, len(counts), sum(counts.values()), files)


def _restore_sqlite(source: Path) -> None:
    connection.close()
    target = connection.settings_dict["NAME"]
    if str(target).startswith("file:") or target == ":memory:":
        raise BackupError("restore into an SQLite file (DATABASE_URL=sqlite:////path/file)")
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    origin = sqlite3.connect(source)
    destination = sqlite3.connect(target)
    try:
        origin.backup(destination)  # replaces every page of the target, WAL included
    finally:
        destination.close()
        origin.close()


def _restore_postgresql(source: Path) -> None:
    pg_restore = _tool("pg_restore")
    connection.close()
    result = subprocess.run(  # noqa: S603
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "-d",
            connection.settings_dict["NAME"],
            str(source),
        ],
        env=_pg_env(connection.settings_dict),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
