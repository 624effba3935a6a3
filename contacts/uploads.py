"""Checking the e-mail a recorded brand answer rests on, by its content, never by its name:
a saved message (.eml), a PDF print of it, or a screenshot (PNG, JPEG)."""

import email
import email.policy
import hashlib

from django.utils.translation import gettext as _

from talentdesk.lib.errors import ActionError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
SIGNATURES = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
]


def _is_message(data: bytes) -> bool:
    """A saved e-mail: text whose headers carry at least a sender and a date or subject."""
    if b"\x00" in data[:4096]:
        return False
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception:  # noqa: BLE001 - any unreadable message is simply not one
        return False
    return bool(message.get("From")) and bool(message.get("Date") or message.get("Subject"))


def check_evidence(upload) -> tuple[str, str]:
    """(content type, SHA-256) of an uploaded e-mail; ActionError when it is not one."""
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ActionError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_EVIDENCE_BYTES // 2**20},
            field="evidence",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    digest = hashlib.sha256(data).hexdigest()
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind, digest
    if _is_message(data):
        return "message/rfc822", digest
    raise ActionError(
        _(
            "Attach the brand's e-mail: a saved message (.eml), a PDF or a screenshot "
            "(PNG, JPEG), whatever its name."
        ),
        field="evidence",
    )
