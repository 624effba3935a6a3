"""Checking an uploaded draft by its content, never by its name."""

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
