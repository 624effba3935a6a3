"""Notifications: the other side of a deal hears of every step taken on it."""

from access.models import AuditEventType
from campaigns.events import OfferEvent
from campaigns.transitions import SYSTEM, Side
from deliverables.events import DeliverableEvent
from messaging.actions import notify_offer
from messaging.events import MessagePosted
from talentdesk.lib.events import subscriber

# Who hears of an event: by default the side that did not act (both, when the system acted).
TOLD_BOTH = {
    AuditEventType.OFFER_AWAITING_APPROVAL,  # the creator must decide; the brand waits
    AuditEventType.OFFER_SENT_BACK,  # the brand, and her manager, are told why
}
UNTOLD = {AuditEventType.CONTRACT_SEALED}  # the second signature's own notice says it


@subscriber(OfferEvent, DeliverableEvent, MessagePosted)
def notify_parties(event) -> None:
    """Tell the side that did not act (both sides when the system acted, or for the steps
    in TOLD_BOTH), each on the channels they chose."""
    if event.type in UNTOLD:
        return
    if event.side == SYSTEM or event.type in TOLD_BOTH:
        acting = [Side.BRAND, Side.CREATOR_SIDE]
    else:
        acting = [event.side]
    for side in acting:
        notify_offer(event.offer, event.type, actor=event.actor, acting_side=side)
