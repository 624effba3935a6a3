"""Representations and their scopes; creators with metrics, audience and rates."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from ninja import Field as F
from ninja import Query, Router

from access import actions as access_actions
from access.models import Representation
from access.permissions import decide, decide_many
from access.queries import get_representation_for_user
from access.roles import RoleKind
from access.scopes import Scope
from api.core import Page, PageQuery, paginate, responses
from api.schemas import (
    AudienceOut,
    Clean,
    CreatorDetailOut,
    CreatorOut,
    RepresentationOut,
    ScopesIn,
    WindowMetricsOut,
    money,
)
from creators import metrics as creator_metrics
from creators.models import CreatorProfile, Rate
from creators.queries import get_creator_for_user, latest_audience

router = Router(tags=["people"])


def representation_out(rep) -> dict:
    return {
        "id": rep.public_id,
        "agency": {"slug": rep.agency.slug, "name": rep.agency.name},
        "creator": {"id": rep.creator.public_id, "handle": rep.creator.handle},
        "status": rep.status,
        "end_reason": rep.end_reason or "",
        "scopes": list(rep.scopes),
        "accept_ceiling": money(rep.accept_ceiling, rep.accept_ceiling_currency or ""),
        "accept_ceiling_currency": rep.accept_ceiling_currency or "",
        "lead_manager": (rep.lead_manager.name or rep.lead_manager.email)
        if rep.lead_manager
        else None,
        "created_at": rep.created_at,
    }


class RepresentationFilter(Clean):
    status: str | None = F(None, pattern="^(proposed|active|ended)$")


@router.get("/representations", response=responses(200, Page[RepresentationOut]))
def list_representations(request, page: Query[PageQuery], filters: Query[RepresentationFilter]):
    """Representations you can see: a creator's own, an agency's open and active ones."""
    qs = Representation.objects.visible_to(request.role).select_related(
        "agency", "creator", "lead_manager"
    )
    if filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(
        request,
        qs.order_by("-created_at", "-id"),
        page,
        lambda rows: [representation_out(r) for r in rows],
    )


@router.get("/representations/{rep_id}", response=responses(200, RepresentationOut))
def get_representation(request, rep_id: UUID):
    return representation_out(get_representation_for_user(request.role, rep_id))


@router.put("/representations/{rep_id}/scopes", response=responses(200, RepresentationOut))
def change_scopes(request, rep_id: UUID, payload: ScopesIn):
    """The creator changes what the agency may do; effective on the agency's next request."""
    rep = get_representation_for_user(request.role, rep_id)
    if request.role.kind != RoleKind.CREATOR:
        raise PermissionDenied
    rep = access_actions.change_scopes(
        rep,
        role=request.role,
        actor=request.user,
        scopes=payload.scopes,
        ceiling=payload.accept_ceiling,
        currency=payload.accept_ceiling_currency,
    )
    rep = Representation.objects.select_related("agency", "creator", "lead_manager").get(pk=rep.pk)
    return representation_out(rep)


def metrics_out(creator, grant) -> dict | None:
    """The 30-day metrics, as far as the permission decision lets the caller see them: the
    insights with `view_insights`, the cheapest rate with the rate card (as the roster shows
    them); None when neither."""
    m = getattr(creator, "metrics", None)
    insights, rates = grant.sees(Scope.VIEW_INSIGHTS), grant.sees_rates()
    if m is None or not (insights or rates):
        return None
    return {
        "as_of": m.as_of,
        "video_count": m.video_count if insights else None,
        "median_views": m.median_views if insights else None,
        "engagement_rate": m.engagement_rate if insights else None,
        "follower_growth_rate": m.follower_growth_rate if insights else None,
        "rate_from": money(m.rate_from, m.rate_currency) if rates else None,
        "rate_currency": m.rate_currency if rates else "",
    }


def withheld(grant) -> dict[str, str]:
    """What the creator does not share with the caller, each with the line saying why."""
    reasons = {}
    if not grant.sees(Scope.VIEW_INSIGHTS):
        reasons["metrics"] = grant.withheld(Scope.VIEW_INSIGHTS)
    if not grant.sees_rates():
        reasons["rates"] = grant.withheld(Scope.MANAGE_RATES)
    return reasons


def creator_out(creator, grant) -> dict:
    return {
        "id": creator.public_id,
        "handle": creator.handle,
        "handle_verified": creator.handle_verified,
        "display_name": creator.display_name,
        "country": creator.country,
        "categories": [c.slug for c in creator.categories.all()],
        "languages": list(creator.languages or []),
        "followers": creator.followers,
        "metrics": metrics_out(creator, grant),
        "withheld": withheld(grant),
    }


class CreatorFilter(Clean):
    q: str | None = F(None, max_length=100, description="Part of the handle or display name")
    category: str | None = F(None, max_length=50)
    country: str | None = F(None, pattern="^[A-Za-z]{2}$")
    min_followers: int | None = F(None, ge=0, le=10**12)


@router.get("/creators", response=responses(200, Page[CreatorOut]))
def list_creators(request, page: Query[PageQuery], filters: Query[CreatorFilter]):
    """Creators you can see (your roster; for brands, listed creators) with 30-day metrics."""
    qs = (
        CreatorProfile.objects.visible_to(request.role)
        .select_related("metrics")
        .prefetch_related("categories")
    )
    if filters.q:
        from django.db.models import Q

        term = filters.q.strip().lstrip("@")
        qs = qs.filter(Q(handle__icontains=term) | Q(display_name__icontains=term))
    if filters.category:
        qs = qs.filter(categories__slug=filters.category)
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    if filters.min_followers is not None:
        qs = qs.filter(followers__gte=filters.min_followers)
    qs = qs.order_by("-followers", "id").distinct()

    def convert(rows):
        grants = decide_many(request.role, rows)
        return [creator_out(c, grants[c.pk]) for c in rows]

    return paginate(request, qs, page, convert)


@router.get("/creators/{creator_id}", response=responses(200, CreatorDetailOut))
def get_creator(request, creator_id: UUID):
    """One creator's profile, metrics and rate card, each as far as she shares it with you
    (`withheld` says what she does not, and why): a rate card is public only when she says so."""
    creator = get_creator_for_user(request.role, creator_id)
    grant = decide(request.role, creator)
    creator = (
        CreatorProfile.objects.select_related("metrics")
        .prefetch_related("categories", Prefetch("rates", Rate.objects.order_by("deliverable")))
        .get(pk=creator.pk)
    )
    rates = [
        {
            "deliverable": r.deliverable,
            "amount": money(r.amount, r.currency),
            "currency": r.currency,
            "updated_at": r.updated_at,
        }
        for r in (creator.rates.all() if grant.sees_rates() else [])
    ]
    return creator_out(creator, grant) | {"bio": creator.bio, "rates": rates}


def _with_insights(request, creator_id):
    """The creator, if the caller may see her insights: 403 with the reason otherwise."""
    creator = get_creator_for_user(request.role, creator_id)
    grant = decide(request.role, creator)
    if not grant.sees(Scope.VIEW_INSIGHTS):
        raise PermissionDenied(grant.withheld(Scope.VIEW_INSIGHTS))
    return creator


class WindowQuery(Clean):
    days: int = F(30, ge=1, le=3650, description="Window of days ending today (UTC)")
    videos: int | None = F(None, ge=1, le=1000, description="Instead: the N latest videos")


@router.get("/creators/{creator_id}/metrics", response=responses(200, WindowMetricsOut))
def creator_metrics_window(request, creator_id: UUID, window: Query[WindowQuery]):
    """SPEC §3 metrics over a window, computed like the creator page's panel."""
    creator = _with_insights(request, creator_id)
    if window.videos:
        result = creator_metrics.compute(creator, days=None, videos=window.videos)
    else:
        result = creator_metrics.compute(creator, days=window.days)
    return result.as_json()


@router.get("/creators/{creator_id}/audience", response=responses(200, AudienceOut))
def creator_audience(request, creator_id: UUID):
    """The latest audience snapshot (shares per gender, age bucket, country, device…)."""
    snapshot = latest_audience(_with_insights(request, creator_id))
    if snapshot is None:
        raise Http404
    return snapshot
