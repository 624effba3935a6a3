"""The set-based rollup equals `creators.metrics.compute`, creator by creator, whatever the data:
no videos, one, an even or odd number in the window, ties, no snapshots, zero followers before,
views of zero, rates in two currencies with a tie."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creators.metrics import compute
from creators.models import CreatorMetrics, CreatorProfile, Rate, StatSnapshot, Video
from creators.rollup import refresh_metrics, refresh_metrics_many

pytestmark = pytest.mark.django_db
AS_OF = datetime(2026, 11, 20, tzinfo=UTC).date()

video = st.tuples(
    st.integers(min_value=-40, max_value=5),  # days after the window's last day (≤ 0 is inside)
    st.integers(min_value=0, max_value=10**6),  # views
    st.integers(min_value=0, max_value=5000),  # likes + comments + shares, split below
)
creator_data = st.fixed_dictionaries(
    {
        "videos": st.lists(video, max_size=9),
        "snapshots": st.lists(
            st.tuples(st.integers(min_value=-60, max_value=3), st.integers(0, 10**6)),
            max_size=4,
            unique_by=lambda s: s[0],
        ),
        "rates": st.lists(
            st.tuples(
                st.sampled_from(["video", "series_3", "live", "usage_30d"]),
                st.sampled_from([Decimal("100.00"), Decimal("250.50")]),
                st.sampled_from(["EUR", "USD"]),
            ),
            max_size=3,
            unique_by=lambda r: r[0],
        ),
    }
)


def make(index: int, data: dict, run: int) -> CreatorProfile:
    creator = CreatorProfile.objects.create(handle=f"rollup{run}_{index}", display_name="R")
    noon = datetime.combine(AS_OF, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    Video.objects.bulk_create(
        Video(
            creator=creator,
            video_id=f"r{run}_{index}_{n}",
            posted_at=noon + timedelta(days=d),
            views=views,
            likes=eng // 2,
            comments=eng // 3,
            shares=eng - eng // 2 - eng // 3,
        )
        for n, (d, views, eng) in enumerate(data["videos"])
    )
    StatSnapshot.objects.bulk_create(
        StatSnapshot(creator=creator, day=AS_OF + timedelta(days=d), followers=f)
        for d, f in data["snapshots"]
    )
    for deliverable, amount, currency in data["rates"]:
        Rate.objects.create(
            creator=creator, deliverable=deliverable, amount=amount, currency=currency
        )
    return creator


RUNS = iter(range(10**6))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(creator_data, min_size=1, max_size=5))
def test_the_rollup_of_many_creators_equals_compute_for_each(creators):
    run = next(RUNS)
    made = [make(i, data, run) for i, data in enumerate(creators)]
    refresh_metrics_many([c.pk for c in made], as_of=AS_OF)
    for creator in made:
        row = CreatorMetrics.objects.get(creator=creator)
        expected = compute(creator, days=30, as_of=AS_OF)
        field = CreatorMetrics._meta.get_field
        assert row.as_of == AS_OF
        assert row.video_count == expected.video_count
        for name in ("median_views", "engagement_rate", "follower_growth_rate"):
            value = getattr(expected, name)
            stored = field(name).to_python(
                None if value is None else round(value, field(name).decimal_places)
            )
            assert getattr(row, name) == stored, name
        cheapest = (
            Rate.objects.filter(creator=creator, deliverable__in=["video", "series_3", "live"])
            .order_by("amount", "pk")
            .first()
        )
        assert row.rate_from == (cheapest.amount if cheapest else None)
        assert row.rate_currency == (cheapest.currency if cheapest else "")


def test_refreshing_many_creators_costs_the_same_queries_as_refreshing_two():
    few = [make(i, {"videos": [(0, 10, 1)], "snapshots": [], "rates": []}, 900) for i in range(2)]
    many = [
        make(i, {"videos": [(0, 10, 1)] * 3, "snapshots": [(0, 5)], "rates": []}, 901)
        for i in range(40)
    ]
    with CaptureQueriesContext(connection) as small:
        refresh_metrics_many([c.pk for c in few], as_of=AS_OF)
    with CaptureQueriesContext(connection) as large:
        refresh_metrics_many([c.pk for c in many], as_of=AS_OF)
    assert len(small) == len(large)
    assert refresh_metrics(many[0], as_of=AS_OF).video_count == 3
