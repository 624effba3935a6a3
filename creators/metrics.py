"""Performance metrics exactly as SPEC §3 defines them, computed by SQL aggregation.

A window is the N days ending on `as_of` inclusive (posted date in [as_of − N + 1, as_of], UTC),
or the N latest videos posted on or before `as_of`. A metric whose inputs are missing is None and
the page says why; nothing is ever shown as 0 for "unknown". A video whose count the source left
empty (null) is left out of the metrics needing that count, and `left_out` says how many were
(SPEC §9 Imports). No floats: Decimal throughout. The metrics are her TikTok figures; another
platform's videos and snapshots are kept apart and shown as that platform's.
"""

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Subquery, Sum
from django.utils import timezone

from creators.models import CreatorProfile, Platform, StatSnapshot, Video


@dataclass(frozen=True)
class Window:
    start: date | None
    end: date
    days: int | None = None
    videos: int | None = None


@dataclass
class Metrics:
    handle: str
    window_start: date | None
    window_end: date | None
    video_count: int
    followers: int | None
    median_views: Decimal | None
    average_views: Decimal | None
    likes: int | None
    comments: int | None
    shares: int | None
    engagements: int | None
    engagement_rate: Decimal | None
    six_second_view_rate: Decimal | None
    completion_rate: Decimal | None
    follower_growth_rate: Decimal | None
    # Videos of the window left out of a metric because a count it needs is unknown:
    # {"views": n} for median/average views, {"engagement": n} for engagements and their rate.
    left_out: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict:
        """JSON-ready: dates as ISO strings, rates as full-precision numbers, None as null."""
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, date):
                data[key] = value.isoformat()
            elif isinstance(value, Decimal):
                data[key] = int(value) if value == value.to_integral_value() else float(value)
        return data

    @property
    def breakdown(self) -> list[tuple[str, int, Decimal | None]]:
        """likes, comments, shares as counts and share of engagements."""
        if not self.engagements:
            return []
        return [
            (name, count, ratio(count, self.engagements))
            for name, count in (
                ("likes", self.likes),
                ("comments", self.comments),
                ("shares", self.shares),
            )
        ]


def engagement_known() -> Q:
    """Videos whose views, likes, comments and shares are all known: engagements and their
    rate are computed over these only (a partial sum would lie)."""
    return Q(views__isnull=False, likes__isnull=False, comments__isnull=False, shares__isnull=False)


def ratio(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00 UTC, end+1 00:00 UTC): the posting times of a day window."""
    return (
        datetime.combine(start, time.min, tzinfo=UTC),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=UTC),
    )


def window_videos(
    creator: CreatorProfile,
    *,
    days: int | None = 30,
    videos: int | None = None,
    as_of: date | None = None,
):
    """The window and its videos queryset (not evaluated)."""
    as_of = as_of or timezone.now().astimezone(UTC).date()
    if videos is not None:
        _start, end = day_bounds(as_of, as_of)
        latest = Video.objects.filter(
            creator=creator, platform=Platform.TIKTOK, posted_at__lt=end
        ).order_by("-posted_at", "-video_id")[:videos]
        qs = Video.objects.filter(pk__in=latest.values("pk"))
        return Window(start=None, end=as_of, videos=videos), qs
    start = as_of - timedelta(days=days - 1)
    low, high = day_bounds(start, as_of)
    qs = Video.objects.filter(
        creator=creator, platform=Platform.TIKTOK, posted_at__gte=low, posted_at__lt=high
    )
    return Window(start=start, end=as_of, days=days), qs


def median_of(qs, field: str, count: int) -> Decimal | None:
    """The median of `field` over `qs`: at most two rows fetched, in one query."""
    if not count:
        return None
    middle = qs.order_by(field).values_list(field, flat=True)[(count - 1) // 2 : count // 2 + 1]
    values = [Decimal(v) for v in middle]
    return sum(values) / len(values)


def followers_on(creator, day: date) -> int | None:
    """The latest follower count recorded on or before `day`."""
    snapshot = (
        StatSnapshot.objects.filter(creator=creator, platform=Platform.TIKTOK, day__lte=day)
        .order_by("-day")
        .values_list("followers", flat=True)
        .first()
    )
    return snapshot


def followers_at(creator, *days: date) -> list[int | None]:
    """`followers_on` for several days in one query (one scalar subquery per day)."""

    def latest(day):
        snapshots = StatSnapshot.objects.filter(
            creator=creator, platform=Platform.TIKTOK, day__lte=day
        ).order_by("-day")
        return Subquery(snapshots.values("followers")[:1])

    names = {f"d{i}": latest(day) for i, day in enumerate(days)}
    row = CreatorProfile.objects.filter(pk=creator.pk).values(**names).first() or {}
    return [row.get(name) for name in names]


def compute(
    creator: CreatorProfile,
    *,
    days: int | None = 30,
    videos: int | None = None,
    as_of: date | None = None,
) -> Metrics:
    """Every SPEC §3 metric for one creator and window, in a fixed handful of queries."""
    window, qs = window_videos(creator, days=days, videos=videos, as_of=as_of)
    complete = engagement_known()
    totals = qs.aggregate(
        count=Count("pk"),
        views_known=Count("views"),
        sum_views=Sum("views"),
        complete=Count("pk", filter=complete),
        complete_views=Sum("views", filter=complete),
        sum_likes=Sum("likes", filter=complete),
        sum_comments=Sum("comments", filter=complete),
        sum_shares=Sum("shares", filter=complete),
        six=Sum("six_second_views", filter=Q(views__isnull=False)),
        six_known=Count("six_second_views", filter=Q(views__isnull=False)),
        completed=Sum("completed_views", filter=Q(views__isnull=False)),
        completed_known=Count("completed_views", filter=Q(views__isnull=False)),
        first=Min("posted_at"),
        last=Max("posted_at"),
    )
    count, known, full = totals["count"], totals["views_known"], totals["complete"]
    start, end = window.start, window.end
    if window.videos is not None:
        start = totals["first"].astimezone(UTC).date() if count else None
        end = totals["last"].astimezone(UTC).date() if count else None
    followers, before = followers_at(creator, window.end, start or window.end)
    growth = None
    if start is not None and before and followers is not None:
        growth = (Decimal(followers) - before) / before
    engagements = (
        totals["sum_likes"] + totals["sum_comments"] + totals["sum_shares"] if full else None
    )
    views = totals["sum_views"] if known else None
    left_out = {
        name: count - n for name, n in (("views", known), ("engagement", full)) if n < count
    }
    return Metrics(
        handle=creator.handle,
        window_start=start,
        window_end=end,
        video_count=count,
        followers=followers,
        median_views=median_of(qs.filter(views__isnull=False), "views", known),
        average_views=(Decimal(views) / known) if known else None,
        likes=totals["sum_likes"] if full else None,
        comments=totals["sum_comments"] if full else None,
        shares=totals["sum_shares"] if full else None,
        engagements=engagements,
        engagement_rate=ratio(engagements, totals["complete_views"]),
        # Only when every video with views carries the figure (a partial sum would lie).
        six_second_view_rate=ratio(totals["six"], views)
        if known and totals["six_known"] == known
        else None,
        completion_rate=ratio(totals["completed"], views)
        if known and totals["completed_known"] == known
        else None,
        follower_growth_rate=growth,
        left_out=left_out,
    )
