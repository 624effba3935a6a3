"""Notifications: the other side of a deal hears of every step taken on it."""

from access.models import AuditEventType
from campaigns.events import OfferEvent
from campaigns.transitions import SYSTEM, Side
from deliverables.events import DeliverableEvent
from messaging.actions import notify_invoice, notify_offer
from messaging.events import MessagePosted
from money.events import InvoiceEvent
from talentdesk.lib.events import subscriber

# Who hears of an event: by default the side that did not act (both, when the system acted).
TOLD_BOTH = {
    AuditEventType.OFFER_AWAITING_APPROVAL,  # the creator must decide; the brand waits
    AuditEventType.OFFER_SENT_BACK,  # the brand, and her manager, are told why
    AuditEventType.DISCLOSURE_MISSING,  # both sides, before the post is verified (issue 19)
}
UNTOLD = {AuditEventType.CONTRACT_SEALED}  # the second signature's own notice says it
# Who hears of an invoice's steps, whoever took them (the actor is never told of their own).
INVOICE_NEWS = {
    AuditEventType.INVOICE_ISSUED: [Side.BRAND],
    AuditEventType.INVOICE_PAID: [Side.CREATOR_SIDE],
    AuditEventType.INVOICE_OVERDUE: [Side.BRAND, Side.CREATOR_SIDE],
    AuditEventType.INVOICE_VOIDED: [Side.BRAND],  # an issued one: the brand holds it
}
# The system's steps only the creator side hears of: its rights to renew (campaigns.usage).
FOR_CREATOR_SIDE = {AuditEventType.USAGE_RIGHTS_ENDING}


@subscriber(OfferEvent, DeliverableEvent, MessagePosted)
def notify_parties(event) -> None:
    """Tell the side that did not act (both sides when the system acted, or for the steps
    in TOLD_BOTH), each on the channels they chose."""
    if event.type in UNTOLD:
        return
    if event.type in FOR_CREATOR_SIDE:
        acting = [Side.BRAND]  # as if the brand had acted: the creator side is told
    elif event.side == SYSTEM or event.type in TOLD_BOTH:
        acting = [Side.BRAND, Side.CREATOR_SIDE]
    else:
        acting = [event.side]
    for side in acting:
        notify_offer(event.offer, event.type, actor=event.actor, acting_side=side)


@subscriber(InvoiceEvent)
def notify_invoice_parties(event) -> None:
    """Issued: the brand's members; paid: the creator and her agency's staff who may see her
    earnings; overdue: both; voided: the brand, when it had been issued to it."""
    sides = INVOICE_NEWS.get(event.type)
    if sides is None or (event.type == AuditEventType.INVOICE_VOIDED and not event.invoice.number):
        return
    notify_invoice(event.invoice, event.type, actor=event.actor, sides=sides)
