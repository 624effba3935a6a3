"""Reads for the creator page and the roster: each a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

from creators.metrics import compute, window_videos
from creators.models import AudienceSnapshot, Rate, RateChange, SourceMetric, StatSnapshot

WINDOWS = {"30": {"days": 30}, "90": {"days": 90}, "180": {"days": 180}, "v30": {"videos": 30}}


def window_args(key: str | None) -> tuple[str, dict]:
    key = key if key in WINDOWS else "30"
    args = WINDOWS[key]
    return key, {"days": args.get("days"), "videos": args.get("videos")}


def insights(creator, window_key: str | None, agency=None) -> dict:
    """Everything the creator page shows about performance, rates and audience."""
    key, args = window_args(window_key)
    metrics = compute(creator, **args)
    rates = list(Rate.objects.filter(creator=creator))
    suggested = None
    if agency is not None and metrics.median_views is not None:
        suggested = (agency.benchmark_cpm * metrics.median_views / 1000).quantize(Decimal("0.01"))
    return {
        "window": key,
        "metrics": metrics,
        "rates": rates,
        "history": list(RateChange.objects.filter(creator=creator)[:10]),
        "suggested_rate": suggested,
        "suggested_currency": agency.benchmark_currency if agency else "",
        "audience": AudienceSnapshot.objects.filter(creator=creator).order_by("-day").first(),
        "source_metrics": list(
            SourceMetric.objects.filter(creator=creator).order_by("-day", "name")[:12]
        ),
    }


def follower_series(creator, window_key: str | None):
    key, args = window_args(window_key)
    metrics = compute(creator, **args)
    start = metrics.window_start or (metrics.window_end - timedelta(days=30))
    return list(
        StatSnapshot.objects.filter(creator=creator, day__gte=start, day__lte=metrics.window_end)
        .order_by("day")
        .only("day", "followers")
    )


def window_video_list(creator, window_key: str | None):
    _key, args = window_args(window_key)
    _window, qs = window_videos(creator, **args)
    return list(qs.order_by("posted_at").only("posted_at", "views"))
