"""The audit log's keys, read once by the settings (no Django import: settings load it).

The MAC key of the audit chain lives outside the database, so someone who can write the tables
cannot forge a row: `AUDIT_KEY` (the key itself), else `AUDIT_KEY_FILE` (a file whose first line is
the key and whose further lines are old keys), else — only outside production — a key generated
once into `var/audit_key`. Old keys stay readable through `AUDIT_KEY_FALLBACKS` (comma-separated)
or the file's later lines: rows keep the id of the key that made their MAC, so a rotation never
rewrites a row (docs/deploy.md, "Rotating the audit key").
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 32


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text()
    except OSError as error:
        raise ImproperlyConfigured(f"AUDIT_KEY_FILE {path} cannot be read: {error}") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def audit_keys(*, fallback_file: Path, production: bool) -> tuple[str, list[str]]:
    """(current key, old keys) from the environment, the key file, or the generated dev key."""
    fallbacks = [k.strip() for k in os.environ.get("AUDIT_KEY_FALLBACKS", "").split(",")]
    fallbacks = [k for k in fallbacks if k]
    key = os.environ.get("AUDIT_KEY", "").strip()
    if not key and os.environ.get("AUDIT_KEY_FILE"):
        lines = _lines(Path(os.environ["AUDIT_KEY_FILE"]))
        if not lines:
            raise ImproperlyConfigured(f"AUDIT_KEY_FILE {os.environ['AUDIT_KEY_FILE']} is empty")
        key, fallbacks = lines[0], [*lines[1:], *fallbacks]
    if not key:
        if production:
            raise ImproperlyConfigured(
                "Set AUDIT_KEY or AUDIT_KEY_FILE: the audit log's key must be kept outside the "
                "database and the var directory when ALLOWED_HOSTS names a public host "
                "(docs/deploy.md)."
            )
        if fallback_file.exists():
            key = fallback_file.read_text().strip()
        else:
            fallback_file.parent.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(48)
            fallback_file.write_text(key)
            fallback_file.chmod(0o600)
    for value in [key, *fallbacks]:
        if len(value) < MIN_LENGTH:
            raise ImproperlyConfigured(
                f"An audit key must have at least {MIN_LENGTH} characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
    return key, fallbacks
