"""The per-creator metrics rollup the roster sorts on, recomputed from `creators.metrics`."""

from creators.metrics import compute
from creators.models import CreatorMetrics, Deliverable, Rate


def refresh_metrics(creator, *, as_of=None) -> CreatorMetrics:
    """Recompute the creator's 30-day metrics and their lowest video-type rate."""
    metrics = compute(creator, days=30, as_of=as_of)
    cheapest = (
        Rate.objects.filter(creator=creator)
        .exclude(deliverable__in=[Deliverable.USAGE_30D, Deliverable.EXCLUSIVITY])
        .order_by("amount")
        .first()
    )
    row, _created = CreatorMetrics.objects.update_or_create(
        creator=creator,
        defaults={
            "as_of": metrics.window_end,
            "video_count": metrics.video_count,
            "median_views": metrics.median_views,
            "engagement_rate": metrics.engagement_rate,
            "follower_growth_rate": metrics.follower_growth_rate,
            "rate_from": cheapest.amount if cheapest else None,
            "rate_currency": cheapest.currency if cheapest else "",
        },
    )
    return row
