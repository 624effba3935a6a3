"""Anchors: the heads of the audit chains, written outside the database.

The keyed chain (access/audit.py) stops anyone without the audit key from forging a row, but
not from deleting a whole chain with its head, nor someone holding the key from rewriting one.
So `anchor()` appends the chains' heads, as one JSON line, to `AUDIT_ANCHOR_FILE` (keep it on
append-only storage: another host, `chattr +a`, a WORM bucket) and, when
`AUDIT_ANCHOR_WEBHOOK_URL` is set, POSTs the same line there. `talentdesk audit verify --anchors
FILE` then checks every anchored row is still in the database with the same hash.

A line lists every chain's head once a day (the first anchor of each UTC day, `"kind": "full"`),
and otherwise the heads of the chains written to since the previous line (`"changes"`). Each line
carries an HMAC with the audit key, so a line added by someone without the key is refused.
"""

import hashlib
import hmac
import json
import logging
import os
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from access import audit
from access.models import AuditEvent, AuditHead

log = logging.getLogger(__name__)
# Rows are looked for this far below the last anchored id: a transaction that took its ids
# before the previous anchor but committed after it is still seen (the daily full line
# catches anything older).
ID_SLACK = 10_000


class AnchorError(Exception):
    """An anchor file that cannot be read or trusted; the message says which line and why."""


def _line_mac(body: dict, key: str) -> str:
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key.encode(), text, hashlib.sha256).hexdigest()


def last_line(path: Path) -> dict | None:
    """The newest anchor in the file, read from its end (the file grows without bound)."""
    try:
        with path.open("rb") as file:
            file.seek(0, os.SEEK_END)
            size = file.tell()
            block = b""
            while size > 0 and block.count(b"\n") < 2:
                step = min(size, 64 * 1024)
                size -= step
                file.seek(size)
                block = file.read(step) + block
    except FileNotFoundError:
        return None
    lines = [line for line in block.splitlines() if line.strip()]
    if not lines:
        return None
    try:
        return json.loads(lines[-1])
    except ValueError:
        return None


def anchor(
    *, path: Path | None = None, now: datetime | None = None, only_if_due: bool = False
) -> dict | None:
    """Append the heads written since the last anchor (every head, on a new day); POST them to
    the webhook if one is set. Returns the line written, or None when nothing was due."""
    path = Path(path or settings.AUDIT_ANCHOR_FILE)
    now = now or timezone.now()
    previous = last_line(path)
    previous_at = datetime.fromisoformat(previous["at"]) if previous else None
    interval = timedelta(minutes=settings.AUDIT_ANCHOR_MINUTES)
    if only_if_due and previous_at is not None and now - previous_at < interval:
        return None
    max_id = AuditEvent.objects.aggregate(Max("pk"))["pk__max"] or 0
    full = previous_at is None or previous_at.date() != now.date()
    heads = AuditHead.objects.exclude(seq=0)
    if not full:
        since = max(int(previous.get("max_id", 0)) - ID_SLACK, 0)
        changed = AuditEvent.objects.filter(pk__gt=since).values_list("chain", flat=True)
        heads = heads.filter(chain__in=set(changed))
    rows = heads.values_list("chain", "seq", "hash")
    chains = {chain: [seq, hash_] for chain, seq, hash_ in rows}
    if not full and not chains:
        return None
    body = {
        "at": now.isoformat(),
        "kind": "full" if full else "changes",
        "max_id": max_id,
        "key_id": audit.current_key_id(),
        "chains": dict(sorted(chains.items())),
    }
    line = {**body, "mac": _line_mac(body, settings.AUDIT_KEY)}
    text = json.dumps(line, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, text.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    if settings.AUDIT_ANCHOR_WEBHOOK_URL:
        post(settings.AUDIT_ANCHOR_WEBHOOK_URL, text)
    return line


def post(url: str, text: str) -> bool:
    """POST one anchor line; a failure is logged (the file already has it) and retried by no one:
    the next line lists the heads again once a day."""
    if not url.startswith(("https://", "http://")):
        log.error("audit anchor: AUDIT_ANCHOR_WEBHOOK_URL must be http(s), not %r", url)
        return False
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        url,
        data=text.encode(),
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "talentdesk-audit-anchor"},
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:  # noqa: S310
            return 200 <= response.status < 300
    except OSError:
        log.exception("audit anchor: POST to %s failed", url)
        return False


def read(path: Path) -> dict[str, dict[int, str]]:
    """{chain: {seq: hash}} from every line of an anchor file; AnchorError for a missing file, a
    line that is not an anchor, or one whose MAC no audit key made."""
    path = Path(path)
    if not path.is_file():
        raise AnchorError(f"{path}: no such anchor file")
    known = audit.keys()
    points: dict[str, dict[int, str]] = {}
    with path.open() as file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
                body = {k: v for k, v in line.items() if k != "mac"}
                key = known.get(line["key_id"])
                chains = line["chains"]
            except (ValueError, KeyError, TypeError, AttributeError):
                raise AnchorError(f"{path}, line {number}: not an audit anchor") from None
            if key is None:
                raise AnchorError(
                    f"{path}, line {number}: signed with key {line['key_id']}, which is neither "
                    "AUDIT_KEY nor one of AUDIT_KEY_FALLBACKS"
                )
            if not hmac.compare_digest(_line_mac(body, key), str(line.get("mac", ""))):
                raise AnchorError(f"{path}, line {number}: its MAC does not match (edited)")
            for chain, (seq, hash_) in chains.items():
                seen = points.setdefault(chain, {})
                if seen.get(int(seq), hash_) != hash_:
                    raise AnchorError(
                        f"{path}, line {number}: chain {chain} row #{seq} anchored twice with "
                        "different hashes"
                    )
                seen[int(seq)] = hash_
    return points
