"""Reads of the audit log for the activity pages and their CSV export."""

from access.models import AuditEvent


def activity_for(role):
    """The audit rows a role may read: a creator's own chain (everything done on their behalf);
    an agency owner/admin's rows written by or about the agency, including those about creators
    it no longer represents (SPEC §9: it keeps read access to what it did)."""
    if role.kind == "creator":
        return AuditEvent.objects.filter(on_behalf_of=role.creator)
    if role.kind == "agency" and role.is_admin:
        return AuditEvent.objects.filter(agency=role.agency)
    return AuditEvent.objects.none()


def filtered(events, *, creator="", actor="", type=None):
    if creator:
        events = events.filter(on_behalf_of__handle=creator.strip().lstrip("@").casefold())
    if actor:
        events = events.filter(actor_name__icontains=actor.strip())
    if type is not None:
        events = events.filter(event_type=type)
    return events.select_related("on_behalf_of").order_by("-created_at", "-id")
