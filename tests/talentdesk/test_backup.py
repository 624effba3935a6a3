"""Issue 21: the restore drill — the demo world backed up, restored into a fresh database, and
every table and the audit log compared — and the backup commands' clear errors."""

import hashlib
import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, connections

from talentdesk import backup


def table_digest(conn) -> dict[str, tuple[int, str]]:
    """{table: (rows, checksum of its rows)} through a connection of the same backend."""
    digest = {}
    with conn.cursor() as cursor:
        for name in sorted(conn.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(name)}")  # noqa: S608
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest[name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digest


def other_connection(name: str):
    """A second connection, same settings as the app's, to the database `name`."""
    wrapper_class = type(connections["default"])
    return wrapper_class({**connection.settings_dict, "NAME": name}, alias="restored")


def run(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "talentdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def fresh_database(tmp_path):
    """(DATABASE_URL, name) of a new, empty database: a new SQLite file, or a PostgreSQL
    database created (and dropped afterwards) beside the test one."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"
        yield f"sqlite:///{path}", str(path)
        return
    name = f"{connection.settings_dict['NAME']}_drill_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
    try:
        yield url, name
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_21_restore_drill_gives_back_every_table_and_a_verified_audit_log(
    cast_tx, settings, tmp_path, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    stored = default_storage.save("drafts/drill/cut.mp4", ContentFile(b"\x00draft bytes"))
    before = table_digest(connection)
    assert before["access_auditevent"][0] > 0 and before["accounts_user"][0] > 0

    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest = backup.read_manifest(tmp_path / "backup")
    assert manifest["engine"] == connection.vendor and manifest["files"] == 1
    assert manifest["tables"] == {name: rows for name, (rows, _) in before.items()}

    url, name = fresh_database
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TALENTDESK_VAR_DIR": str(tmp_path / "restored-var"),
        "AUDIT_KEY": settings.AUDIT_KEY,
        "AUDIT_KEY_FALLBACKS": ",".join(settings.AUDIT_KEY_FALLBACKS),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    restored = run("restore", str(tmp_path / "backup"), env=env)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Restored" in restored.stdout

    other = other_connection(name)
    try:
        after = table_digest(other)
    finally:
        other.close()
    assert after == before  # every table: same rows, same checksum
    assert (tmp_path / "restored-var" / "media" / stored).read_bytes() == b"\x00draft bytes"
    verified = run("audit", "verify", env=env)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert verified.stdout.startswith("OK:")

    again = run("restore", str(tmp_path / "backup"), env=env)
    assert again.returncode == 1 and "restore into an empty database, or --force" in again.stderr
    forced = run("restore", str(tmp_path / "backup"), "--force", env=env)
    assert forced.returncode == 0, forced.stdout + forced.stderr


@pytest.mark.django_db
def test_21_backup_refuses_a_non_empty_directory(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    with pytest.raises(CommandError, match="is not empty: choose an empty directory, or --force"):
        call_command("backup", str(tmp_path / "full"))


@pytest.mark.django_db
def test_21_restore_names_a_missing_or_foreign_directory(tmp_path):
    with pytest.raises(CommandError, match="no such backup directory"):
        call_command("restore", str(tmp_path / "nowhere"))
    (tmp_path / "other").mkdir()
    with pytest.raises(CommandError, match="not a talentdesk backup"):
        call_command("restore", str(tmp_path / "other"))


@pytest.mark.django_db
def test_21_backup_without_pg_dump_says_what_to_install(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        monkeypatch.setattr(backup, "engine", lambda: "postgresql")
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="pg_dump is not installed.*postgresql-client"):
        call_command("backup", str(tmp_path / "out"))
    assert not Path(tmp_path / "out").exists()
