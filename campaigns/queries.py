"""Reads about campaigns and offers: one object within reach, and reads joining several tables."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F
from django.http import Http404

from campaigns.models import Campaign, Offer, TermsVersion
from campaigns.transitions import HOLDING


def get_offer_for_user(role, public_id) -> Offer:
    """One offer within reach (404 otherwise); what the role may do is the workflow's."""
    offer = (
        Offer.objects.visible_to(role)
        # `money`: the deal's commission and issuer, which the offer page's money card reads
        # (a LEFT JOIN, not a query of its own).
        .select_related("campaign__brand", "creator", "money")
        .filter(public_id=public_id)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def get_campaign_for_user(role, public_id) -> Campaign:
    """One campaign of the member's brand (404 otherwise)."""
    campaign = Campaign.objects.visible_to(role).filter(public_id=public_id).first()
    if campaign is None:
        raise Http404
    return campaign


def exclusivity_conflicts(offer) -> list[dict]:
    """Active exclusivity windows of the creator, held with another brand, that cover this
    offer's campaign category (SPEC §4): shown before anyone accepts."""
    category = offer.campaign.category_id
    if category is None:
        return []
    # The current terms of each offer held with another brand, in one query.
    holding = (
        TermsVersion.objects.filter(
            offer__creator=offer.creator_id,
            offer__status__in=HOLDING,
            number=F("offer__version"),
        )
        .exclude(offer__campaign__brand=offer.campaign.brand_id)
        .select_related("offer__campaign__brand")
    )
    conflicts = []
    for terms in holding:
        other = terms.offer
        if category not in terms.exclusivity_categories or not terms.exclusivity_days:
            continue
        until = other.updated_at.date() + timedelta(days=terms.exclusivity_days)
        if until >= offer.created_at.date():
            conflicts.append(
                {"brand": other.campaign.brand.name, "until": until, "category": category}
            )
    return conflicts


def price_vs_rate(offer_terms, rates) -> dict | None:
    """How the price compares with the creator's video rate: e.g. 22 % below the rate card."""
    video = next((r for r in rates if r.deliverable == "video"), None)
    if video is None:
        return None
    if video.currency != offer_terms.currency:
        return {"comparable": False}
    delta = (offer_terms.price - video.amount) / video.amount * 100 if video.amount else Decimal(0)
    return {
        "comparable": True,
        "percent": abs(delta).quantize(Decimal("1")),
        "below": delta < 0,
        "rate": video,
    }
