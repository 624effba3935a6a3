"""Imports (issue 15): upload a creators or videos CSV, or a TikTok API payload, for the creators
your agency represents; poll the job the background task writes.

The same rules as the web page (agencies.views.imports): an agency member who may act, the file
checked at once by `web_imports.parse_job` (which asks the permission decision for every row),
every problem answered and nothing stored when any row is bad. There is no preview step: a good
file is queued at once (202 with `Location`), and `GET /imports/{id}` follows it.
"""

import re
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import File, Form, Query, Router
from ninja.errors import ValidationError
from ninja.files import UploadedFile
from ninja.responses import Status

from access.roles import RoleKind
from api.core import Page, PageQuery, paginate, responses
from api.schemas import ImportIn, ImportJobOut, ImportRefusedOut
from creators import web_imports
from creators.models import ImportJob, ImportKind, Platform
from creators.sources.records import ImportFailed
from talentdesk.lib.errors import ActionError

router = Router(tags=["imports"])
MAX_PROBLEMS = 1000  # problems named in a refusal; `problem_count` counts them all (SPEC §9)


def _agency_role(request):
    """The caller's agency hat; 403 for a brand or a creator (imports are agency work)."""
    role = request.role
    if role is None or role.kind != RoleKind.AGENCY:
        raise PermissionDenied(_("Imports are for agency staff: use a token of your agency."))
    return role


def _jobs(role):
    return (
        ImportJob.objects.visible_to(role)
        .defer("content")
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def _problem(item) -> dict:
    """A stored problem ({line, column, reason}, as the task writes them) for the API."""
    return {
        "line": item.get("line"),
        "field": item.get("field", item.get("column", "")) or "",
        "message": item.get("message", item.get("reason", "")) or "",
    }


def job_out(job: ImportJob) -> dict:
    user = job.created_by
    problems = [_problem(p) for p in job.problems or [] if isinstance(p, dict)]
    return {
        "id": job.public_id,
        "kind": job.kind,
        "filename": job.filename,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "rows": job.rows,
        "done": job.done,
        "percent": job.percent,
        "summary": {k: v for k, v in (job.summary or {}).items() if isinstance(v, int)},
        "problems": problems,
        "problem_count": max(job.problem_count, len(problems)),
        "mapping": job.mapping or {},
        "handle": job.handle,
        "duplicates": job.duplicates,
        "snapshot_day": job.snapshot_day,
        "platform": job.platform,
        "created_by": (user.name or user.email) if user is not None else None,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
    }


def _mapping(text: str) -> dict[str, str]:
    """`followers=#5,handle=Username` (commas or new lines between pairs) as field → column."""
    mapping = {}
    for pair in re.split(r"[,\r\n]", text):
        if not pair.strip():
            continue
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise ActionError(
                _("Write the mapping as FIELD=COLUMN pairs separated by commas (not: %(pair)s).")
                % {"pair": pair.strip()},
                field="mapping",
            )
        mapping[field.strip()] = column.strip()
    return mapping


def _too_large() -> ActionError:
    limit = settings.IMPORT_MAX_BYTES
    return ActionError(
        _("The file is larger than the upload limit (%(limit)s MB).")
        % {"limit": f"{limit / 1024 / 1024:g}"},
        field="file",
        code="too_large",
    )


def _text(file: UploadedFile) -> str:
    """The upload as text, with the web form's checks (size, UTF-8, no NUL bytes)."""
    if file.size is not None and file.size > settings.IMPORT_MAX_BYTES:
        raise _too_large()
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ActionError(_("The file is not UTF-8 text."), field="file") from None
    if "\x00" in text:
        raise ActionError(_("The file contains NUL bytes: is it really text?"), field="file")
    return text


def refused(failure: ImportFailed) -> dict:
    problems = [
        {"line": p.line, "field": p.column, "message": str(p.reason)}
        for p in failure.problems[:MAX_PROBLEMS]
    ]
    total = max(failure.total, len(problems))
    message = ngettext(
        "The file has %(count)s problem: nothing was imported.",
        "The file has %(count)s problems: nothing was imported.",
        total,
    ) % {"count": total}
    return {
        "code": "invalid",
        "message": message,
        "fields": {},
        "problems": problems,
        "problem_count": total,
    }


@router.post(
    "/imports",
    response=responses(202, ImportJobOut) | {422: ImportRefusedOut},
    url_name="imports",
)
def create_import(request, response: HttpResponse, data: Form[ImportIn], file: File[UploadedFile]):
    """Upload a file (multipart/form-data: `kind`, `file`, optional `mapping`, `handle`,
    `duplicates`, `snapshot_day`, `platform`). It is checked at once, whole: any bad row
    answers 422 with every problem (`line`, `field`, `message`; the first 1,000, and
    `problem_count`) and nothing is stored. A good file is queued (202, `Location` is the job
    to poll): there is no preview step as on the page. Agency members who may act; rows only
    about creators you may act for, statistics with their `view_insights`, rates with their
    `manage_rates`. Handles and figures are of `platform` (TikTok by default)."""
    unknown = sorted(
        (set(request.POST) - set(ImportIn.model_fields)) | (set(request.FILES) - {"file"})
    )
    if unknown:  # as for JSON bodies: a field we do not read is refused, not ignored
        raise ValidationError(
            [{"loc": ("form", name), "msg": _("Unknown field.")} for name in unknown]
        )
    role = _agency_role(request)
    if not role.can_act:
        raise PermissionDenied(_("Your role in this agency may look, not import."))
    if getattr(request, "upload_too_large", False):
        raise _too_large()
    job = ImportJob(
        agency=role.agency,
        created_by=request.user,
        kind=data.kind,
        filename=(file.name or "upload")[:200],
        content=_text(file),
        mapping=_mapping(data.mapping) if data.kind != ImportKind.TIKTOK else {},
        handle=data.handle.strip().lstrip("@") if data.kind == ImportKind.TIKTOK else "",
        duplicates=data.duplicates,
        snapshot_day=data.snapshot_day,
        platform=data.platform,
    )
    if data.kind == ImportKind.TIKTOK and data.platform != Platform.TIKTOK:
        raise ValidationError(
            [{"loc": ("form", "platform"), "msg": _("A TikTok API payload holds TikTok figures.")}]
        )
    try:
        batch = web_imports.parse_job(job)
    except ImportFailed as failure:
        return Status(422, refused(failure))
    job.rows = web_imports.row_count(batch)
    with transaction.atomic():
        job.save()
        web_imports.queue_import(job)  # READY → QUEUED; the worker starts after the commit
    job.refresh_from_db()
    response["Location"] = request.build_absolute_uri(
        reverse("api:import", kwargs={"import_id": job.public_id})
    )
    return Status(202, job_out(job))


@router.get("/imports", response=responses(200, Page[ImportJobOut]))
def list_imports(request, page: Query[PageQuery]):
    """Your agency's imports, newest first."""
    role = _agency_role(request)
    return paginate(request, _jobs(role), page, lambda rows: [job_out(j) for j in rows])


@router.get("/imports/{import_id}", response=responses(200, ImportJobOut), url_name="import")
def get_import(request, import_id: UUID):
    """One import: its status (`queued`, `running`, `done`, `failed`), `done` of `rows` while
    it runs, the `summary` counts once done, the `problems` if it failed."""
    job = _jobs(request.role).filter(public_id=import_id).first()
    if job is None:
        raise Http404
    return job_out(job)
