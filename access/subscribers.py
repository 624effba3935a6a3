"""E-mails about representation, sent after the transaction of the event commits."""

from django.db import transaction

from access import notifications
from access.events import Event
from access.models import AuditEventType, ProposedBy
from talentdesk.lib.events import subscriber


@subscriber(Event)
def tell_the_creator(event: Event) -> None:
    """An agency asks to represent a creator: she gets an e-mail."""
    rep = event.representation
    if event.type != AuditEventType.REPRESENTATION_PROPOSED or rep is None:
        return
    if "invitation" in event.changes:  # she is answering the invitation e-mail already
        return
    if rep.proposed_by == ProposedBy.AGENCY:
        transaction.on_commit(lambda: notifications.proposal_sent(rep))


@subscriber(Event)
def claim_invitations(event: Event) -> None:
    """A new creator profile takes up the invitations sent to its owner's address: she finds
    the agencies' proposals waiting (access.actions.claim_invitations_for)."""
    if event.type != AuditEventType.CREATOR_PROFILE_CREATED or event.actor is None:
        return
    from access import actions
    from access.roles import Role, RoleKind

    profile = event.target
    if profile.user_id != event.actor.pk:
        return
    role = Role(kind=RoleKind.CREATOR, key="creator", name="", title="", creator=profile)
    actions.claim_invitations_for(role, actor=event.actor)
