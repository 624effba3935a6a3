"""Reads of the access app: one representation within reach, and the audit log for the
activity pages and their CSV export."""

from django.db.models import F
from django.http import Http404

from access.models import AuditEvent, Representation
from access.roles import RoleKind


def get_representation_for_user(role, public_id) -> Representation:
    """One representation `role` can see (404 otherwise). What the role may do on it is the
    workflow's (access.transitions); what it may do for the creator, the permission decision's
    (access.permissions.decide)."""
    rep = (
        Representation.objects.visible_to(role)
        .select_related("agency", "creator", "lead_manager")
        .filter(public_id=public_id)
        .first()
    )
    if rep is None:
        raise Http404
    return rep


def activity_for(role):
    """The audit rows a role may read: a creator's own chain (everything done on their behalf);
    an agency owner/admin's rows written by or about the agency, including those about creators
    it no longer represents (SPEC §9: it keeps read access to what it did)."""
    if role.kind == RoleKind.CREATOR:
        return AuditEvent.objects.filter(on_behalf_of=role.creator)
    if role.kind == RoleKind.AGENCY and role.is_admin:
        return AuditEvent.objects.filter(agency=role.agency)
    return AuditEvent.objects.none()


def filtered(events, *, creator="", actor="", type=None):
    """The rows matching the filters, newest first, each knowing whether its actor closed the
    account (`AuditEvent.shown_actor_name`): a closed account's old name finds nothing."""
    if creator:
        events = events.filter(on_behalf_of__handle=creator.strip().lstrip("@").casefold())
    if actor:
        events = events.filter(actor_name__icontains=actor.strip(), actor__closed_at__isnull=True)
    if type is not None:
        events = events.filter(event_type=type)
    events = events.annotate(actor_closed_at=F("actor__closed_at"))
    return events.select_related("on_behalf_of").order_by("-created_at", "-id")
