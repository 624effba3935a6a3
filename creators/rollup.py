"""The per-creator metrics rollup the roster sorts on: the 30-day figures of
`creators.metrics.compute` and the cheapest video-type rate, computed for many creators at once.

An import touching thousands of creators refreshes them in a fixed handful of queries per
CHUNK creators (totals, medians, followers on two days, cheapest rates, one upsert), not a
handful per creator. A test holds the figures equal to `compute` for every creator.
"""

from datetime import UTC, timedelta
from decimal import Decimal
from itertools import batched

from django.db.models import Count, F, OuterRef, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from creators.metrics import day_bounds, engagement_known, ratio
from creators.models import (
    CreatorMetrics,
    CreatorProfile,
    Deliverable,
    Platform,
    Rate,
    StatSnapshot,
    Video,
)

DAYS = 30
CHUNK = 500
UPDATED = [
    "as_of",
    "video_count",
    "median_views",
    "engagement_rate",
    "follower_growth_rate",
    "rate_from",
    "rate_currency",
]


def refresh_metrics(creator, *, as_of=None) -> CreatorMetrics:
    """Recompute one creator's rollup."""
    return refresh_metrics_many([creator.pk], as_of=as_of)[0]


def refresh_metrics_many(creator_ids, *, as_of=None) -> list[CreatorMetrics]:
    """Recompute the rollup of every creator in `creator_ids` (in CHUNKs); the rows written."""
    as_of = as_of or timezone.now().astimezone(UTC).date()
    written = []
    for chunk in batched(creator_ids, CHUNK):
        rows = [_row(pk, as_of, *figures) for pk, figures in _figures(list(chunk), as_of).items()]
        CreatorMetrics.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["creator"], update_fields=UPDATED
        )
        written += rows
    return written


def _figures(ids: list[int], as_of) -> dict:
    """creator id → (totals, middle views, followers at the end, at the start, cheapest rate)."""
    start = as_of - timedelta(days=DAYS - 1)
    low, high = day_bounds(start, as_of)
    window = Video.objects.filter(
        creator_id__in=ids, platform=Platform.TIKTOK, posted_at__gte=low, posted_at__lt=high
    )
    complete = engagement_known()
    totals = {
        row["creator_id"]: row
        for row in window.values("creator_id").annotate(
            count=Count("pk"),
            sum_views=Sum("views", filter=complete),
            engagements=Sum(F("likes") + F("comments") + F("shares"), filter=complete),
        )
    }
    middles: dict[int, list[int]] = {}
    ranked = (
        window.filter(views__isnull=False)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("creator_id"), order_by=[F("views").asc()]),
            total=Window(Count("pk"), partition_by=F("creator_id")),
        )
        .filter(rank__gte=(F("total") + 1) / 2, rank__lte=F("total") / 2 + 1)
    )
    for pk, views in ranked.values_list("creator_id", "views"):
        middles.setdefault(pk, []).append(views)

    def followers_on(day):
        latest = StatSnapshot.objects.filter(
            creator_id=OuterRef("pk"), platform=Platform.TIKTOK, day__lte=day
        )
        return Subquery(latest.order_by("-day").values("followers")[:1])

    followers = {
        pk: (end, before)
        for pk, end, before in CreatorProfile.objects.filter(pk__in=ids).values_list(
            "pk", followers_on(as_of), followers_on(start)
        )
    }
    cheapest = {
        pk: (amount, currency)
        for pk, amount, currency in Rate.objects.filter(creator_id__in=ids)
        .exclude(deliverable__in=[Deliverable.USAGE_30D, Deliverable.EXCLUSIVITY])
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("creator_id"), order_by=[F("amount").asc(), F("pk")]
            )
        )
        .filter(rank=1)
        .values_list("creator_id", "amount", "currency")
    }
    return {
        pk: (totals.get(pk), middles.get(pk, []), *followers[pk], cheapest.get(pk))
        for pk in followers
    }


def _row(pk, as_of, totals, middle, followers, before, cheapest) -> CreatorMetrics:
    """The same arithmetic as `creators.metrics.compute` (Decimal, None when unknown)."""
    count = totals["count"] if totals else 0
    growth = None
    if before and followers is not None:
        growth = (Decimal(followers) - before) / before
    amount, currency = cheapest or (None, "")
    return CreatorMetrics(
        creator_id=pk,
        as_of=as_of,
        video_count=count,
        median_views=sum(Decimal(v) for v in middle) / len(middle) if middle else None,
        engagement_rate=ratio(totals["engagements"], totals["sum_views"]) if count else None,
        follower_growth_rate=growth,
        rate_from=amount,
        rate_currency=currency,
    )
