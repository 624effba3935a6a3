"""Imports started from the web UI: check the upload at once, then write it in a background task.

An agency's import only touches creators it represents (SPEC §9): a row about anyone else is a
row error, and nothing is written.
"""

import json
from datetime import UTC

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from access import permissions
from access.hats import roles_for
from access.roles import RoleKind
from access.scopes import Scope
from creators.importing import write_batch
from creators.models import CreatorProfile, ImportJob, ImportKind, ImportStatus
from creators.sources.csv_files import read_csv
from creators.sources.records import Batch, ImportFailed, Problem
from creators.sources.tiktok_json import parse_payload


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
            on_progress=on_progress,
        )
    _only_allowed(job, batch)
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
    allowed = {c.handle: grants[c.pk] for c in reachable if role is not None and role.can_act}
    problems = []
    groups = (batch.creators, batch.videos, batch.snapshots, batch.audiences, batch.rates)
    for group in groups:
        for record in group:
            grant = allowed.get(record.handle)
            if grant is None:
                reason = _("@%(handle)s is not a creator you may act for")
            elif group is batch.rates and not grant.may(Scope.MANAGE_RATES):
                reason = _("@%(handle)s has not let your agency change their rates")
            elif group is not batch.rates and not grant.sees(Scope.VIEW_INSIGHTS):
                # The preview and the summary show her figures: who may not see them may not
                # write them either.
                reason = _("@%(handle)s has not shared their insights with your agency")
            else:
                continue
            problems.append(
                Problem(getattr(record, "line", None), "handle", reason % {"handle": record.handle})
            )
    if problems:
        raise ImportFailed(problems)


def row_count(batch: Batch) -> int:
    return len(batch.creators) + len(batch.videos) + len(batch.snapshots) + len(batch.audiences)


def queue_import(job) -> bool:
    """The user confirmed a checked import: queue it once (a second click queues nothing); the
    worker runs it after commit."""
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.QUEUED
    )
    if queued:
        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return bool(queued)


@task()
def run_import(job_id: int) -> None:
    """The background half of a web import: parse again, write atomically, record the outcome."""
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    if job.status != ImportStatus.QUEUED:
        return  # started twice, or cancelled
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, done=0)

    def progress(rows):
        ImportJob.objects.filter(pk=job.pk).update(done=rows)

    try:
        batch = parse_job(job, on_progress=progress)
        summary = write_batch(batch, actor=job.created_by)
    except ImportFailed as failure:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            problems=[problem_json(p) for p in failure.problems[:100]],
            finished_at=timezone.now(),
        )
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        done=F("rows"),
        summary=dict(summary),
        content="",  # the data is in the tables now; the upload is not kept
        finished_at=timezone.now(),
    )


def problem_json(problem: Problem) -> dict:
    return {"line": problem.line, "column": problem.column, "reason": problem.reason}
