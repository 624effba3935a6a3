"""The representation workflow: which verb moves a representation from which status, and who may
use it. Read by `access.actions` (to refuse), the pages (which buttons to show) and docs/."""

from access.models import EndReason, RepresentationStatus

PROPOSED, ACTIVE, ENDED = (
    RepresentationStatus.PROPOSED,
    RepresentationStatus.ACTIVE,
    RepresentationStatus.ENDED,
)

# verb: (from status, to status, who: "proposer" | "other_side" | "creator" | "agency_admin")
TRANSITIONS = {
    "accept": (PROPOSED, ACTIVE, "other_side"),
    "decline": (PROPOSED, ENDED, "other_side"),
    "withdraw": (PROPOSED, ENDED, "proposer"),
    "revoke": (ACTIVE, ENDED, "creator"),
    "remove": (ACTIVE, ENDED, "agency_admin"),
    "change_scopes": (ACTIVE, ACTIVE, "creator"),
    "assign": (ACTIVE, ACTIVE, "agency_admin"),
}

END_REASONS = {
    "decline": EndReason.DECLINED,
    "withdraw": EndReason.WITHDRAWN,
    "revoke": EndReason.REVOKED_BY_CREATOR,
    "remove": EndReason.REMOVED_BY_AGENCY,
}


def side_of(role, representation) -> str | None:
    """Which party `role` is on: "creator", "agency" or None."""
    if role is None:
        return None
    if role.kind == "creator" and role.creator.pk == representation.creator_id:
        return "creator"
    if role.kind == "agency" and role.agency.pk == representation.agency_id:
        return "agency"
    return None


def allowed(verb: str, role, representation) -> bool:
    """Whether `role` may apply `verb` to `representation` now."""
    source, _target, who = TRANSITIONS[verb]
    if representation.status != source:
        return False
    side = side_of(role, representation)
    if side is None:
        return False
    if who == "creator":
        return side == "creator"
    if who == "agency_admin":
        return side == "agency" and role.is_admin
    if who == "proposer":
        return side == representation.proposed_by and (side == "creator" or role.membership.can_act)
    # other_side: a creator's request is answered by the agency's owner or admins
    return side != representation.proposed_by and (side == "creator" or role.is_admin)


def verbs_for(role, representation) -> list[str]:
    return [verb for verb in TRANSITIONS if allowed(verb, role, representation)]
