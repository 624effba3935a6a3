"""Checking an uploaded draft by its content, never by its name."""

import contextlib
import errno

from django.conf import settings
from django.utils.translation import gettext as _

from talentdesk.lib.errors import ActionError

# (offset, magic bytes, content type)
SIGNATURES = [
    (4, b"ftypqt", "video/quicktime"),
    (4, b"ftyp", "video/mp4"),
    (0, b"\x1a\x45\xdf\xa3", "video/webm"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
]


def content_type_of(upload) -> str:
    """The real type of an uploaded file from its first bytes; ActionError when not allowed."""
    if upload.size > settings.DRAFT_MAX_BYTES:
        raise ActionError(
            _("The file is larger than %(mb)s MB.") % {"mb": settings.DRAFT_MAX_BYTES // 2**20},
            field="file",
        )
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    for offset, magic, kind in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return kind
    raise ActionError(
        _("This file is not a video (MP4, MOV, WebM) or an image (PNG, JPEG), whatever its name."),
        field="file",
    )


FULL_DISK = (errno.ENOSPC, errno.EDQUOT)


def store(draft, upload) -> str:
    """Write the upload under the draft's random name; on a full disk (or quota) remove what was
    written and refuse with a message the user can act on (never a 500, no partial file)."""
    field = draft.file
    name = field.field.generate_filename(draft, "draft")
    try:
        name = field.storage.save(name, upload, max_length=field.field.max_length)
    except OSError as error:
        discard(field.storage, name)
        if error.errno in FULL_DISK:
            raise ActionError(
                _(
                    "The file could not be stored: the server's storage is full. Nothing was "
                    "saved; please try again later, or send a link to the draft instead."
                ),
                field="file",
                code="storage_full",
            ) from error
        raise
    field.name = name
    field._committed = True
    return name


def discard(storage, name: str) -> None:
    """Remove a stored (or half-written) file; a missing one is fine."""
    with contextlib.suppress(OSError):
        storage.delete(name)
