"""Campaigns, offers with their terms versions, and contracts."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from ninja import Field as F
from ninja import Query, Router
from ninja.responses import Status

from access.roles import RoleKind
from api.core import Page, PageQuery, paginate, responses
from api.schemas import (
    AcceptIn,
    ApprovalIn,
    CampaignIn,
    CampaignOut,
    Clean,
    ContractOut,
    CounterIn,
    OfferDetailOut,
    OfferOut,
    ReasonIn,
    RenewalIn,
    SendOfferIn,
    SignIn,
    TermsIn,
    TermsOut,
    money,
    percent,
)
from campaigns import actions, contracts
from campaigns.forms import CampaignForm
from campaigns.models import Campaign, Contract, Offer, TermsVersion
from campaigns.queries import get_campaign_for_user, get_offer_for_user
from campaigns.transitions import OFFERS, TABS, OfferStatus, Tab
from creators.models import Category, CreatorProfile
from talentdesk.lib.errors import ActionError

router = Router(tags=["deals"])


def _brand_only(request):
    if request.role is None or request.role.kind != RoleKind.BRAND:
        raise PermissionDenied


def campaign_out(c) -> dict:
    return {
        "id": c.public_id,
        "name": c.name,
        "description": c.description,
        "objective": c.objective,
        "category": c.category_id,
        "target_countries": c.target_countries,
        "target_genders": c.target_genders,
        "target_ages": c.target_ages,
        "budget": money(c.budget, c.currency),
        "currency": c.currency,
        "usage_days": c.usage_days,
        "exclusivity_days": c.exclusivity_days,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "created_at": c.created_at,
    }


@router.get("/campaigns", response=responses(200, Page[CampaignOut]))
def list_campaigns(request, page: Query[PageQuery]):
    """A brand's campaigns (other hats see offers instead)."""
    qs = Campaign.objects.visible_to(request.role).order_by("-created_at", "-id")
    return paginate(request, qs, page, lambda rows: [campaign_out(c) for c in rows])


@router.post("/campaigns", response=responses(201, CampaignOut))
def create_campaign(request, payload: CampaignIn):
    """A brand starts a campaign; the same checks as the page's form."""
    _brand_only(request)
    data = payload.model_dump()
    data["target_countries"] = ", ".join(data["target_countries"])
    form = CampaignForm(data)
    if not form.is_valid():
        first, errors = next(iter(form.errors.items()))
        raise ActionError(errors[0], field=first if first != "__all__" else None, code="invalid")
    fields = {k: v for k, v in form.cleaned_data.items() if k in CampaignForm.Meta.fields}
    fields |= {
        k: form.cleaned_data[k] for k in ("target_countries", "target_genders", "target_ages")
    }
    campaign = actions.create_campaign(request.role.brand, actor=request.user, **fields)
    return Status(201, campaign_out(campaign))


@router.get("/campaigns/{campaign_id}", response=responses(200, CampaignOut))
def get_campaign(request, campaign_id: UUID):
    return campaign_out(get_campaign_for_user(request.role, campaign_id))


def _with_price(qs):
    current = TermsVersion.objects.filter(offer=OuterRef("pk"), number=OuterRef("version"))
    return qs.annotate(
        current_price=Subquery(current.values("price")[:1]),
        current_currency=Subquery(current.values("currency")[:1]),
    ).select_related("campaign__brand", "creator")


def offer_out(o) -> dict:
    return {
        "id": o.public_id,
        "campaign": {"id": str(o.campaign.public_id), "name": o.campaign.name},
        "brand": {"slug": o.campaign.brand.slug, "name": o.campaign.brand.name},
        "creator": {"id": o.creator.public_id, "handle": o.creator.handle},
        "status": o.status,
        "tab": o.tab,
        "version": o.version,
        "price": money(o.current_price, o.current_currency or ""),
        "currency": o.current_currency or "",
        "response_deadline": o.response_deadline,
        "created_at": o.created_at,
        "updated_at": o.updated_at,
    }


def terms_out(v) -> dict:
    return {
        "number": v.number,
        "side": v.side,
        "proposed_by": v.proposed_by_name,
        "price": money(v.price, v.currency),
        "currency": v.currency,
        "deliverables": v.deliverables,
        "upfront_pct": percent(v.upfront_pct),
        "milestones": v.milestones,
        "net_days": v.net_days,
        "usage_days": v.usage_days,
        "usage_channels": v.usage_channels,
        "paid_ads_days": v.paid_ads_days,
        "exclusivity_categories": v.exclusivity_categories,
        "exclusivity_days": v.exclusivity_days,
        "revision_rounds": v.revision_rounds,
        "response_deadline": v.response_deadline,
        "note": v.note,
        "created_at": v.created_at,
    }


class OfferFilter(Clean):
    tab: str | None = F(None, pattern="^(pending|active|completed|inactive)$")
    status: str | None = F(None, max_length=40)
    campaign: UUID | None = None
    creator: str | None = F(None, max_length=40, description="Creator handle")


@router.get("/offers", response=responses(200, Page[OfferOut]))
def list_offers(request, page: Query[PageQuery], filters: Query[OfferFilter]):
    """Offers you can see, newest change first, with the current price."""
    qs = Offer.objects.visible_to(request.role)
    if filters.tab:
        qs = qs.filter(status__in=TABS[Tab(filters.tab)])
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.campaign:
        qs = qs.filter(campaign__public_id=filters.campaign)
    if filters.creator:
        qs = qs.filter(creator__handle=filters.creator.strip().lstrip("@").casefold())
    ids = qs.order_by("-updated_at", "-id").values_list("pk", flat=True)
    return paginate(request, ids, page, _offers_out)


def _offers_out(ids: list[int]) -> list[dict]:
    """The page's offers, in the page's order, with their current price: the price subqueries
    run for this page's rows only (SQLite would run them for every visible offer, then sort)."""
    found = {o.pk: o for o in _with_price(Offer.objects.filter(pk__in=ids))}
    return [offer_out(found[pk]) for pk in ids]


def _offer_detail(request, offer) -> dict:
    offer = _with_price(Offer.objects.filter(pk=offer.pk)).get()
    current = offer.versions.get(number=offer.version)
    verbs = OFFERS.verbs_for(request.role, offer)
    return offer_out(offer) | {
        "terms": terms_out(current),
        "reason": offer.decided_reason,
        "allowed_actions": verbs,
    }


@router.get("/offers/{offer_id}", response=responses(200, OfferDetailOut))
def get_offer(request, offer_id: UUID):
    """One offer with its current terms and what you may do on it now."""
    return _offer_detail(request, get_offer_for_user(request.role, offer_id))


@router.get("/offers/{offer_id}/versions", response=responses(200, list[TermsOut]))
def list_versions(request, offer_id: UUID):
    """Every terms version, oldest first (versions never change once written)."""
    offer = get_offer_for_user(request.role, offer_id)
    return [terms_out(v) for v in offer.versions.order_by("number")]


def _terms(payload: TermsIn) -> dict:
    terms = payload.as_terms()
    known = set(
        Category.objects.filter(slug__in=terms["exclusivity_categories"]).values_list(
            "slug", flat=True
        )
    )
    if set(terms["exclusivity_categories"]) - known:
        raise ActionError("Unknown exclusivity category.", field="exclusivity_categories")
    return terms


@router.post("/campaigns/{campaign_id}/offers", response=responses(201, OfferDetailOut))
def send_offer(request, campaign_id: UUID, payload: SendOfferIn):
    """The brand sends a listed creator an offer (terms version 1)."""
    campaign = get_campaign_for_user(request.role, campaign_id)
    creator = CreatorProfile.objects.visible_to(request.role).filter(public_id=payload.creator)
    creator = creator.first()
    if creator is None:
        raise ActionError("No listed creator has this id.", field="creator")
    offer = actions.send_offer(
        campaign,
        role=request.role,
        actor=request.user,
        creator=creator,
        terms=_terms(payload.terms),
        note=payload.note,
    )
    return Status(201, _offer_detail(request, offer))


@router.post("/offers/{offer_id}/counter", response=responses(200, OfferDetailOut))
def counter(request, offer_id: UUID, payload: CounterIn):
    """Propose changed terms on the version you saw (409 if a newer one exists)."""
    offer = get_offer_for_user(request.role, offer_id)
    offer = actions.counter_offer(
        offer,
        role=request.role,
        actor=request.user,
        terms=_terms(payload.terms),
        seen_version=payload.seen_version,
        note=payload.note,
    )
    return _offer_detail(request, offer)


@router.post("/offers/{offer_id}/accept", response=responses(200, OfferDetailOut))
def accept(request, offer_id: UUID, payload: AcceptIn):
    """Accept exactly the version you saw (409 if it changed meanwhile)."""
    offer = get_offer_for_user(request.role, offer_id)
    offer = actions.accept_offer(
        offer, role=request.role, actor=request.user, seen_version=payload.seen_version
    )
    return _offer_detail(request, offer)


def _decide(request, offer_id, verbs_by_side: dict, payload: ReasonIn | None = None):
    offer = get_offer_for_user(request.role, offer_id)
    side = "brand" if request.role.kind == RoleKind.BRAND else "creator"
    verb = verbs_by_side.get(side)
    if verb is None:
        raise ActionError("You are not allowed to do this on this offer.", code="not_allowed")
    offer = actions.decide_offer(
        offer,
        verb,
        role=request.role,
        actor=request.user,
        reason=payload.reason if payload else "",
        seen_status=payload.seen_status if payload else None,
        seen_version=getattr(payload, "seen_version", None),
    )
    return _offer_detail(request, offer)


@router.post("/offers/{offer_id}/decline", response=responses(200, OfferDetailOut))
def decline(request, offer_id: UUID, payload: ReasonIn):
    """Decline; terms waiting for the creator's approval only she declines."""
    waiting = Offer.objects.filter(
        public_id=offer_id, status=OfferStatus.AWAITING_CREATOR_APPROVAL
    ).exists()
    creator_verb = "decline_awaiting" if waiting else "decline_creator"
    return _decide(request, offer_id, {"brand": "decline_brand", "creator": creator_verb}, payload)


@router.post("/offers/{offer_id}/withdraw", response=responses(200, OfferDetailOut))
def withdraw(request, offer_id: UUID, payload: ReasonIn):
    return _decide(request, offer_id, {"brand": "withdraw"}, payload)


@router.post("/offers/{offer_id}/cancel", response=responses(200, OfferDetailOut))
def cancel(request, offer_id: UUID, payload: ReasonIn):
    """Cancel after acceptance; the reason is required and recorded."""
    return _decide(
        request, offer_id, {"brand": "cancel_brand", "creator": "cancel_creator"}, payload
    )


@router.post("/offers/{offer_id}/approve", response=responses(200, OfferDetailOut))
def approve(request, offer_id: UUID, payload: ApprovalIn):
    """The creator approves the terms version she saw, accepted above what her agency may
    accept alone (409 if another version is current)."""
    return _decide(request, offer_id, {"creator": "approve"}, payload)


@router.post("/offers/{offer_id}/send-back", response=responses(200, OfferDetailOut))
def send_back(request, offer_id: UUID, payload: ApprovalIn):
    return _decide(request, offer_id, {"creator": "send_back"}, payload)


@router.post("/offers/{offer_id}/renewal", response=responses(201, OfferDetailOut))
def renew(request, offer_id: UUID, payload: RenewalIn):
    """The creator side offers the brand a renewal of this signed deal's usage rights: a new
    offer with the same rights, no deliverables, paid on signature, awaiting the brand (409 if
    the deal is not signed or a renewal is open already)."""
    offer = get_offer_for_user(request.role, offer_id)
    renewal = actions.propose_renewal(
        offer, role=request.role, actor=request.user, price=payload.price, note=payload.note
    )
    return Status(201, _offer_detail(request, renewal))


def contract_out(contract) -> dict:
    return {
        "offer": contract.offer.public_id,
        "terms_version": contract.terms.number,
        "document_hash": contract.document_hash,
        "signed_hash": contract.signed_hash,
        "created_at": contract.created_at,
        "completed_at": contract.completed_at,
        "signatures": [
            {
                "side": s.side,
                "full_name": s.full_name,
                "signed_as": s.signed_as,
                "signed_at": s.signed_at,
            }
            for s in contract.signatures.order_by("signed_at", "id")
        ],
    }


def _contract(request, offer_id):
    offer = get_offer_for_user(request.role, offer_id)
    contract = Contract.objects.select_related("offer", "terms").filter(offer=offer).first()
    if contract is None:
        raise Http404
    return contract


@router.get("/offers/{offer_id}/contract", response=responses(200, ContractOut))
def get_contract(request, offer_id: UUID):
    """The contract of an accepted offer, its seal and who signed."""
    return contract_out(_contract(request, offer_id))


@router.post("/offers/{offer_id}/contract/sign", response=responses(200, ContractOut))
def sign(request, offer_id: UUID, payload: SignIn):
    """Sign with your typed full name; the second signature seals the contract."""
    contract = _contract(request, offer_id)
    contracts.sign_contract(
        contract, role=request.role, actor=request.user, full_name=payload.full_name
    )
    return contract_out(_contract(request, offer_id))
