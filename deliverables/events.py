"""What happens to deliverables, as published by the deliverable workflow and actions.
Subscribers: the audit log, messaging (the other side is told), the API (webhooks' outbox), and
deliverables itself (the deal follows its deliverables)."""

from dataclasses import dataclass
from typing import Any

from access.events import Event


@dataclass(frozen=True, kw_only=True)
class DeliverableEvent(Event):
    """`side` is who acted: "brand", "creator_side" or "system"."""

    deliverable: Any
    offer: Any
    side: str
