"""What happens to campaigns and offers, as published by campaigns.actions and the offer
workflow. Subscribers: the audit log (every event), messaging (the parties' notifications), the
API (webhooks' outbox), deliverables (made when a contract is sealed)."""

from dataclasses import dataclass
from typing import Any

from access.events import Event


@dataclass(frozen=True, kw_only=True)
class CampaignEvent(Event):
    campaign: Any


@dataclass(frozen=True, kw_only=True)
class OfferEvent(Event):
    """Something happened to an offer; `side` is who acted: "brand", "creator_side" or
    "system" (the other side is told; the system tells both)."""

    offer: Any
    side: str


@dataclass(frozen=True, kw_only=True)
class ContractSealed(OfferEvent):
    """Both sides signed: the contract is sealed and the work starts."""
