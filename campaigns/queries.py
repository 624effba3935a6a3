"""Reads about offers that join several tables."""

from datetime import timedelta

from campaigns.models import Offer


def exclusivity_conflicts(offer) -> list[dict]:
    """Active exclusivity windows of the creator, held with another brand, that cover this
    offer's campaign category (SPEC §4): shown before anyone accepts."""
    category = offer.campaign.category_id
    if category is None:
        return []
    holding = (
        Offer.objects.filter(
            creator=offer.creator, status__in=["accepted", "in_progress", "posting"]
        )  # fmt: skip
        .exclude(campaign__brand=offer.campaign.brand_id)
        .select_related("campaign__brand")
    )
    conflicts = []
    for other in holding:
        terms = other.versions.get(number=other.version)
        if category not in terms.exclusivity_categories or not terms.exclusivity_days:
            continue
        until = other.updated_at.date() + timedelta(days=terms.exclusivity_days)
        if until >= offer.created_at.date():
            conflicts.append({"brand": other.campaign.brand.name, "until": until,
                              "category": category})  # fmt: skip
    return conflicts
