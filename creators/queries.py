"""Reads about creators: one within reach, the latest audience and brand fit (computed here and
nowhere else), and what the creator page shows; each a fixed number of queries."""

from datetime import timedelta
from decimal import Decimal

from django.http import Http404

from access import permissions
from access.roles import RoleKind
from creators.brand_fit import Fit, compute_fit
from creators.metrics import compute, window_videos
from creators.models import (
    AudienceSnapshot,
    CreatorProfile,
    Rate,
    RateChange,
    SourceMetric,
    StatSnapshot,
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
