"""Finding creators for a campaign: listed marketplace profiles only (SPEC §2)."""

from decimal import Decimal

from django.db.models import Q

from creators.models import CreatorProfile
from creators.queries import latest_audiences


def find_creators(
    campaign,
    *,
    q="",
    category=None,
    country="",
    min_followers=None,
    max_followers=None,
    min_match=None,
    limit=25,
):
    """Public profiles matching the filters, each with its audience match in the campaign's
    target countries (None when no audience data). A fixed number of queries."""
    rows = CreatorProfile.objects.public().select_related("media_kit")
    rows = rows.prefetch_related("categories")
    if q:
        needle = q.strip().lstrip("@")
        rows = rows.filter(Q(handle__icontains=needle) | Q(display_name__icontains=needle))
    if category is not None:
        rows = rows.filter(categories=category)
    if country:
        rows = rows.filter(country=country)
    if min_followers is not None:
        rows = rows.filter(followers__gte=min_followers)
    if max_followers is not None:
        rows = rows.filter(followers__lte=max_followers)
    creators = list(rows.order_by("-followers", "handle")[: limit * 4])
    audiences = latest_audiences(creators)
    targets = set(campaign.target_countries or [])
    for creator in creators:
        audience = audiences.get(creator.pk)
        creator.match = None
        if audience is not None and targets and audience.countries:
            creator.match = sum(
                (Decimal(v) for k, v in audience.countries.items() if k in targets), Decimal(0)
            )
    if min_match is not None:
        wanted = Decimal(min_match) / 100
        creators = [c for c in creators if c.match is not None and c.match >= wanted]
    return creators[:limit]
