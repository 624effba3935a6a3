"""The webhooks' outbox subscribes to deal events: one delivery row per subscribed endpoint,
written in the event's transaction and sent by the worker after commit."""

from api import webhooks
from campaigns.events import OfferEvent
from deliverables.events import DeliverableEvent
from money.events import InvoiceEvent
from talentdesk.lib.events import subscriber


@subscriber(OfferEvent, DeliverableEvent)
def write_outbox(event) -> None:
    """One delivery per endpoint subscribed to the event's webhook kind (none for the rest)."""
    webhooks.emit(event.type, event.offer, getattr(event, "deliverable", None))


@subscriber(InvoiceEvent)
def write_invoice_outbox(event) -> None:
    """Invoices issued, paid, overdue or voided: to the brand and, when she shares her
    earnings with it, the agency (api.webhooks._receivers)."""
    webhooks.emit(event.type, event.offer, invoice=event.invoice)
