"""TikTok API JSON payloads of every shape become the exact records, or a list of problems.

The fixtures are synthetic, written from shared/data/API_FORMATS.md (see fixtures/README.md).
"""

import copy
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from creators.sources.records import ImportFailed, Problem
from creators.sources.tiktok_json import NO_HANDLE, detect, parse_payload

FIXTURES = Path(__file__).parent / "fixtures"
FETCHED_AT = datetime(2024, 6, 12, 9, 30, tzinfo=UTC)
TODAY = date(2024, 6, 12)


def load(name: str):
    return json.loads((FIXTURES / f"{name}.json").read_text())


def parse(data, handle=None):
    return parse_payload(data, fetched_at=FETCHED_AT, handle=handle)


def problems_of(data, handle=None) -> list[Problem]:
    with pytest.raises(ImportFailed) as failure:
        parse(data, handle)
    return failure.value.problems


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("display_user", "display_user"),
        ("display_videos", "display_videos"),
        ("research_user", "research_user"),
        ("research_videos", "research_videos"),
        ("business_account", "business_account"),
        ("business_videos", "business_videos"),
        ("tcm_creator", "marketplace_creator"),
        ("tto_creator", "marketplace_creator"),
        ("web_item", "web"),
        ("web_item_list", "web"),
    ],
)
def test_every_fixture_is_recognised_by_its_own_fields(name, shape):
    assert detect(load(name)) == shape


def test_display_user_gives_the_creator_and_a_snapshot_dated_at_the_fetch():
    batch = parse(load("display_user"))

    assert batch.source == "tiktok-display"
    [creator] = batch.creators
    assert creator.handle == "lenaglows"
    assert creator.display_name == "Lena Okafor"
    assert (creator.followers, creator.following) == (1284311, 412)
    assert (creator.total_likes, creator.video_count) == (48211930, 736)
    assert creator.bio == "Skincare for real skin. NYC"
    assert creator.avatar_url.endswith("7c1f2e3d~c5_168x168.jpeg")
    [snapshot] = batch.snapshots
    assert (snapshot.handle, snapshot.day, snapshot.followers) == ("lenaglows", TODAY, 1284311)
    assert (snapshot.following, snapshot.total_likes, snapshot.video_count) == (412, 48211930, 736)


def test_display_videos_take_the_handle_argument_and_keep_ids_as_strings():
    batch = parse(load("display_videos"), handle="@LenaGlows")

    assert batch.source == "tiktok-display"
    first, second = batch.videos
    assert first.video_id == "7379211234567890123"
    assert first.handle == "lenaglows"
    assert first.posted_at == datetime(2024, 6, 8, 16, 0, tzinfo=UTC)
    assert (first.views, first.likes, first.comments, first.shares) == (612045, 48210, 812, 1304)
    assert first.duration == 34
    assert first.caption == "My 3-step morning routine"
    assert first.saves is None and first.completed_views is None
    assert second.caption == "SPF myths, answered #spf"  # empty title: the description instead


def test_display_video_list_without_handle_is_a_problem():
    assert problems_of(load("display_videos")) == [Problem(None, "", NO_HANDLE)]
    assert NO_HANDLE == "this payload has no creator handle: pass --handle"


def test_research_user_takes_the_handle_argument():
    batch = parse(load("research_user"), handle="MarcoEats")

    assert batch.source == "tiktok-research"
    [creator] = batch.creators
    assert (creator.handle, creator.display_name) == ("marcoeats", "Marco Ruiz")
    assert (creator.followers, creator.following, creator.total_likes) == (88412, 301, 2311094)
    assert creator.video_count == 214
    assert batch.snapshots[0].followers == 88412
    assert problems_of(load("research_user")) == [Problem(None, "", NO_HANDLE)]


def test_research_videos_read_usernames_saves_and_integer_ids_exactly():
    batch = parse(load("research_videos"))

    assert batch.source == "tiktok-research"
    first, second = batch.videos
    assert first.video_id == "7377301234567891234"  # a JSON integer, never through a float
    assert second.video_id == "7376550987654321098"
    assert first.handle == "marcoeats"
    assert (first.views, first.likes, first.comments, first.shares) == (405332, 39120, 1044, 2210)
    assert (first.saves, first.duration) == (5120, 41)
    assert first.caption == "Best tacos al pastor in Roma Norte #cdmx #tacos"
    assert first.posted_at == datetime.fromtimestamp(1717420000, tz=UTC)


def test_business_account_is_unwrapped_with_history_and_audience():
    batch = parse(load("business_account"))

    assert batch.source == "tiktok-business"
    [creator] = batch.creators
    assert creator.handle == "fitwithpriya"
    assert (creator.followers, creator.following) == (356204, 188)
    assert (creator.total_likes, creator.video_count) == (9120433, 402)
    assert creator.avatar_url.endswith("4e5f6a7b~c5_720x720.jpeg")
    days = {snapshot.day: snapshot for snapshot in batch.snapshots}
    assert sorted(days) == [date(2024, 6, 10), date(2024, 6, 11), TODAY]
    assert days[date(2024, 6, 10)].followers == 355120
    assert days[date(2024, 6, 11)].followers == 355811
    assert days[TODAY].total_likes == 9120433  # today's snapshot is the account's full totals
    [audience] = batch.audiences
    assert audience.day == TODAY
    assert audience.ages["55+"] == Decimal("0.02")
    assert audience.genders == {
        "female": Decimal("0.68"),
        "male": Decimal("0.3"),
        "other": Decimal("0.02"),
    }
    assert audience.countries == {
        "IN": Decimal("0.52"),
        "US": Decimal("0.18"),
        "GB": Decimal("0.09"),
    }
    assert audience.cities == {"Mumbai": Decimal("0.12"), "Delhi": Decimal("0.1")}
    assert audience.devices == {}


def test_business_payload_reads_the_same_without_its_code_message_wrapper():
    wrapped = parse(load("business_account"))
    bare = parse(load("business_account")["data"])

    assert bare == wrapped


def test_business_videos_keep_watched_rate_as_a_source_metric_not_completed_views():
    batch = parse(load("business_videos"), handle="fitwithpriya")

    assert batch.source == "tiktok-business"
    first, second = batch.videos
    assert first.video_id == "7379001122334455667"
    assert first.posted_at == datetime.fromtimestamp(1717830000, tz=UTC)
    assert (first.views, first.likes, first.comments, first.shares) == (201456, 15230, 402, 611)
    assert (first.saves, first.duration) == (2877, 23)  # 23.4 s rounded
    assert first.caption == "20-minute core, no equipment #homeworkout"
    assert first.completed_views is None and second.completed_views is None
    assert {(m.source, m.day, m.handle) for m in batch.source_metrics} == {
        ("tiktok-business", TODAY, "fitwithpriya")
    }
    assert [(m.name, m.value) for m in batch.source_metrics] == [
        ("full_video_watched_rate:7379001122334455667", Decimal("0.1834")),
        ("full_video_watched_rate:7378112233445566778", Decimal("0.0952")),
    ]
    assert problems_of(load("business_videos")) == [Problem(None, "", NO_HANDLE)]


def test_tcm_creator_gives_profile_rate_audience_and_its_rates_as_source_metrics():
    batch = parse(load("tcm_creator"))

    assert batch.source == "tiktok-tcm"
    [creator] = batch.creators
    assert (creator.handle, creator.country, creator.categories) == (
        "lenaglows",
        "US",
        ["beauty", "fashion"],
    )
    assert (creator.followers, creator.following, creator.total_likes) == (1284311, 412, 48211930)
    [rate] = batch.rates
    assert (rate.handle, rate.deliverable, rate.amount, rate.currency) == (
        "lenaglows",
        "video",
        Decimal(1500),
        "USD",
    )
    [audience] = batch.audiences
    assert audience.genders == {
        "female": Decimal("0.715"),
        "male": Decimal("0.269"),
        "other": Decimal("0.016"),
    }
    assert audience.ages == {
        "18-24": Decimal("0.442"),
        "25-34": Decimal("0.381"),
        "35+": Decimal("0.177"),
    }
    assert audience.countries["US"] == Decimal("0.583")
    assert audience.devices == {"ios": Decimal("0.664"), "android": Decimal("0.336")}
    metrics = {m.name: m for m in batch.source_metrics}
    assert {name: m.value for name, m in metrics.items()} == {
        "engagement_rate": Decimal("0.0712"),
        "six_seconds_views_rate": Decimal("0.4821"),
        "completion_rate": Decimal("0.2345"),
        "followers_growth_rate": Decimal("-0.0123"),
        "average_views": Decimal("152340.5"),
    }
    assert {(m.source, m.day, m.handle) for m in metrics.values()} == {
        ("tiktok-tcm", TODAY, "lenaglows")
    }


def test_tiktok_one_creator_reads_its_own_field_names():
    batch = parse(load("tto_creator"))

    assert batch.source == "tiktok-tcm"
    [creator] = batch.creators
    assert (creator.handle, creator.country, creator.following) == ("chloe.cuisine", "FR", 233)
    [rate] = batch.rates
    assert (rate.amount, rate.currency, rate.deliverable) == (Decimal(2400), "EUR", "video")
    [audience] = batch.audiences
    assert list(audience.ages) == ["18-24", "25-34", "35-44", "45-54", "55+"]
    assert audience.devices == {"ios": Decimal("0.48"), "android": Decimal("0.52")}
    assert audience.genders["other"] == Decimal("0.01")
    assert {m.name: m.value for m in batch.source_metrics} == {
        "median_views": Decimal(88500),
        "engagement_rate": Decimal("0.0634"),
    }


def test_web_item_takes_exact_stats_v2_over_rounded_stats():
    batch = parse(load("web_item"))

    assert batch.source == "tiktok-web"
    [video] = batch.videos
    assert video.video_id == "7379500011122233344"
    assert video.handle == "runwithsam"
    assert (video.views, video.likes, video.comments, video.shares) == (1312987, 98123, 1304, 2087)
    assert (video.saves, video.duration) == (7719, 47)
    assert video.caption == "POV: your first marathon #running #marathon"
    [creator] = batch.creators
    assert (creator.followers, creator.total_likes) == (1312456, 25431877)
    assert (creator.display_name, creator.bio) == ("Sam Becker", "Running coach, Berlin")
    [snapshot] = batch.snapshots
    assert (snapshot.day, snapshot.followers, snapshot.video_count) == (TODAY, 1312456, 512)


def test_web_item_list_gives_every_video_and_its_author_once():
    batch = parse(load("web_item_list"))

    assert [video.video_id for video in batch.videos] == [
        "7379500011122233344",
        "7378800099988877766",
    ]
    assert batch.videos[1].views == 410500
    assert [creator.handle for creator in batch.creators] == ["runwithsam"]
    assert len(batch.snapshots) == 1


def test_a_plain_list_of_web_items_is_read_too():
    items = load("web_item_list")["itemList"]

    assert parse(items).videos == parse(load("web_item_list")).videos


def test_percent_strings_and_percents_become_fractions():
    data = load("tto_creator")
    data["data"]["audience_genders"] = [
        {"gender": "FEMALE", "percentage": "55%"},
        {"gender": "MALE", "percentage": "45%"},
    ]
    data["data"]["audience_countries"] = [{"country": "FR", "percentage": 64}]
    data["data"]["audience_devices"] = [{"device": "IOS", "percentage": 0.5}]

    [audience] = parse(data).audiences

    assert audience.genders == {"female": Decimal("0.55"), "male": Decimal("0.45")}
    assert audience.countries == {"FR": Decimal("0.64")}
    assert audience.devices == {"ios": Decimal("0.5")}


def test_unknown_shape_fails_naming_the_expected_shapes():
    [problem] = problems_of({"hello": "world"})

    assert (problem.line, problem.column) == (None, "")
    assert problem.reason.startswith("unrecognised TikTok payload: expected one of ")
    assert "Display API" in problem.reason and "itemStruct" in problem.reason
    assert problems_of([1, 2]) == problems_of("text") == [problem]


def test_negative_count_is_named_by_its_json_path():
    data = load("display_videos")
    videos = data["data"]["videos"]
    videos.extend(copy.deepcopy(videos))
    for index, item in enumerate(videos):
        item["id"] = f"73792112345678901{index:02d}"
    videos[3]["view_count"] = -5

    [problem] = problems_of(data, handle="lenaglows")

    assert (problem.line, problem.column) == (None, "data.videos[3].view_count")
    assert "negative" in problem.reason


def test_unknown_country_is_a_problem():
    data = load("tcm_creator")
    data["data"]["location"] = "Atlantis"
    data["data"]["audience_countries"][1]["country"] = "Narnia"

    assert [(p.column, p.reason) for p in problems_of(data)] == [
        ("data.location", "unknown country 'Atlantis'"),
        ("data.audience_countries[1].country", "unknown country 'Narnia'"),
    ]


def test_every_problem_is_reported_at_once():
    data = load("research_videos")
    data["data"]["videos"][0]["like_count"] = "lots"
    data["data"]["videos"][1]["id"] = 7.376550987654321e18
    del data["data"]["videos"][1]["create_time"]

    columns = [problem.column for problem in problems_of(data)]

    assert columns == [
        "data.videos[0].like_count",
        "data.videos[1].id",
        "data.videos[1].create_time",
    ]


def test_float_video_id_is_refused_and_a_repeated_id_names_both_places():
    data = load("business_videos")
    data["data"]["videos"][0]["item_id"] = 7379001122334455667.0
    [float_problem] = problems_of(data, handle="fitwithpriya")
    assert float_problem.column == "data.videos[0].item_id"

    data = load("business_videos")
    data["data"]["videos"][1]["item_id"] = data["data"]["videos"][0]["item_id"]
    [repeat] = problems_of(data, handle="fitwithpriya")
    assert repeat.column == "data.videos[1].item_id"
    assert "data.videos[0].item_id" in repeat.reason


def test_handle_argument_that_contradicts_the_payload_is_a_problem():
    [problem] = problems_of(load("display_user"), handle="someoneelse")

    assert problem.column == "data.user.username"
    assert "@lenaglows" in problem.reason and "@someoneelse" in problem.reason


def test_an_error_answer_from_tiktok_is_reported_as_such():
    answer = {"data": {}, "error": {"code": "access_token_invalid", "message": "expired"}}
    [problem] = problems_of(answer)
    assert problem.column == "error.code"
    assert "access_token_invalid" in problem.reason

    [problem] = problems_of({"code": 40105, "message": "Access token is incorrect", "data": {}})
    assert problem.column == "code"


def test_unknown_gender_and_shares_above_100_percent_are_problems():
    data = load("tcm_creator")
    data["data"]["audience_genders"][2]["gender"] = "ROBOT"
    data["data"]["audience_ages"][0]["percentage"] = 140

    assert [p.column for p in problems_of(data)] == [
        "data.audience_genders[2].gender",
        "data.audience_ages[0].percentage",
    ]
