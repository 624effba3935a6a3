"""The streamed video import (`creators.staged_import`): the same rules and the same rows as the
in-memory path, all or nothing, problems counted past the ones kept, and a query count that does
not grow with the file."""

import io
import random
import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access.models import AuditEvent, AuditEventType
from creators.importing import write_batch
from creators.models import CreatorMetrics, CreatorProfile, StatSnapshot, Video
from creators.sources.csv_files import read_csv
from creators.sources.records import ImportFailed
from creators.staged_import import MAX_PROBLEMS, import_video_csv
from tests.creators.test_csv_import import run

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)
HEADER = "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares,n_followers"


def videos(
    rows: int, *, creators: int = 5, seed: int = 1, prefix: str = "8", who: str = "Creator"
) -> str:
    rng = random.Random(seed)
    now = int(time.time())
    lines = [HEADER]
    for i in range(rows):
        lines.append(
            f"{prefix}{i:018d},{now - rng.randint(0, 5_000_000)},@{who}{i % creators},"
            f"{rng.randint(100, 10**6)},{rng.randint(0, 900)},{rng.randint(0, 90)},"
            f"{rng.randint(0, 9)},{10_000 + i}"
        )
    return "\n".join(lines) + "\n"


def staged(text: str, **kwargs):
    return import_video_csv(io.StringIO(text), snapshot_day=DAY, **kwargs)


def table_state():
    mine = {"creator__handle__startswith": "creator"}
    video_fields = [
        "video_id",
        "creator__handle",
        "posted_at",
        "views",
        "likes",
        "comments",
        "shares",
        "source",
    ]
    metric_fields = ["creator__handle", "video_count", "median_views", "engagement_rate"]
    return (
        sorted(Video.objects.filter(**mine).values_list(*video_fields)),
        sorted(
            StatSnapshot.objects.filter(**mine).values_list("creator__handle", "day", "followers")
        ),
        sorted(CreatorMetrics.objects.filter(**mine).values_list(*metric_fields)),
    )


def test_the_streamed_import_writes_exactly_what_the_in_memory_path_writes():
    text = videos(600, creators=7)
    summary = staged(text)
    assert summary == {
        "videos_created": 600,
        "videos_updated": 0,
        "creators_created": 7,
        "snapshots": 7,
    }
    streamed = table_state()
    assert any(metrics[1] for metrics in streamed[2])  # videos in the 30-day window
    Video.objects.filter(video_id__startswith="8").delete()
    StatSnapshot.objects.filter(creator__handle__startswith="creator").delete()
    CreatorMetrics.objects.filter(creator__handle__startswith="creator").delete()
    write_batch(read_csv(text, "videos", snapshot_day=DAY))
    assert table_state() == streamed
    # The follower snapshot is the last row's figure for each creator.
    assert StatSnapshot.objects.get(creator__handle="creator0").followers == 10_000 + 595


def test_a_second_run_updates_and_keeps_what_the_file_does_not_know():
    staged(videos(50))
    creator = CreatorProfile.objects.get(handle="creator1")
    StatSnapshot.objects.filter(creator=creator, day=DAY).update(following=321)
    summary = staged(videos(50).replace(",@Creator1,", ",creator1,"))
    assert summary["videos_updated"] == 50 and summary["videos_created"] == 0
    assert Video.objects.filter(video_id__startswith="8").count() == 50
    snapshot = StatSnapshot.objects.get(creator=creator, day=DAY)
    assert snapshot.following == 321 and snapshot.followers == 10_000 + 46
    assert (
        AuditEvent.objects.filter(
            event_type=AuditEventType.DATA_IMPORTED, on_behalf_of=creator
        ).count()
        == 2
    )


def test_bad_rows_anywhere_are_all_counted_the_first_ones_named_and_nothing_written():
    lines = videos(3000).splitlines()
    for i in range(1, 3001, 2):  # every other data row (1,500) has a bad count
        lines[i] = lines[i].replace(",@Creator", ",@Creator").rsplit(",", 1)[0] + ",lots"
    before = (Video.objects.count(), CreatorProfile.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ImportFailed) as failure:
        staged("\n".join(lines) + "\n")
    assert failure.value.total == 1500 and len(failure.value.problems) == MAX_PROBLEMS
    assert str(failure.value.problems[0]) == "line 2, n_followers: not a number: 'lots'"
    assert (
        Video.objects.count(),
        CreatorProfile.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_repeated_video_id_far_apart_names_both_lines_and_nothing_is_written():
    lines = videos(2000).splitlines()
    lines[1900] = lines[3].split(",", 1)[0] + "," + lines[1900].split(",", 1)[1]
    with pytest.raises(ImportFailed) as failure:
        staged("\n".join(lines) + "\n")
    assert [str(p) for p in failure.value.problems] == [
        f"line 1901, id: '{lines[3].split(',')[0]}' is repeated: it is also on line 4"
    ]
    assert not Video.objects.filter(video_id__startswith="8").exists()
    assert not CreatorProfile.objects.filter(handle__startswith="creator").exists()


def test_bad_rows_and_repeats_are_reported_together_in_line_order():
    lines = videos(5).splitlines()
    lines[4] = lines[2].split(",", 1)[0] + "," + lines[4].split(",", 1)[1]
    lines[3] = "not an id!," + lines[3].split(",", 1)[1]
    with pytest.raises(ImportFailed) as failure:
        staged("\n".join(lines))
    assert [p.line for p in failure.value.problems] == [4, 5]
    assert "not a video id" in failure.value.problems[0].reason
    assert "repeated" in failure.value.problems[1].reason


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "the file is empty"),
        ("id,create_time\n1,2\n", "no column for handle"),
        (HEADER + "\n1,2,a\x00b,1,1,1,1,1\n", "NUL bytes"),
    ],
)
def test_unreadable_files_are_explained(text, reason):
    with pytest.raises(ImportFailed) as failure:
        staged(text)
    assert any(reason in str(p) for p in failure.value.problems)


def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((videos(3) + "9,1761000000,zoé,1,1,1,1,1\n").encode("latin-1"))
    code, _out, err = run("import-videos", str(path))
    assert code == 1 and "line 5: not UTF-8 text" in err
    assert not Video.objects.filter(video_id__startswith="8").exists()


def test_the_command_reports_the_total_beyond_the_lines_it_shows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n" + "x!,1,a,1,1,1,1,1\n" * 250)
    code, _out, err = run("import-videos", str(path))
    assert code == 1
    assert "Nothing was imported: 250 problem(s)." in err and "… and 150 more." in err


def test_dry_run_twice_in_one_transaction_writes_nothing():
    for _ in range(2):
        assert staged(videos(30), dry_run=True)["videos_created"] == 30
    assert not Video.objects.filter(video_id__startswith="8").exists()
    assert not AuditEvent.objects.filter(event_type=AuditEventType.DATA_IMPORTED).exists()


def test_the_query_count_depends_on_the_creators_not_the_rows():
    counts = []
    for rows, prefix in ((100, "1"), (3000, "2")):
        with CaptureQueriesContext(connection) as queries:
            staged(videos(rows, creators=4, prefix=prefix, who=f"creator_{prefix}_"))
        counts.append(len(queries))
    assert counts[0] == counts[1]
