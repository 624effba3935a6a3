"""The import pages: upload and check a file, choose its columns and settings, start it, follow
it. Parsing and the permission decision are `creators.web_imports`'; these views only show them."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from access.decorators import role_required
from creators import web_imports
from creators.forms import ImportForm, MappingForm
from creators.models import ImportJob, ImportKind, ImportStatus
from creators.sources.csv_files import FEEDS, FIELDS, columns_read
from creators.sources.records import ImportFailed
from creators.sources.samples import SAMPLES, sample

SHOWN_PROBLEMS = 1000  # the first named, the rest counted (SPEC §9)


@role_required("agency")
def imports(request):
    """Upload a file: it is checked at once. Bad rows are listed and nothing is kept; a file
    whose columns or date need the user's choice is kept for the mapping step."""
    if not request.role.can_act:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    failure = None
    if getattr(request, "upload_too_large", False):
        form.add_error("file", _("The file is larger than the upload limit."))
    elif request.method == "POST" and form.is_valid():
        job = ImportJob(
            agency=request.role.agency,
            created_by=request.user,
            kind=form.cleaned_data["kind"],
            filename=request.FILES["file"].name[:200],
            content=form.cleaned_data["file"],
            handle=form.cleaned_data["handle"],
            duplicates=form.cleaned_data["duplicates"],
            snapshot_day=form.cleaned_data["snapshot_day"],
            platform=form.cleaned_data["platform"],
        )
        failure = web_imports.check_job(job)
        if failure is None or _only_settings(failure):
            job.save()
            return redirect("agencies:import", public_id=job.public_id)
    jobs = ImportJob.objects.visible_to(request.role).defer("content")[:20]
    context = {
        "form": form,
        "failure": failure,
        "problems": failure.problems[:SHOWN_PROBLEMS] if failure else [],
        "more": max(0, failure.total - SHOWN_PROBLEMS) if failure else 0,
        "jobs": jobs,
        "accepted": _accepted_columns(),
    }
    return render(request, "agencies/imports.html", context, status=422 if failure else 200)


def _only_settings(failure: ImportFailed) -> bool:
    return all(problem.settings for problem in failure.problems)


def _accepted_columns() -> dict[str, list[tuple[str, str, str]]]:
    """kind → (field, what it feeds, the column names read for it), for the page's reference."""
    return {
        kind: [(field, str(FEEDS[field]), ", ".join(names)) for field, names in fields.items()]
        for kind, fields in FIELDS.items()
    }


@role_required("agency")
def import_job(request, public_id):
    """A checked import: its columns (each with what it feeds, or ignored) and settings, the
    first rows, then start; afterwards its progress (polled by HTMX) and outcome."""
    job = ImportJob.objects.visible_to(request.role).filter(public_id=public_id).first()
    if job is None:
        raise Http404
    # Its rows are her figures: only who uploaded it sees them and decides (another member
    # may not be assigned to these creators); the others see its status.
    own = job.created_by_id == request.user.id
    checkable = own and job.status in (ImportStatus.READY, ImportStatus.SETTINGS)
    columns = columns_read(job.content, job.kind, job.mapping) if checkable and _is_csv(job) else []
    form = None
    if _is_csv(job) and checkable:
        initial = {"duplicates": job.duplicates, "snapshot_day": job.snapshot_day}
        data = request.POST if request.POST.get("action") == "check" else None
        form = MappingForm(data, kind=job.kind, columns=columns, initial=initial)
    if request.method == "POST":
        if not request.role.can_act or not own:
            raise PermissionDenied
        if request.POST.get("action") == "check" and form is not None:
            return _recheck(request, job, form)
        if job.status == ImportStatus.READY:
            web_imports.queue_import(job)
        return redirect("agencies:import", public_id=job.public_id)
    return _job_page(request, job, form, columns)


def _recheck(request, job, form):
    """The user chose columns, repeated-row handling or the file's date: check again."""
    if form.is_valid():
        job.mapping = form.mapping()
        job.duplicates = form.cleaned_data["duplicates"]
        job.snapshot_day = form.cleaned_data["snapshot_day"]
        failure = web_imports.check_job(job)
        job.save()
        if failure is None:
            return redirect("agencies:import", public_id=job.public_id)
        columns = columns_read(job.content, job.kind, job.mapping)
        form = MappingForm(kind=job.kind, columns=columns, initial=form.cleaned_data)
        return _job_page(request, job, form, columns, status=422)
    return _job_page(request, job, form, columns_read(job.content, job.kind, job.mapping), 422)


def _job_page(request, job, form, columns, status=200):
    own = job.created_by_id == request.user.id
    preview = web_imports.parse_job(job) if own and job.status == ImportStatus.READY else None
    template = "agencies/import_job.html"
    if request.htmx and request.htmx.target == "import-status":
        template += "#import-status"
    context = {
        "job": job,
        "own": own,
        "preview": preview,
        "columns": columns,
        "form": form,
        "repeated": (job.summary or {}).get("repeated", []) if preview else [],
    }
    return render(request, template, context, status=status)


def _is_csv(job) -> bool:
    return job.kind != ImportKind.TIKTOK


@role_required("agency")
@require_GET
def import_sample(request, kind):
    """A small file of each kind that imports as it is: the place to start."""
    if kind not in SAMPLES:
        raise Http404
    filename, content_type, text = sample(kind, timezone.localdate())
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
