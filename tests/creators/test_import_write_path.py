"""Issue 15, items 7 and 10: a value the file does not give keeps the stored one (in memory and
streamed), and an import job never stays "Running" after its task died."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from creators import web_imports
from creators.importing import write_batch
from creators.models import CreatorProfile, ImportJob, StatSnapshot, Video
from creators.sources.csv_files import read_csv
from creators.sources.records import (
    Batch,
    ImportFailed,
    Problem,
    SnapshotRecord,
    VideoRecord,
)
from creators.staged_import import import_video_csv
from talentdesk.management.commands import tick

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)
POSTED = datetime(2026, 11, 1, tzinfo=UTC)
STOPPED = "the import stopped unexpectedly; nothing was written"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def creator(db):
    return CreatorProfile.objects.create(handle="writer", display_name="Writer")


def stored_video(creator, **counts) -> Video:
    fields = {"views": 100, "likes": 10, "comments": 3, "shares": 1, "saves": 7, "duration": 31}
    return Video.objects.create(
        creator=creator, video_id="7111", posted_at=POSTED, **{**fields, **counts}
    )


def counts(video: Video) -> dict:
    video.refresh_from_db()
    names = ["views", "likes", "comments", "shares", "saves", "duration", "caption"]
    return {name: getattr(video, name) for name in names}


# Item 7: a column the file lacks, or an empty cell, changes nothing already stored.


def test_issue15_item7_a_snapshot_without_following_keeps_the_stored_following(creator):
    StatSnapshot.objects.create(creator=creator, day=DAY, followers=17_910, following=321)
    batch = Batch(source="csv", snapshots=[SnapshotRecord("writer", DAY, 18_000)])
    write_batch(batch)
    snapshot = StatSnapshot.objects.get(creator=creator, day=DAY)
    assert (snapshot.followers, snapshot.following) == (18_000, 321)


def test_issue15_item7_a_creators_file_without_following_keeps_todays_following(creator):
    today = timezone.now().astimezone(UTC).date()
    StatSnapshot.objects.create(
        creator=creator, day=today, followers=5, following=44, total_likes=900
    )
    write_batch(read_csv("handle,followers\nwriter,6\n", "creators", today=today))
    snapshot = StatSnapshot.objects.get(creator=creator, day=today)
    assert (snapshot.followers, snapshot.following, snapshot.total_likes) == (6, 44, 900)


def test_issue15_item7_write_batch_keeps_counts_the_batch_does_not_know(creator):
    video = stored_video(creator, caption="from the API")
    record = VideoRecord(
        video_id="7111",
        handle="writer",
        posted_at=POSTED,
        views=None,  # the column exists, this cell is empty: unknown
        likes=12,
        comments=4,
        shares=2,
        line=2,
    )  # no saves, duration or caption: the file lacks them
    summary = write_batch(Batch(source="csv", videos=[record]))
    assert summary["videos_updated"] == 1
    assert counts(video) == {
        "views": 100,
        "likes": 12,
        "comments": 4,
        "shares": 2,
        "saves": 7,
        "duration": 31,
        "caption": "from the API",
    }


def staged(text: str):
    return import_video_csv(io.StringIO(text), snapshot_day=DAY)


def test_issue15_item7_the_staged_import_updates_only_the_columns_the_file_has(creator):
    video = stored_video(creator)
    staged(
        "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares\n7111,1761000000,writer,150,11,3,1\n"
    )
    assert counts(video) == {
        "views": 150,
        "likes": 11,
        "comments": 3,
        "shares": 1,
        "saves": 7,  # the file has no saves column
        "duration": 31,
        "caption": "",
    }


def test_issue15_item7_an_empty_cell_in_the_staged_import_keeps_the_stored_count(creator):
    video = stored_video(creator)
    header = "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares,saves"
    staged(f"{header}\n7111,1761000000,writer,150,11,3,1,\n")
    assert counts(video)["saves"] == 7
    staged(f"{header}\n7111,1761000000,writer,150,11,3,1,9\n")
    assert counts(video)["saves"] == 9


def test_issue15_item7_a_staged_follower_snapshot_keeps_the_days_other_figures(creator):
    StatSnapshot.objects.create(creator=creator, day=DAY, followers=1, following=321)
    header = "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares,n_followers"
    staged(f"{header}\n7112,1761000000,writer,1,1,1,1,2000\n")
    snapshot = StatSnapshot.objects.get(creator=creator, day=DAY)
    assert (snapshot.followers, snapshot.following) == (2000, 321)


# Item 10: a job whose task died is marked failed, with a reason, never left running.


def queued_job(cast, text="handle,followers\nmayamoves,123\n") -> ImportJob:
    return ImportJob.objects.create(
        agency=cast.northstar,
        created_by=cast.manager,
        kind="creators",
        filename="c.csv",
        content=text,
        rows=1,
        status="queued",
    )


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OverflowError("Python int too large to convert to SQLite INTEGER"), "too large to store"),
        (RuntimeError("boom"), "unexpected error; nothing was written"),
    ],
)
def test_issue15_item10_a_crashing_task_marks_the_job_failed(
    cast, login, monkeypatch, caplog, error, reason
):
    def crash(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(web_imports, "write_batch", crash)
    job = queued_job(cast)
    web_imports.run_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    assert job.problem_count == 1 and reason in job.problems[0]["reason"]
    assert job.problems[0]["line"] is None and job.problems[0]["column"] == ""
    assert any(record.exc_info for record in caplog.records)  # logged with its traceback
    page = login(cast.manager).get(reverse("agencies:import", args=[job.public_id])).text
    assert "Nothing was imported." in page and reason in page


def test_issue15_item10_a_failed_job_keeps_the_first_problems_and_their_total(cast, monkeypatch):
    problems = [Problem(line, "views", "not a number") for line in range(2, 1502)]

    def refuse(*_args, **_kwargs):
        raise ImportFailed(problems)

    monkeypatch.setattr(web_imports, "write_batch", refuse)
    job = queued_job(cast)
    web_imports.run_import.call(job.pk)
    job.refresh_from_db()
    assert job.status == "failed"
    assert len(job.problems) == 1000 and job.problem_count == 1500


def test_issue15_item10_a_job_with_no_sign_of_life_is_given_up_by_the_tick(cast, login):
    stale, fresh = queued_job(cast), queued_job(cast)
    long_ago = (timezone.now() - timedelta(minutes=20)).isoformat()
    ImportJob.objects.filter(pk=stale.pk).update(status="running", summary={"alive_at": long_ago})
    ImportJob.objects.filter(pk=fresh.pk).update(
        status="running", summary={"alive_at": timezone.now().isoformat()}
    )
    assert "fail-stopped-imports" in tick.JOBS
    out = io.StringIO()
    call_command("fail-stopped-imports", stdout=out)
    assert "1 stopped import(s) marked failed." in out.getvalue()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == "failed" and stale.problems[0]["reason"] == STOPPED
    assert stale.problem_count == 1 and stale.finished_at is not None
    assert fresh.status == "running"
    page = login(cast.manager).get(reverse("agencies:import", args=[stale.public_id])).text
    assert STOPPED in page
    web_imports.run_import.call(stale.pk)  # a late worker writes nothing
    stale.refresh_from_db()
    assert stale.status == "failed"


def test_issue15_item10_a_queued_job_given_up_is_not_run_later(cast):
    job = queued_job(cast, "handle,followers\nmayamoves,424242\n")
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert web_imports.fail_stopped_jobs() == 1
    web_imports.run_import.call(job.pk)
    cast.maya.refresh_from_db()
    assert cast.maya.followers != 424242


def test_issue15_item10_a_web_import_still_completes(
    cast, login, django_capture_on_commit_callbacks
):
    client = login(cast.manager)
    file = SimpleUploadedFile("c.csv", b"handle,followers\nmayamoves,4321\n")
    assert (
        client.post(reverse("agencies:imports"), {"kind": "creators", "file": file}).status_code
        == 302
    )
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agencies:import", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == "done" and "alive_at" not in job.summary
    assert web_imports.fail_stopped_jobs(now=timezone.now() + timedelta(hours=1)) == 0
