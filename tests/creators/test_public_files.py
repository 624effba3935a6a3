"""Issue 15: every public file in ../shared/data imports with the commands docs/cli.md gives,
and what is stored equals an independent reading of the raw CSV (plain Python here, not the
importer's parser). Skips with the reason when the folder is absent."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from creators.models import CreatorProfile, SourceMetric, StatSnapshot

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason=f"{DATA} is absent (real data)")
TOP250 = DATA / "tiktok-top250-creators" / "top-250-tiktokers.csv"
TOP1000 = DATA / "tiktok-top1000-sep2022" / "social_media_influencers_tiktok_sep2022.csv"
# The commands of docs/cli.md, "Importing the public files".
TOP1000_MAP = [
    "--map=followers=#5",
    "--map=average_views=#7",
    "--map=average_likes=#9",
    "--map=average_comments=#11",
    "--map=average_shares=#13",
]


def run(*args) -> dict:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, "--json", stdout=out, stderr=err)
    except SystemExit as exit_:
        raise AssertionError(out.getvalue() + err.getvalue()) from exit_
    return json.loads(out.getvalue())


def abbreviated(text: str) -> int:
    """'78.9m' → 78900000, written again for the test."""
    match = re.fullmatch(r"([\d.]+)([kKmMbB]?)", text.strip())
    assert match, text
    factor = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9}[match.group(2).lower()]
    return int(Decimal(match.group(1)) * factor)


@needs_data
def test_issue15_top250_file_imports_with_its_averages_and_engagement_kept_apart():
    summary = run("import-creators", str(TOP250), "--snapshot-day=2020-12-01")
    with TOP250.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert summary["creators_created"] + summary.get("creators_updated", 0) == len(rows) == 256
    followers = dict(
        StatSnapshot.objects.filter(day=date(2020, 12, 1)).values_list(
            "creator__handle", "followers"
        )
    )
    figures = {
        (handle, name): value
        for handle, name, value in SourceMetric.objects.filter(source="csv").values_list(
            "creator__handle", "name", "value"
        )
    }
    for row in rows:
        handle = row["Username"].lstrip("@").lower()
        assert followers[handle] == abbreviated(row["Followers"])
        assert figures[handle, "average_likes"] == abbreviated(row["Likes"])
        assert figures[handle, "average_views"] == abbreviated(row["Views"])
        rate = Decimal(row["Engagement"].rstrip("%")) / 100
        assert figures[handle, "engagement_rate"] == rate
    charli = StatSnapshot.objects.get(creator__handle="charlidamelio", day=date(2020, 12, 1))
    assert charli.total_likes is None  # 6.1m is her average per video, not 7.6 B lifetime


@needs_data
def test_issue15_top1000_file_imports_keeping_the_last_of_its_four_repeated_handles():
    refused = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "import-creators",
            str(TOP1000),
            *TOP1000_MAP,
            "--snapshot-day=2022-09-01",
            stdout=refused,
            stderr=refused,
        )
    summary = run(
        "import-creators",
        str(TOP1000),
        *TOP1000_MAP,
        "--snapshot-day=2022-09-01",
        "--duplicates=keep-last",
    )
    with TOP1000.open(encoding="utf-8") as file:
        rows = list(csv.reader(file))[1:]
    last = {}
    for line, row in enumerate(rows, start=2):
        last[row[1].strip().lstrip("@").lower()] = (line, row)
    repeated = {r["key"] for r in summary["repeated"]}
    assert len(repeated) == 4 and len(last) == len(rows) - 4
    snapshots = dict(
        StatSnapshot.objects.filter(day=date(2022, 9, 1)).values_list(
            "creator__handle", "followers"
        )
    )
    likes = dict(
        SourceMetric.objects.filter(name="average_likes", day=date(2022, 9, 1)).values_list(
            "creator__handle", "value"
        )
    )
    for handle, (_line, row) in last.items():
        assert snapshots[handle] == int(row[4])  # the exact twin column, #5
        assert likes[handle] == int(row[8])
    assert CreatorProfile.objects.filter(handle__in=list(last)).count() == len(last)


INSTAGRAM = DATA / "instagram-top1000-country" / "social_media_influencers_instagram.csv"


@needs_data
def test_issue15_item9_instagram_file_imports_as_instagram_and_leaves_tiktok_followers_alone():
    """The Instagram file once overwrote the followers of the 88 TikTok creators it shares a
    handle with. Imported for Instagram it is stored as Instagram's; TikTok's stay."""
    run("import-creators", str(TOP250), "--snapshot-day=2020-12-01")
    run(
        "import-creators",
        str(TOP1000),
        "--snapshot-day=2022-09-01",
        "--duplicates=keep-last",
        *TOP1000_MAP,
    )
    tiktok = dict(CreatorProfile.objects.values_list("handle", "followers"))
    tiktok_snapshots = set(
        StatSnapshot.objects.filter(platform="tiktok").values_list("creator", "day", "followers")
    )
    summary = run(
        "import-creators",
        str(INSTAGRAM),
        "--platform=instagram",
        "--snapshot-day=2022-06-01",
        "--duplicates=keep-last",
    )
    with INSTAGRAM.open(encoding="utf-8") as file:
        rows = list(csv.reader(file))[1:]
    last = {row[0].strip().lstrip("@").lower(): row for row in rows}
    shared = set(last) & set(tiktok)
    assert len(shared) == 88 and len(last) == 997 and len(summary["repeated"]) == 3
    after = dict(CreatorProfile.objects.values_list("handle", "followers"))
    assert {h: after[h] for h in tiktok} == tiktok  # the 88 shared names' included
    assert tiktok_snapshots == set(
        StatSnapshot.objects.filter(platform="tiktok").values_list("creator", "day", "followers")
    )
    instagram = dict(
        StatSnapshot.objects.filter(platform="instagram", day=date(2022, 6, 1)).values_list(
            "creator__handles__handle", "followers"
        )
    )
    engagements = dict(
        SourceMetric.objects.filter(platform="instagram", name="average_engagements").values_list(
            "creator__handles__handle", "value"
        )
    )
    assert len(instagram) == len(last) == summary["handles_added"]
    for handle, row in last.items():
        assert instagram[handle] == abbreviated(row[4])
        assert engagements[handle] == abbreviated(row[7])
    assert summary["creators_created"] == len(last) - len(shared)
