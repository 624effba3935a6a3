"""What happens to a deal's money, as published by money.actions and its two workflows.
Subscribers: the audit log (every event, in the creator's chain), messaging (the other side is
told of an issued, overdue or paid invoice), the API (webhooks `invoice.*`)."""

from dataclasses import dataclass
from typing import Any

from access.events import Event


@dataclass(frozen=True, kw_only=True)
class MilestoneEvent(Event):
    milestone: Any
    offer: Any
    side: str


@dataclass(frozen=True, kw_only=True)
class InvoiceEvent(Event):
    """`side` is who acted: "brand", "creator_side" or "system"."""

    invoice: Any
    offer: Any
    side: str
