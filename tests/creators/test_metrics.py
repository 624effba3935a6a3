from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from creators.metrics import compute
from creators.models import CreatorProfile, StatSnapshot, Video

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)


@pytest.fixture
def creator(db):
    creator = CreatorProfile.objects.create(handle="metrics.test", display_name="M")
    for i, (views, six, done) in enumerate(
        [(1000, 600, 200), (3000, 1500, 900), (2000, 900, 400), (10_000, 4000, 1000)]
    ):
        Video.objects.create(
            creator=creator,
            video_id=f"m{i}",
            views=views,
            likes=views // 10,
            comments=views // 100,
            shares=views // 50,
            six_second_views=six,
            completed_views=done,
            posted_at=datetime(2026, 6, 30, 12, tzinfo=UTC) - timedelta(days=10 * i),
        )
    StatSnapshot.objects.create(creator=creator, day=date(2026, 5, 1), followers=40_000)
    StatSnapshot.objects.create(creator=creator, day=date(2026, 6, 1), followers=50_000)
    StatSnapshot.objects.create(creator=creator, day=date(2026, 6, 29), followers=55_000)
    return creator


def test_day_window_metrics_match_the_spec_definitions(creator):
    m = compute(creator, days=30, as_of=AS_OF)  # videos on 30/6, 20/6, 10/6
    assert (m.window_start, m.window_end, m.video_count) == (date(2026, 6, 1), AS_OF, 3)
    assert m.median_views == 2000 and m.average_views == 2000
    assert m.engagements == 600 + 60 + 120
    assert m.engagement_rate == Decimal(780) / 6000
    assert m.six_second_view_rate == Decimal(3000) / 6000
    assert m.completion_rate == Decimal(1500) / 6000
    assert m.followers == 55_000
    assert m.follower_growth_rate == Decimal(5000) / 50_000
    assert [name for name, _count, _share in m.breakdown] == ["likes", "comments", "shares"]


def test_window_edges_are_inclusive_utc_days(creator):
    Video.objects.create(
        creator=creator,
        video_id="edge",
        views=1,
        likes=0,
        comments=0,
        shares=0,
        posted_at=datetime(2026, 6, 1, 0, 0, tzinfo=UTC),
    )
    assert compute(creator, days=30, as_of=AS_OF).video_count == 4
    assert compute(creator, days=29, as_of=AS_OF).video_count == 3


def test_video_window_takes_the_latest_n_and_reports_their_dates(creator):
    m = compute(creator, days=None, videos=2, as_of=AS_OF)
    assert m.video_count == 2 and m.median_views == 2000
    assert (m.window_start, m.window_end) == (date(2026, 6, 20), date(2026, 6, 30))


def test_missing_inputs_are_not_available_never_zero(creator):
    Video.objects.filter(video_id="m0").update(six_second_views=None)
    m = compute(creator, days=30, as_of=AS_OF)
    assert m.six_second_view_rate is None
    empty = compute(creator, days=5, as_of=date(2026, 1, 10))
    assert empty.video_count == 0 and empty.median_views is None and empty.engagement_rate is None
    assert empty.followers is None and empty.follower_growth_rate is None


def test_metrics_command_json_and_unknown_handle(creator, capsys):
    call_command("metrics", "@Metrics.Test", "--as-of", "2026-06-30", "--json")
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["handle"] == "metrics.test" and data["video_count"] == 3
    assert data["median_views"] == 2000 and data["six_second_view_rate"] == 0.5
    with pytest.raises(SystemExit) as exit_:
        call_command("metrics", "@nobody.at.all")
    assert exit_.value.code == 1


def test_metrics_use_a_fixed_number_of_queries(creator, django_assert_max_num_queries):
    for i in range(200):
        Video.objects.create(
            creator=creator,
            video_id=f"x{i}",
            views=i,
            likes=0,
            comments=0,
            shares=0,
            posted_at=datetime(2026, 6, 15, tzinfo=UTC) + timedelta(minutes=i),
        )
    with django_assert_max_num_queries(5):
        compute(creator, days=30, as_of=AS_OF)
