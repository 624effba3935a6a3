"""How a deal's money follows the deal: opened at signature (milestones made, the upfront share
due), each milestone due when the deliverables reach its trigger, the rest cancelled with the
deal."""

from access.models import AuditEventType
from campaigns.events import ContractSealed, OfferEvent
from deliverables.events import DeliverableEvent
from deliverables.transitions import DeliverableStatus
from money import actions
from money.transitions import MilestoneTrigger
from talentdesk.lib.events import subscriber

D = DeliverableStatus
# The trigger every deliverable of the deal reached once all are in one of these statuses.
REACHED = [
    (MilestoneTrigger.VERIFIED, {D.VERIFIED}),
    (MilestoneTrigger.POSTED, {D.POSTED, D.VERIFIED}),
    (MilestoneTrigger.DRAFT_APPROVED, {D.APPROVED, D.POSTED, D.VERIFIED}),
]


@subscriber(ContractSealed)
def open_money(event: ContractSealed) -> None:
    actions.open_deal_money(event.offer)


@subscriber(DeliverableEvent)
def follow_deliverables(event: DeliverableEvent) -> None:
    """A deliverable moved: the furthest trigger all of the deal's deliverables reached."""
    statuses = set(event.offer.deliverables.values_list("status", flat=True))
    if not statuses:
        return
    for trigger, allowed in REACHED:
        if statuses <= allowed:
            actions.reach(event.offer, trigger)
            return


@subscriber(OfferEvent)
def cancel_with_deal(event: OfferEvent) -> None:
    if event.type == AuditEventType.OFFER_CANCELLED:
        actions.cancel_milestones(event.offer)
