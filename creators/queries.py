"""Reads about creators: one within reach, the latest audience and brand fit (computed here and
nowhere else), and what the creator page shows; each a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, StringAgg, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404

from access import permissions
from access.roles import RoleKind
from creators.brand_fit import Fit, compute_fit
from creators.metrics import compute, window_videos
from creators.models import (
    AudienceSnapshot,
    Category,
    CreatorHandle,
    CreatorProfile,
    Platform,
    Rate,
    RateChange,
    SourceMetric,
    StatSnapshot,
    Video,
)


def get_creator_for_user(role, public_id) -> CreatorProfile:
    """One creator profile within reach (404 otherwise): her own, a represented creator within
    the member's assignment, or for a brand a listed profile. What the role may see or do for
    her is `access.permissions.decide`'s answer."""
    creator = CreatorProfile.objects.visible_to(role).filter(public_id=public_id).first()
    if creator is None:
        raise Http404
    return creator


def get_creator_and_grant(role, public_id):
    """One creator within reach and the permission decision for her (404 otherwise): for
    agency staff a single query brings both."""
    if role is not None and role.kind == RoleKind.AGENCY:
        grant = permissions.decide_by_public_id(role, public_id)
        if grant.party is not permissions.Party.AGENCY:
            raise Http404
        return grant.representation.creator, grant
    creator = get_creator_for_user(role, public_id)
    return creator, permissions.decide(role, creator)


def latest_audience(creator) -> AudienceSnapshot | None:
    """The creator's most recent audience snapshot (the newest day; of one day, the last
    imported)."""
    return AudienceSnapshot.objects.filter(creator=creator).order_by("-day", "-id").first()


def latest_audiences(creators) -> dict[int, AudienceSnapshot]:
    """The same for many creators in one query, by creator id."""
    latest: dict[int, AudienceSnapshot] = {}
    snapshots = AudienceSnapshot.objects.filter(creator__in=creators)
    for snapshot in snapshots.order_by("creator", "-day", "-id"):
        latest.setdefault(snapshot.creator_id, snapshot)
    return latest


UNREAD = object()  # brand_fit's audience when the caller has not read it yet


def brand_fit(creator, metrics, *, countries=(), genders=(), ages=(), audience=UNREAD) -> Fit:
    """How much of the creator's latest audience matches a target audience, with the reach it
    gives at her followers and median views (SPEC §3)."""
    if audience is UNREAD:
        audience = latest_audience(creator)
    return compute_fit(
        audience,
        followers=metrics.followers,
        median_views=metrics.median_views,
        countries=countries,
        genders=genders,
        ages=ages,
    )


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
        "audience": latest_audience(creator),
        **source_figures(creator),
    }


def source_figures(creator) -> dict:
    """The figures sources supplied ready-made, in one query: TikTok's latest twelve
    ("source_metrics") and, for each other platform, the latest of each name
    ("other_source_metrics", by platform), which never join TikTok's."""
    rows = (
        SourceMetric.objects.filter(creator=creator)
        .annotate(
            recent=Window(
                RowNumber(), partition_by=[F("platform")], order_by=[F("day").desc(), F("name")]
            ),
            newest=Window(
                RowNumber(),
                partition_by=[F("platform"), F("source"), F("name")],
                order_by=[F("day").desc(), F("id").desc()],
            ),
        )
        .filter(
            Q(platform=Platform.TIKTOK, recent__lte=12) | Q(platform__in=OTHER_PLATFORMS, newest=1)
        )
        .order_by("-day", "name")
    )
    tiktok, others = [], {}
    for metric in rows:
        if metric.platform == Platform.TIKTOK:
            tiktok.append(metric)
        else:
            others.setdefault(metric.platform, []).append(metric)
    for metrics in others.values():
        metrics.sort(key=lambda m: (m.name, m.source))
    return {"source_metrics": tiktok, "other_source_metrics": others}


def follower_series(creator, window_key: str | None):
    key, args = window_args(window_key)
    metrics = compute(creator, **args)
    start = metrics.window_start or (metrics.window_end - timedelta(days=30))
    return list(
        StatSnapshot.objects.filter(
            creator=creator,
            platform=Platform.TIKTOK,
            day__gte=start,
            day__lte=metrics.window_end,
        )
        .order_by("day")
        .only("day", "followers")
    )


def window_video_list(creator, window_key: str | None):
    _key, args = window_args(window_key)
    _window, qs = window_videos(creator, **args)
    return list(qs.order_by("posted_at").only("posted_at", "views"))


OTHER_PLATFORMS = [p for p in Platform if p != Platform.TIKTOK]
PROFILE_URLS = {
    Platform.INSTAGRAM: "https://www.instagram.com/{}/",
    Platform.YOUTUBE: "https://www.youtube.com/@{}",
}
ACCOUNT_TOTALS = ("followers", "following", "total_likes", "video_count")


@dataclass(frozen=True)
class OtherHandle:
    """The creator's handle on a platform other than TikTok, with her profile's address there."""

    platform: Platform
    handle: str

    @property
    def label(self) -> str:
        return self.platform.label

    @property
    def at_handle(self) -> str:
        return f"@{self.handle}"

    @property
    def url(self) -> str:
        return PROFILE_URLS[self.platform].format(self.handle)


def other_handles(creator) -> dict[str, OtherHandle]:
    """The creator's handle on each platform other than TikTok, by platform in the platforms'
    order (the first one entered where the admin gave her several); one query."""
    found: dict[str, OtherHandle] = {}
    rows = CreatorHandle.objects.filter(creator=creator, platform__in=OTHER_PLATFORMS)
    for platform, handle in rows.order_by("id").values_list("platform", "handle"):
        found.setdefault(platform, OtherHandle(Platform(platform), handle))
    return {p: found[p] for p in OTHER_PLATFORMS if p in found}


@dataclass
class Figure:
    """One account total as last known, with the day it was taken (None, None: never given)."""

    value: int | None = None
    day: date | None = None


@dataclass
class PlatformFigures:
    platform: Platform
    handle: OtherHandle | None = None
    # By StatSnapshot field, each as last known (a Figure of None when never given).
    totals: dict[str, Figure] = field(default_factory=lambda: {n: Figure() for n in ACCOUNT_TOTALS})
    source_metrics: list = field(default_factory=list)
    videos_stored: int = 0

    @property
    def label(self) -> str:
        return self.platform.label

    @property
    def has_figures(self) -> bool:
        known = any(f.value is not None for f in self.totals.values())
        return known or bool(self.source_metrics) or bool(self.videos_stored)


def platform_figures(creator, *, figures=True, source_metrics=None) -> list[PlatformFigures]:
    """Each platform other than TikTok where the creator has a handle or (with `figures`) any
    figures: the handle, the latest known value of each account total with its own day, how
    many of its videos are stored, and the `source_metrics` given (`source_figures`' by
    platform). One query whatever the data: one row of scalar subqueries."""
    row = _profile_row(creator, _platform_columns(figures))
    return _platforms(row, figures, source_metrics or {})


@dataclass
class CreatorFacts:
    categories: list[Category]
    platforms: list[PlatformFigures]


def creator_facts(creator, *, figures=True, source_metrics=None) -> CreatorFacts:
    """The creator page's facts about her beside the TikTok insights: her categories and
    `platform_figures`, in the same one query."""
    categories = (
        Category.objects.filter(creators=OuterRef("pk"))
        .order_by()
        .values("creators")
        .annotate(slugs=StringAgg("slug", delimiter=Value(",")))
        .values("slugs")
    )
    row = _profile_row(
        creator, {"category_slugs": Subquery(categories), **_platform_columns(figures)}
    )
    slugs = row.get("category_slugs") or ""
    return CreatorFacts(
        # In slug order, as `categories.all()` gives them (SQLite < 3.44 cannot order the join).
        categories=[Category(slug=slug) for slug in sorted(slugs.split(",")) if slug],
        platforms=_platforms(row, figures, source_metrics or {}),
    )


def _profile_row(creator, columns) -> dict:
    return CreatorProfile.objects.filter(pk=creator.pk).values(**columns).first() or {}


def _platform_columns(figures: bool) -> dict:
    columns = {}
    for platform in OTHER_PLATFORMS:
        handles = CreatorHandle.objects.filter(creator=OuterRef("pk"), platform=platform)
        columns[f"{platform}_handle"] = Subquery(handles.order_by("id").values("handle")[:1])
        if not figures:
            continue
        videos = Video.objects.filter(creator=OuterRef("pk"), platform=platform).order_by()
        count = videos.values("creator").annotate(n=Count("pk")).values("n")
        columns[f"{platform}_videos"] = Coalesce(Subquery(count), 0)
        for name in ACCOUNT_TOTALS:
            # Each total as last given: a later snapshot without it does not hide it.
            latest = StatSnapshot.objects.filter(
                creator=OuterRef("pk"), platform=platform, **{f"{name}__isnull": False}
            ).order_by("-day")
            columns[f"{platform}_{name}"] = Subquery(latest.values(name)[:1])
            columns[f"{platform}_{name}_day"] = Subquery(latest.values("day")[:1])
    return columns


def _platforms(row: dict, figures: bool, source_metrics: dict) -> list[PlatformFigures]:
    result = []
    for platform in OTHER_PLATFORMS:
        handle = row.get(f"{platform}_handle")
        found = PlatformFigures(
            platform=platform,
            handle=OtherHandle(platform, handle) if handle else None,
            source_metrics=source_metrics.get(platform, []) if figures else [],
            videos_stored=row.get(f"{platform}_videos") or 0,
        )
        for name in ACCOUNT_TOTALS:
            key = f"{platform}_{name}"
            found.totals[name] = Figure(row.get(key), row.get(f"{key}_day"))
        if found.handle or found.has_figures:
            result.append(found)
    return result
