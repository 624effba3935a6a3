"""The benchmark data is data the real pages accept, its rollup is the real metrics, and every
benchmark target keeps the same number of queries at two data sizes (at most 15, or the
budget bench.measure.QUERY_BUDGET names with its reason)."""

import pytest

from bench.generate import Generator, Scale
from bench.measure import max_queries, page_queries
from bench.targets import TARGETS, Context
from creators.models import CreatorMetrics, CreatorProfile
from creators.rollup import refresh_metrics
from talentdesk import demo

pytestmark = pytest.mark.django_db


def tiny(creators: int) -> Scale:
    return Scale(
        agencies=3,
        creators=creators,
        largest=creators // 2,
        brands=4,
        campaigns=8,
        offers=creators * 4,
        videos=12,
        days=60,
        managers_largest=2,
        managers=1,
    )


def fresh(creators: int) -> None:
    demo.reset()
    Generator(tiny(creators), log=lambda _line: None, sequences=False).run()


def test_generated_rollup_equals_the_metrics_recomputed():
    fresh(20)
    for creator in CreatorProfile.objects.order_by("pk")[:8]:
        stored = CreatorMetrics.objects.get(creator=creator)
        fields = [
            "as_of",
            "video_count",
            "median_views",
            "engagement_rate",
            "follower_growth_rate",
            "rate_from",
            "rate_currency",
        ]
        before = {name: getattr(stored, name) for name in fields}
        refresh_metrics(creator)
        stored.refresh_from_db()
        assert before == {name: getattr(stored, name) for name in fields}


def counts() -> dict[str, int]:
    context = Context()
    result = {}
    for target in TARGETS:
        if target.api:
            continue
        result[target.name] = len(page_queries(target, context.path(target), {}))
    return result


def test_every_target_page_renders_with_the_same_query_count_at_two_sizes():
    fresh(16)
    small = counts()
    fresh(48)
    large = counts()
    assert large == small
    assert all(count <= max_queries(name) for name, count in small.items()), small


def test_generated_videos_have_the_real_engagement_mix():
    """Drawn from the real 2020 TikTok distributions, like the demo's (issue 15)."""
    from django.db.models import Sum

    from creators.models import Video

    fresh(40)
    totals = Video.objects.aggregate(
        views=Sum("views"), likes=Sum("likes"), comments=Sum("comments"), shares=Sum("shares")
    )
    engagements = totals["likes"] + totals["comments"] + totals["shares"]
    assert 0.95 <= totals["likes"] / engagements <= 0.995
    assert 0.002 <= totals["comments"] / engagements <= 0.02
    assert 0.002 <= totals["shares"] / engagements <= 0.02
    assert 0.05 <= engagements / totals["views"] <= 0.30
