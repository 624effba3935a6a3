import ast
import csv
import io
import json
import statistics
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from access.models import AuditEvent, AuditEventType
from creators.metrics import compute
from creators.models import CreatorProfile, StatSnapshot, Video
from creators.sources.csv_files import read_csv
from creators.sources.records import ImportFailed

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason=f"{DATA} is absent (real data)")
VIDEOS_2020 = DATA / "tiktok-top-creator-videos-2020" / "top_users_vids.csv"


def run(*args):
    out = io.StringIO()
    err = io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def video_csv(rows: int, bad_line: int | None = None) -> str:
    lines = ["id,create_time,user_name,n_plays,n_likes,n_comments,n_shares"]
    for i in range(rows):
        plays = "lots" if bad_line is not None and i + 2 == bad_line else str(1000 + i)
        lines.append(f"9{i:018d},{1604786417 + i},creator{i % 7},{plays},{i},{i // 2},{i // 3}")
    return "\n".join(lines) + "\n"


def test_a_bad_row_in_a_10000_row_file_names_its_line_and_changes_nothing(tmp_path):
    path = tmp_path / "videos.csv"
    path.write_text(video_csv(10_000, bad_line=7_321))
    before = (Video.objects.count(), CreatorProfile.objects.count(), AuditEvent.objects.count())
    code, _out, err = run("import-videos", str(path))
    assert code == 1
    assert "line 7321, n_plays: not a number: 'lots'" in err
    assert (
        Video.objects.count(),
        CreatorProfile.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_a_good_file_imports_and_a_second_run_updates_instead_of_duplicating(tmp_path):
    path = tmp_path / "videos.csv"
    path.write_text(video_csv(50))
    code, out, _err = run("import-videos", str(path), "--json")
    assert code == 0
    assert json.loads(out)["videos_created"] == 50
    code, out, _err = run("import-videos", str(path), "--json")
    assert json.loads(out)["videos_updated"] == 50 and json.loads(out).get("videos_created") == 0
    assert Video.objects.filter(video_id__startswith="9").count() == 50
    new = CreatorProfile.objects.get(handle="creator3")
    assert new.user is None and not CreatorProfile.objects.public().filter(pk=new.pk).exists()
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.DATA_IMPORTED, on_behalf_of=new
    ).exists()


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "videos.csv"
    path.write_text(video_csv(20))
    code, out, _err = run("import-videos", str(path), "--dry-run")
    assert code == 0 and "dry run" in out
    assert not Video.objects.filter(video_id__startswith="9").exists()


def test_columns_map_by_name_or_position_and_repeated_keys_name_both_lines():
    text = (
        "who,when,vid,p,l,c,s\n@Maya,2024-05-01T10:00:00,1,100,1,1,1\nmaya,1714557600,1,5,1,1,1\n"
    )
    mapping = {
        "handle": "who",
        "posted_at": "when",
        "video_id": "#3",
        "views": "p",
        "likes": "l",
        "comments": "c",
        "shares": "s",
    }
    with pytest.raises(ImportFailed) as failure:
        read_csv(text, "videos", mapping)
    assert [str(p) for p in failure.value.problems] == [
        "line 3, vid: '1' is repeated: it is also on line 2"
    ]


def test_missing_columns_and_unknown_map_fields_are_explained():
    with pytest.raises(ImportFailed) as failure:
        read_csv("id,views\n1,2\n", "videos", {"colour": "id"})
    reasons = [str(p) for p in failure.value.problems]
    assert any("colour: unknown field" in r for r in reasons)
    assert any("no column for handle" in r for r in reasons)


@needs_data
def test_top250_creators_import_with_countries_and_categories(tmp_path):
    code, out, err = run(
        "import-creators", str(DATA / "tiktok-top250-creators" / "top-250-tiktokers.csv"), "--json"
    )
    assert code == 0, out + err
    charli = CreatorProfile.objects.get(handle="charlidamelio")
    assert charli.country == "US" and charli.followers == 78_900_000  # "78.9m"
    assert "dance" in set(charli.categories.values_list("slug", flat=True))


def independent_metrics(rows, days, as_of):
    start = as_of - timedelta(days=days - 1)
    window = [
        r
        for r in rows
        if start <= datetime.fromtimestamp(int(r["create_time"]), UTC).date() <= as_of
    ]
    if not window:
        return None
    views = [int(r["n_plays"]) for r in window]
    likes = sum(int(r["n_likes"]) for r in window)
    comments = sum(int(r["n_comments"]) for r in window)
    shares = sum(int(r["n_shares"]) for r in window)
    return {
        "video_count": len(window),
        "median_views": Decimal(str(statistics.median(views))),
        "average_views": Decimal(sum(views)) / len(views),
        "engagements": likes + comments + shares,
        "engagement_rate": Decimal(likes + comments + shares) / sum(views),
    }


@needs_data
@pytest.mark.parametrize("handle", ["charlidamelio", "addisonre", "zachking", "spencerx"])
def test_real_videos_give_the_same_metrics_as_an_independent_computation(handle):
    code, _out, err = run("import-videos", str(VIDEOS_2020), "--snapshot-day=2020-11-10")
    assert code == 0, err
    with VIDEOS_2020.open(encoding="utf-8") as handle_file:
        rows = [r for r in csv.DictReader(handle_file) if r["user_name"] == handle]
    assert rows and all(ast.literal_eval(r["hashtags"]) is not None for r in rows)
    creator = CreatorProfile.objects.get(handle=handle)
    last = max(datetime.fromtimestamp(int(r["create_time"]), UTC).date() for r in rows)
    for days in (30, 90, 180):
        expected = independent_metrics(rows, days, last)
        metrics = compute(creator, days=days, as_of=last)
        assert metrics.video_count == expected["video_count"]
        assert metrics.median_views == expected["median_views"]
        assert metrics.average_views == expected["average_views"]
        assert metrics.engagements == expected["engagements"]
        assert metrics.engagement_rate == expected["engagement_rate"]
        assert metrics.six_second_view_rate is None  # not in this source: never 0
    assert Video.objects.get(video_id=rows[0]["id"]).video_id == rows[0]["id"]  # 19 digits exact
    snapshot = StatSnapshot.objects.get(creator=creator)
    assert snapshot.day == date(2020, 11, 10)  # the file's date, not today (issue 15 item 8)
    assert snapshot.followers == int(rows[-1]["n_followers"])
    assert snapshot.total_likes == int(rows[-1]["n_total_likes"])  # 7.6 B for charlidamelio
    assert snapshot.video_count == int(rows[-1]["n_total_vids"])
    assert snapshot.source == "csv"


@needs_data
def test_issue15_item8_the_2020_videos_file_is_not_dated_today():
    code, _out, err = run("import-videos", str(VIDEOS_2020))
    assert code == 1
    assert "the newest video in this file was posted on 2020-" in err
    assert not Video.objects.filter(video_id="6892505037482822918").exists()
