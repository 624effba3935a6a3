"""Business verbs on agencies."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from access.events import Event
from access.models import ActingAs, AuditEventType
from agencies.models import Agency, AgencyMembership, AgencyRole
from talentdesk.lib.errors import ActionError
from talentdesk.lib.events import publish


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
        publish(
            Event(
                type=AuditEventType.AGENCY_CREATED,
                actor=actor,
                acting_as=ActingAs.AGENCY,
                agency=agency,
                target=agency,
                changes={"name": [None, name]},
            )
        )
    return agency


def set_assistant_can_act(membership, *, actor, can_act: bool) -> AgencyMembership:
    """An owner/admin lets an assistant act (within the creators' scopes) or makes them read-only
    again; the caller checked that `actor` is an owner/admin of the membership's agency."""
    with transaction.atomic():
        membership = AgencyMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.role != AgencyRole.ASSISTANT:
            raise ActionError(_("Only assistants are read-only by default."))
        if membership.assistant_can_act != can_act:
            membership.assistant_can_act = can_act
            membership.save(update_fields=["assistant_can_act"])
            publish(
                Event(
                    type=AuditEventType.MEMBER_ROLE_CHANGED,
                    actor=actor,
                    acting_as=ActingAs.AGENCY,
                    agency=membership.agency,
                    target=membership,
                    target_label=membership.user.email,
                    changes={"assistant_can_act": [not can_act, can_act]},
                )
            )
    return membership
