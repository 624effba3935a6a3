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

from access.models import Representation, RepresentationStatus
from creators.importing import write_batch
from creators.models import ImportJob, ImportKind, ImportStatus
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
            snapshot_day=job.created_at.astimezone(UTC).date(),
            on_progress=on_progress,
        )
    _only_represented(job.agency, batch)
    return batch


def _only_represented(agency, batch: Batch) -> None:
    represented = set(
        Representation.objects.filter(
            agency=agency, status=RepresentationStatus.ACTIVE
        ).values_list("creator__handle", flat=True)
    )
    problems = []
    groups = (batch.creators, batch.videos, batch.snapshots, batch.audiences, batch.rates)
    for group in groups:
        for record in group:
            if record.handle not in represented:
                problems.append(
                    Problem(
                        getattr(record, "line", None),
                        "handle",
                        _("@%(handle)s is not a creator your agency represents")
                        % {"handle": record.handle},
                    )
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
            problems=[_problem_json(p) for p in failure.problems[:100]],
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


def _problem_json(problem: Problem) -> dict:
    return {"line": problem.line, "column": problem.column, "reason": problem.reason}
