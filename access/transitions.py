"""The representation workflow: which verb moves a representation from which status, and who may
use it. `REPRESENTATIONS.move` is the only writer of a representation's status; the actions, the
pages (which buttons to show) and docs/representation.md read this table."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.events import Event
from access.models import (
    ActingAs,
    AuditEventType,
    EndReason,
    Representation,
    RepresentationStatus,
)
from access.permissions import Grant
from access.roles import Role, RoleKind
from talentdesk.lib.workflow import Transition, Workflow

PROPOSED, ACTIVE, ENDED = (
    RepresentationStatus.PROPOSED,
    RepresentationStatus.ACTIVE,
    RepresentationStatus.ENDED,
)
E = AuditEventType

# Who may take a step: the side that proposed, the side that did not, the creator, or an
# owner or admin of the agency.
PROPOSER, OTHER_SIDE, CREATOR, AGENCY_ADMIN = "proposer", "other_side", "creator", "agency_admin"

TRANSITIONS = {
    "accept": Transition(
        (PROPOSED,), ACTIVE, OTHER_SIDE, E.REPRESENTATION_ACCEPTED, gettext_lazy("Accept")
    ),
    "decline": Transition(
        (PROPOSED,), ENDED, OTHER_SIDE, E.REPRESENTATION_DECLINED, gettext_lazy("Decline")
    ),
    "withdraw": Transition(
        (PROPOSED,), ENDED, PROPOSER, E.REPRESENTATION_WITHDRAWN, gettext_lazy("Withdraw")
    ),
    "revoke": Transition(
        (ACTIVE,), ENDED, CREATOR, E.REPRESENTATION_REVOKED, gettext_lazy("End the representation")
    ),
    "remove": Transition(
        (ACTIVE,),
        ENDED,
        AGENCY_ADMIN,
        E.REPRESENTATION_REMOVED,
        gettext_lazy("Remove from the roster"),
    ),
    "change_scopes": Transition(
        (ACTIVE,), None, CREATOR, E.SCOPES_CHANGED, gettext_lazy("Change what they may do")
    ),
    "assign": Transition(
        (ACTIVE,), None, AGENCY_ADMIN, E.TEAM_ASSIGNED, gettext_lazy("Change the team")
    ),
}

END_REASONS = {
    "decline": EndReason.DECLINED,
    "withdraw": EndReason.WITHDRAWN,
    "revoke": EndReason.REVOKED_BY_CREATOR,
    "remove": EndReason.REMOVED_BY_AGENCY,
}


def side_of(role: Role | None, representation: Representation) -> str | None:
    """Which party `role` is on: RoleKind.CREATOR, RoleKind.AGENCY or None."""
    if role is None:
        return None
    if role.kind == RoleKind.CREATOR and role.creator.pk == representation.creator_id:
        return RoleKind.CREATOR
    if role.kind == RoleKind.AGENCY and role.agency.pk == representation.agency_id:
        return RoleKind.AGENCY
    return None


def representation_event(
    representation: Representation,
    type: AuditEventType,
    *,
    role: Role | None,
    actor: Any,
    changes: dict,
) -> Event:
    by_creator = role is not None and role.kind == RoleKind.CREATOR
    return Event(
        type=type,
        actor=actor,
        acting_as=ActingAs.CREATOR if by_creator else ActingAs.AGENCY,
        agency=representation.agency,
        on_behalf_of=representation.creator,
        representation=representation,
        target=representation,
        target_label=f"{representation.agency.name} → {representation.creator.at_handle}",
        changes=changes,
    )


class RepresentationWorkflow(Workflow[Representation]):
    table = TRANSITIONS
    stamp = None

    def may(
        self,
        transition: Transition,
        role: Role | None,
        representation: Representation,
        grant: Grant | None,
    ) -> bool:
        side = side_of(role, representation)
        if role is None or side is None:
            return False
        if transition.who == CREATOR:
            return side == RoleKind.CREATOR
        if transition.who == AGENCY_ADMIN:
            return side == RoleKind.AGENCY and role.is_admin
        if transition.who == PROPOSER:
            return side == representation.proposed_by and role.can_act
        # The other side: a creator's request is answered by the agency's owner or admins.
        return side != representation.proposed_by and (side == RoleKind.CREATOR or role.is_admin)

    def wrong_state_message(self, representation: Representation) -> str:
        return _("This representation has changed meanwhile. Reload the page.")

    def not_allowed_message(self, representation: Representation) -> str:
        return _("You cannot do this on this representation.")

    def event(
        self,
        representation: Representation,
        transition: Transition,
        *,
        role: Role | None,
        actor: Any,
        changes: dict,
    ) -> Event:
        return representation_event(
            representation, transition.event, role=role, actor=actor, changes=changes
        )


REPRESENTATIONS = RepresentationWorkflow()


def allowed(verb: str, role: Role | None, representation: Representation) -> bool:
    """Whether `role` may take step `verb` on the representation now."""
    return REPRESENTATIONS.allows(verb, role, representation)


def verbs_for(role: Role | None, representation: Representation) -> list[str]:
    """The steps `role` may take on the representation now (the pages' links and buttons)."""
    return REPRESENTATIONS.verbs_for(role, representation)
