"""Reads about offers that join several tables."""

from datetime import timedelta

from django.db.models import F

from campaigns.models import TermsVersion


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
            offer__status__in=["accepted", "in_progress", "posting"],
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
