"""The base of every domain event: who did what, as what, for which creator, to which object.

Each app declares its own events as subclasses (`campaigns.events.OfferEvent`, …) carrying the
objects their subscribers need. The fields here are exactly what the audit log records, so the
audit subscriber (`access.audit.record_event`) needs nothing else.
"""

from dataclasses import dataclass, field
from typing import Any

from access.models import ActingAs, AuditEventType


@dataclass(frozen=True, kw_only=True)
class Event:
    type: AuditEventType  # what happened (also the notification's and webhook's kind)
    actor: Any  # the user who acted; None for the system (expiry, deemed approval, …)
    acting_as: ActingAs
    target: Any  # the row the event is about
    target_label: str | None = None  # how the audit log names it (default: str(target))
    agency: Any = None
    brand: Any = None
    on_behalf_of: Any = None  # the creator acted for: the event goes in her chain
    representation: Any = None
    changes: dict = field(default_factory=dict)
    audited: bool = True  # False: kept out of the audit log (e.g. a brand's own message)


@dataclass(frozen=True, kw_only=True)
class CreatorsEvent(Event):
    """The same event in each of many creators' chains (an import touching thousands): the
    audit log writes it in bulk. `target` and `on_behalf_of` are unused. `per_creator` maps a
    creator's pk to what changed for her alone (merged over `changes` in her row), so each chain
    says what happened to that creator, not the whole batch's totals."""

    creators: list = field(default_factory=list)
    per_creator: dict = field(default_factory=dict)
    target: Any = None
