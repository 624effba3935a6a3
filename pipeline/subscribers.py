"""Reactions of the agency pipeline to deal events: an arriving offer meets the creator's
offer rules (pipeline.rules.check_offer), inside the brand's transaction."""

from access.models import AuditEventType
from campaigns.events import OfferEvent
from talentdesk.lib.events import subscriber


@subscriber(OfferEvent)
def apply_offer_rules(event: OfferEvent) -> None:
    if event.type != AuditEventType.OFFER_SENT:
        return
    from pipeline.rules import check_offer

    check_offer(event.offer)
