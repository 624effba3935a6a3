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
    if rep.proposed_by == ProposedBy.AGENCY:
        transaction.on_commit(lambda: notifications.proposal_sent(rep))
