"""Issue 15, real files: unknown counts, countries, what each column means, dates, ranges,
repeated rows. Each numbered item of the issue is reproduced by a test named after it."""

import io
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import translation
from django_countries import countries

from creators.importing import write_batch
from creators.metrics import compute
from creators.models import CreatorProfile, SourceMetric, StatSnapshot, Video
from creators.sources.countries import country_code
from creators.sources.csv_files import columns_read, read_csv
from creators.sources.records import ImportFailed

pytestmark = pytest.mark.django_db

VIDEOS = "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares\n"


def reasons(failure) -> list[str]:
    return [str(p) for p in failure.value.problems]


def test_issue15_item4_empty_and_na_counts_are_unknown_not_zero():
    posted = int(datetime(2026, 11, 20, tzinfo=UTC).timestamp())
    text = VIDEOS + (
        f"151,{posted},imp15,1000,90,5,5\n"
        f"152,{posted},imp15,3000,,N/A,-\n"  # comments turned off, fields the scraper missed
        f"153,{posted},imp15,N/A,10,1,1\n"
    )
    write_batch(read_csv(text, "videos"))
    second = Video.objects.get(video_id="152")
    assert (second.views, second.likes, second.comments, second.shares) == (3000, None, None, None)
    assert Video.objects.get(video_id="153").views is None
    metrics = compute(CreatorProfile.objects.get(handle="imp15"), as_of=date(2026, 11, 30))
    assert metrics.video_count == 3
    # Views over the two videos that have them; engagement over the one that has everything.
    assert metrics.median_views == Decimal(2000) and metrics.average_views == Decimal(2000)
    assert metrics.engagements == 100 and metrics.engagement_rate == Decimal("0.1")
    assert metrics.left_out == {"views": 1, "engagement": 2}


def test_issue15_item4_a_present_but_unreadable_count_still_refuses_the_file_with_its_line():
    text = VIDEOS + "151,1604786417,imp15,1000,1,1,1\n152,1604786417,imp15,lots,1,1,1\n"
    with pytest.raises(ImportFailed) as failure:
        read_csv(text, "videos")
    assert reasons(failure) == ["line 3, n_plays: not a number: 'lots'"]
    assert not Video.objects.filter(video_id__in=["151", "152"]).exists()


def test_issue15_item4_the_creator_page_says_how_many_videos_a_metric_left_out(cast, login):
    posted = int((datetime.now(UTC) - timedelta(days=2)).timestamp())
    write_batch(read_csv(VIDEOS + f"9151,{posted},mayamoves,1000,,1,1\n", "videos"))
    page = login(cast.manager).get(f"/creator/{cast.maya.public_id}/").content.decode()
    assert 'id="left-out-engagement"' in page
    assert "leaves out 1 video with a count the source did not give" in page


def test_issue15_item5_every_iso_code_and_its_english_and_french_names():
    assert len(countries) == 249
    for code, name in countries:
        assert country_code(code) == code
        assert country_code(str(name)) == code, name
        with translation.override("fr"):
            french = str(dict(countries)[code])
        assert country_code(french) == code, french
    for name, code in {
        "Syria": "SY",
        "Lithuania": "LT",
        "Côte d'Ivoire": "CI",
        "Cote d'Ivoire": "CI",
        "U.S.A": "US",
        "U.K.": "GB",
        "Allemagne": "DE",
        "États-Unis": "US",
    }.items():
        assert country_code(name) == code
    with pytest.raises(ValueError, match="unknown country"):
        country_code("Atlantis")


def test_issue15_item5_a_creators_file_with_real_country_names_imports():
    text = "handle,country\nrima,Syria\nlina,Lithuania\nawa,Côte d'Ivoire\nnobody,N/A\n"
    write_batch(read_csv(text, "creators"))
    handles = ["rima", "lina", "awa", "nobody"]
    assert dict(
        CreatorProfile.objects.filter(handle__in=handles).values_list("handle", "country")
    ) == {
        "rima": "SY",
        "lina": "LT",
        "awa": "CI",
        "nobody": "",
    }


def test_issue15_item6_a_creator_files_likes_are_per_video_averages_not_lifetime_likes():
    text = (
        "Rank,Username,Country,Followers,Views,Likes,Engagement\n"
        "1,@charlidamelio,U.S.A,78.9m,38.3m,6.1m,16.60%\n"
    )
    write_batch(read_csv(text, "creators", snapshot_day=date(2020, 12, 1)))
    charli = CreatorProfile.objects.get(handle="charlidamelio")
    snapshot = StatSnapshot.objects.get(creator=charli)
    assert snapshot.day == date(2020, 12, 1) and snapshot.followers == 78_900_000
    assert snapshot.total_likes is None  # 6.1m is not her lifetime likes
    figures = dict(SourceMetric.objects.filter(creator=charli).values_list("name", "value"))
    assert figures == {
        "average_views": Decimal("38300000"),
        "average_likes": Decimal("6100000"),
        "engagement_rate": Decimal("0.166"),  # no longer dropped silently
    }


def test_issue15_item6_the_preview_says_what_each_column_feeds_and_what_is_ignored():
    text = "Rank,Username,Country,Followers,Views,Likes,Engagement,Gender\n"
    rows = {row["column"]: row for row in columns_read(text, "creators")}
    assert rows["Rank"]["field"] is None and rows["Gender"]["feeds"] is None
    assert rows["Likes"]["field"] == "average_likes"
    assert "average likes" in rows["Likes"]["feeds"]
    assert rows["Followers"]["feeds"] == "followers, dated snapshot"


def test_issue15_item6_repeated_header_names_are_chosen_by_the_user():
    text = "name,Subscribers,Subscribers\nmaya,13.8M,13800000\n"
    with pytest.raises(ImportFailed) as failure:
        read_csv(text, "creators")
    assert "columns #2, #3" in reasons(failure)[0]
    batch = read_csv(text, "creators", {"handle": "name", "followers": "#3"}, today=date.today())
    assert batch.creators[0].followers == 13_800_000


def test_issue15_item8_a_file_with_a_date_column_is_dated_by_it():
    text = "handle,followers,date\nimp15a,1000,2022-09-01\nimp15b,2000,2022-09-02\n"
    write_batch(read_csv(text, "creators", today=date(2026, 12, 1)))
    snapshots = StatSnapshot.objects.filter(creator__handle__startswith="imp15")
    assert sorted(snapshots.values_list("creator__handle", "day")) == [
        ("imp15a", date(2022, 9, 1)),
        ("imp15b", date(2022, 9, 2)),
    ]


def test_issue15_item8_old_videos_followers_are_never_dated_today_silently():
    text = (
        "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares,n_followers\n"
        "151,1604786417,imp15,100,1,1,1,97400000\n"  # 2020-11-07
    )
    with pytest.raises(ImportFailed) as failure:
        read_csv(text, "videos", today=date(2026, 12, 1))
    assert "posted on 2020-11-07" in reasons(failure)[0]
    batch = read_csv(text, "videos", snapshot_day=date(2020, 11, 8), today=date(2026, 12, 1))
    write_batch(batch)
    snapshots = StatSnapshot.objects.filter(creator__handle="imp15")
    assert list(snapshots.values_list("day", "followers")) == [(date(2020, 11, 8), 97_400_000)]


def test_issue15_item10_values_beyond_a_columns_range_are_row_errors():
    text = "handle,followers,video_count\nimp15a,12345678901234567890,1\nimp15b,1,99999999999\n"
    with pytest.raises(ImportFailed) as failure:
        read_csv(text, "creators")
    assert reasons(failure) == [
        "line 2, followers: too large to be a count: 12345678901234567890",
        "line 3, video_count: too large to be a count: 99999999999",
    ]
    assert not CreatorProfile.objects.filter(handle__startswith="imp15").exists()


def test_issue15_item11_repeated_handles_refuse_by_default_or_keep_the_last_row_listed():
    text = "handle,followers\nmaya,1\nleo,2\nmaya,3\n"
    with pytest.raises(ImportFailed) as failure:
        read_csv(text, "creators")
    assert reasons(failure) == ["line 4, handle: 'maya' is repeated: it is also on line 2"]
    batch = read_csv(text, "creators", duplicates="keep_last", today=date(2026, 12, 1))
    assert batch.repeated == [("maya", [2, 4])]
    assert [(c.handle, c.followers) for c in batch.creators] == [("leo", 2), ("maya", 3)]


def test_issue15_item11_the_streamed_video_import_keeps_the_last_row_when_asked(tmp_path):
    path = tmp_path / "videos.csv"
    path.write_text(VIDEOS + "1511,1604786417,imp15,10,1,1,1\n1511,1604786417,imp15,99,1,1,1\n")
    refused = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import-videos", str(path), stdout=refused, stderr=refused)
    assert "'1511' is repeated: it is also on line 2" in refused.getvalue()
    out = io.StringIO()
    call_command("import-videos", str(path), "--duplicates=keep-last", "--json", stdout=out)
    assert json.loads(out.getvalue())["repeated"] == [{"key": "1511", "lines": [2, 3]}]
    assert Video.objects.get(video_id="1511").views == 99
