"""Imports started from the web UI: check the upload at once, then write it in a background task.

An agency's import only touches creators it represents (SPEC §9): a row about anyone else is a
row error, and nothing is written. A job whose task died is marked failed, never left running:
by the task itself on any exception, else by `fail_stopped_jobs` (the minute tick) once it has
shown no sign of life for STALE_AFTER.
"""

import json
import logging
from datetime import UTC, datetime, timedelta

from django.db import DataError, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from access import permissions
from access.audit import jsonable
from access.hats import roles_for
from access.roles import RoleKind
from access.scopes import Scope
from creators.importing import MAX_PROBLEMS, check_video_owners, write_batch
from creators.models import (
    CreatorHandle,
    CreatorProfile,
    ImportJob,
    ImportKind,
    ImportStatus,
    Platform,
)
from creators.sources.csv_files import read_csv, stale_file
from creators.sources.records import Batch, ImportFailed, Problem
from creators.sources.tiktok_json import parse_payload

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=15)  # no progress for this long: its worker is gone
ACTIVE = [ImportStatus.QUEUED, ImportStatus.RUNNING]


def parse_job(job: ImportJob, on_progress=None) -> Batch:
    """The job's file as a Batch; ImportFailed with every problem otherwise."""
    if job.kind == ImportKind.TIKTOK:
        try:
            data = json.loads(job.content)
        except json.JSONDecodeError as error:
            problem = Problem(error.lineno, "", _("not valid JSON: %s") % error.msg)
            raise ImportFailed([problem]) from None
        batch = parse_payload(data, fetched_at=job.created_at, handle=job.handle or None)
    else:
        batch = read_csv(
            job.content,
            job.kind,
            job.mapping,
            snapshot_day=job.snapshot_day,
            today=job.created_at.astimezone(UTC).date(),
            duplicates=job.duplicates,
            check_stale=False,
            on_progress=on_progress,
            platform=job.platform,
        )
    _only_allowed(job, batch)
    check_video_owners(batch)
    if job.kind == ImportKind.VIDEOS and job.snapshot_day is None:
        # Asked last: who may not write her figures is told so, not asked for a date.
        stale_file(batch.videos, job.created_at.astimezone(UTC).date())
    return batch


def _only_allowed(job, batch: Batch) -> None:
    """Every row is about a creator the importing member may act for (the permission decision:
    their agency represents her, within their assignment, and they may act); statistics need
    her `view_insights`, rates her `manage_rates` (SPEC §9 Imports)."""
    hats = roles_for(job.created_by) if job.created_by is not None else []
    agency_hats = [r for r in hats if r.kind == RoleKind.AGENCY and r.agency == job.agency]
    role = agency_hats[0] if agency_hats else None
    reachable = list(CreatorProfile.objects.filter(permissions.reach_q(role, "pk")))
    grants = permissions.decide_many(role, reachable)
    if role is None or not role.can_act:
        allowed = {}
    elif job.platform == Platform.TIKTOK:
        allowed = {c.handle: grants[c.pk] for c in reachable}
    else:  # her handle on that platform, as she gave it on her profile
        handles = CreatorHandle.objects.filter(platform=job.platform, creator__in=reachable)
        allowed = {h.handle: grants[h.creator_id] for h in handles}
    unknown = _("@%(handle)s is not a creator you may act for")
    if job.platform != Platform.TIKTOK:
        unknown = _(
            "@%(handle)s is not the %(platform)s handle of a creator you may act for (she adds "
            "it on her profile)"
        )
    named = {"platform": Platform(job.platform).label}
    problems = []
    groups = (
        batch.creators,
        batch.videos,
        batch.snapshots,
        batch.audiences,
        batch.rates,
        batch.source_metrics,  # the source's figures are her statistics too
    )
    for group in groups:
        for record in group:
            grant = allowed.get(record.handle)
            if grant is None:
                reason = unknown
            elif group is batch.rates and not grant.may(Scope.MANAGE_RATES):
                reason = _("@%(handle)s has not let your agency change their rates")
            elif group is not batch.rates and not grant.sees(Scope.VIEW_INSIGHTS):
                # The preview and the summary show her figures: who may not see them may not
                # write them either.
                reason = _("@%(handle)s has not shared their insights with your agency")
            else:
                continue
            problems.append(
                Problem(
                    getattr(record, "line", None),
                    "handle",
                    reason % {**named, "handle": record.handle},
                )
            )
    if problems:
        # One row gives a creator, her snapshot and her source's figures: refused once.
        raise ImportFailed(list(dict.fromkeys(problems)))


def row_count(batch: Batch) -> int:
    """The rows of the file that write something: a CSV line counts once, whatever it feeds
    (creator, snapshot, source figures); a payload's records each count."""
    groups = (batch.creators, batch.videos, batch.snapshots, batch.audiences, batch.rates)
    records = [record for group in groups for record in group]
    lines = {record.line for record in records if getattr(record, "line", None) is not None}
    return len(lines) + sum(1 for r in records if getattr(r, "line", None) is None)


def check_job(job: ImportJob) -> ImportFailed | None:
    """Parse the job's file with its settings (not saved): None when it is ready to start, the
    failure otherwise — the job then waits for the user's settings, its problems listed."""
    try:
        batch = parse_job(job)
    except ImportFailed as failure:
        job.status = ImportStatus.SETTINGS
        job.problems = [problem_json(p) for p in failure.problems[:MAX_PROBLEMS]]
        job.problem_count = failure.total
        return failure
    job.status, job.rows = ImportStatus.READY, row_count(batch)
    job.problems, job.problem_count = [], 0
    job.summary = {"repeated": [[key, lines] for key, lines in batch.repeated]}
    return None


def queue_import(job) -> bool:
    """The user confirmed a checked import: queue it once (a second click queues nothing); the
    worker runs it after commit."""
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.QUEUED, summary=_alive()
    )
    if queued:
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return bool(queued)


def _alive() -> dict:
    """The job's sign of life while queued or running, kept in its `summary` (which only
    holds the outcome once done): ImportJob has no `updated` field to say when it last moved."""
    return {"alive_at": timezone.now().isoformat()}


def _last_alive(job) -> datetime:
    stamp = (job.summary or {}).get("alive_at")
    return datetime.fromisoformat(stamp) if stamp else job.created_at


@task()
def run_import(job_id: int) -> None:
    """The background half of a web import: parse again (the permission decision is asked
    anew: a scope may have been withdrawn since the check), write atomically, record the
    outcome. Whatever goes wrong, the job ends failed with a reason, never left running."""
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, done=0, summary=_alive()
    )
    if not started:
        return  # started twice, cancelled, or given up as stopped
    try:
        _run(job)
    except ImportFailed as failure:
        fail_job(job.pk, failure.problems, failure.total)
    except (OverflowError, DataError):
        log.exception("import job %s: a value does not fit its column", job.pk)
        fail_job(job.pk, [Problem(None, "", _("a number in the file is too large to store"))])
    except Exception:
        log.exception("import job %s failed", job.pk)
        reason = _("the import stopped on an unexpected error; nothing was written")
        fail_job(job.pk, [Problem(None, "", reason)])


def _run(job) -> None:
    """Parse, then write and mark the job done in one transaction, holding the job's row: a
    job given up meanwhile (`fail_stopped_jobs`) is not written, and one being written is not
    given up."""

    def progress(rows):
        ImportJob.objects.filter(pk=job.pk).update(done=rows, summary=_alive())

    batch = parse_job(job, on_progress=progress)
    ImportJob.objects.filter(pk=job.pk).update(summary=_alive())  # the write starts now
    with transaction.atomic():
        mine = ImportJob.objects.select_for_update().filter(pk=job.pk, status=ImportStatus.RUNNING)
        if not mine.values_list("pk", flat=True):
            return
        changed: dict = {}
        summary = write_batch(batch, actor=job.created_by, agency=job.agency, changed=changed)
        per_creator = dict(sorted(changed.items())[:MAX_PROBLEMS])  # the result page's list
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            done=F("rows"),
            summary={**summary, "creators": jsonable(per_creator)},
            content="",  # the data is in the tables now; the upload is not kept
            finished_at=timezone.now(),
        )


def fail_job(job_id: int, problems: list[Problem], total: int | None = None) -> bool:
    """Mark a queued or running job failed with its problems (the first MAX_PROBLEMS) and
    their total; False if it had already ended."""
    return bool(
        ImportJob.objects.filter(pk=job_id, status__in=ACTIVE).update(
            status=ImportStatus.FAILED,
            problems=[problem_json(p) for p in problems[:MAX_PROBLEMS]],
            problem_count=total if total is not None else len(problems),
            summary={},
            finished_at=timezone.now(),
        )
    )


def fail_stopped_jobs(now: datetime | None = None) -> int:
    """Jobs queued or running with no sign of life for STALE_AFTER: their worker died (killed,
    out of memory, machine restarted). Marked failed, so the page stops saying "Running". A job
    being written holds its row locked and is skipped; returns how many were given up."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    reason = _("the import stopped unexpectedly; nothing was written")
    given_up = 0
    with transaction.atomic():
        jobs = ImportJob.objects.select_for_update(skip_locked=True).filter(status__in=ACTIVE)
        for job in jobs.only("pk", "summary", "created_at"):
            if _last_alive(job) < cutoff and fail_job(job.pk, [Problem(None, "", reason)]):
                log.warning("import job %s stopped unexpectedly: marked failed", job.pk)
                given_up += 1
    return given_up


def problem_json(problem: Problem) -> dict:
    return {"line": problem.line, "column": problem.column, "reason": problem.reason}
