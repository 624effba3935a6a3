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


def set_media_kit_consent(brand, *, actor, shown: bool) -> Brand:
    """Whether creators may name `brand` among their past collaborations in their media kits;
    audited in the brand's chain. Locks the brand. The caller checked `actor` is its staff."""
    with transaction.atomic():
        brand = Brand.objects.select_for_update().get(pk=brand.pk)
        if brand.shown_in_media_kits == shown:
            return brand
        brand.shown_in_media_kits = shown
        brand.save(update_fields=["shown_in_media_kits"])
        publish(
            Event(
                type=AuditEventType.PROFILE_UPDATED,
                actor=actor,
                acting_as=ActingAs.BRAND,
                brand=brand,
                target=brand,
                changes={"shown_in_media_kits": [not shown, shown]},
            )
        )
    return brand
