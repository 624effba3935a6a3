"""Business verbs on brands."""

from django.db import transaction

from access.events import Event
from access.models import ActingAs, AuditEventType
from agencies.actions import unique_slug
from brands.models import Brand, BrandMembership, BrandRole
from talentdesk.lib.events import publish


def create_brand(*, actor, name: str, category=None, country: str = "", website: str = "") -> Brand:
    """Create a brand with `actor` as its owner."""
    with transaction.atomic():
        brand = Brand.objects.create(
            name=name,
            slug=unique_slug(Brand, name),
            category=category,
            country=country,
            website=website,
        )
        BrandMembership.objects.create(brand=brand, user=actor, role=BrandRole.OWNER)
        publish(
            Event(
                type=AuditEventType.BRAND_CREATED,
                actor=actor,
                acting_as=ActingAs.BRAND,
                brand=brand,
                target=brand,
                changes={"name": [None, name]},
            )
        )
    return brand
