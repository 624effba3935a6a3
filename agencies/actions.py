"""Business verbs on agencies."""

from django.db import transaction
from django.utils.text import slugify

from access import audit
from access.models import ActingAs, AuditEventType
from agencies.models import Agency, AgencyMembership, AgencyRole


def unique_slug(model, name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def create_agency(*, actor, name: str, country: str = "", website: str = "") -> Agency:
    """Create an agency with `actor` as its owner."""
    with transaction.atomic():
        agency = Agency.objects.create(
            name=name, slug=unique_slug(Agency, name), country=country, website=website
        )
        AgencyMembership.objects.create(agency=agency, user=actor, role=AgencyRole.OWNER)
        audit.record(
            AuditEventType.AGENCY_CREATED,
            actor=actor,
            acting_as=ActingAs.AGENCY,
            agency=agency,
            target=agency,
            changes={"name": [None, name]},
        )
    return agency
