"""How deliverables follow the deal, and the deal its deliverables."""

from access.models import AuditEventType
from campaigns.events import ContractSealed
from campaigns.transitions import OFFERS, OfferStatus
from deliverables.actions import generate_for
from deliverables.events import DeliverableEvent
from deliverables.transitions import DeliverableStatus
from talentdesk.lib.events import subscriber

# Steps after which the deal may move on.
ADVANCING = {
    AuditEventType.DRAFT_APPROVED,
    AuditEventType.DRAFT_DEEMED_APPROVED,
    AuditEventType.DELIVERABLE_VERIFIED,
}
READY = {DeliverableStatus.APPROVED, DeliverableStatus.POSTED, DeliverableStatus.VERIFIED}


@subscriber(ContractSealed)
def make_deliverables(event: ContractSealed) -> None:
    """Both sides signed: one deliverable per unit of the accepted terms. A renewal of usage
    rights has none: signed, it is complete."""
    if not generate_for(event.offer):
        OFFERS.move(event.offer, "all_verified", role=None, actor=None)


@subscriber(DeliverableEvent)
def follow_deliverables(event: DeliverableEvent) -> None:
    """The deal follows its deliverables: all approved (or further) → posting; all verified →
    completed. The offer is already locked by the deliverable's action."""
    if event.type not in ADVANCING:
        return
    offer = event.offer
    statuses = set(offer.deliverables.values_list("status", flat=True))
    if statuses and statuses <= {DeliverableStatus.VERIFIED}:
        OFFERS.move(offer, "all_verified", role=None, actor=None)
    elif statuses and statuses <= READY and offer.status == OfferStatus.IN_PROGRESS:
        OFFERS.move(offer, "all_approved", role=None, actor=None)
