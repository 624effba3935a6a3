"""Webhooks: deal events written to an outbox in the transaction of the event, sent by the
worker with an HMAC-SHA256 signature, retried with backoff, visible and re-sendable.

Receivers check `Talentdesk-Signature: v1=<hex>` = HMAC-SHA256(secret, "<timestamp>.<body>")
with `Talentdesk-Timestamp`, and dedupe on `Talentdesk-Event-Id` (a re-send keeps the id).
"""

import hashlib
import hmac
import json
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from access.models import AuditEventType, Representation
from access.permissions import granted_q
from access.roles import RoleKind
from access.scopes import Scope
from api import webhook_http
from api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from money.amounts import rounded

EVENTS = {
    AuditEventType.OFFER_SENT: WebhookEvent.OFFER_RECEIVED,
    AuditEventType.OFFER_COUNTERED: WebhookEvent.OFFER_COUNTERED,
    # A renewal of a deal's usage rights reaches the brand as the creator side's proposal.
    AuditEventType.RENEWAL_PROPOSED: WebhookEvent.OFFER_COUNTERED,
    AuditEventType.OFFER_ACCEPTED: WebhookEvent.OFFER_ACCEPTED,
    AuditEventType.OFFER_APPROVED: WebhookEvent.OFFER_ACCEPTED,
    AuditEventType.OFFER_AWAITING_APPROVAL: WebhookEvent.OFFER_AWAITING_APPROVAL,
    AuditEventType.OFFER_DECLINED: WebhookEvent.OFFER_CLOSED,
    AuditEventType.OFFER_WITHDRAWN: WebhookEvent.OFFER_CLOSED,
    AuditEventType.OFFER_CANCELLED: WebhookEvent.OFFER_CLOSED,
    AuditEventType.OFFER_EXPIRED: WebhookEvent.OFFER_CLOSED,
    AuditEventType.CONTRACT_SIGNED: WebhookEvent.CONTRACT_SIGNED,
    AuditEventType.CONTRACT_SEALED: WebhookEvent.CONTRACT_SEALED,
    AuditEventType.DRAFT_SUBMITTED: WebhookEvent.DRAFT_SUBMITTED,
    AuditEventType.CHANGES_REQUESTED: WebhookEvent.DRAFT_FEEDBACK,
    AuditEventType.FEEDBACK_GIVEN: WebhookEvent.DRAFT_FEEDBACK,
    AuditEventType.DRAFT_APPROVED: WebhookEvent.DRAFT_APPROVED,
    AuditEventType.DRAFT_DEEMED_APPROVED: WebhookEvent.DRAFT_APPROVED,
    AuditEventType.DELIVERABLE_POSTED: WebhookEvent.DELIVERABLE_POSTED,
    AuditEventType.DELIVERABLE_VERIFIED: WebhookEvent.DELIVERABLE_VERIFIED,
    AuditEventType.OFFER_POSTING: WebhookEvent.OFFER_POSTING,
    AuditEventType.OFFER_COMPLETED: WebhookEvent.OFFER_COMPLETED,
    AuditEventType.INVOICE_ISSUED: WebhookEvent.INVOICE_ISSUED,
    AuditEventType.INVOICE_PAID: WebhookEvent.INVOICE_PAID,
    AuditEventType.INVOICE_OVERDUE: WebhookEvent.INVOICE_OVERDUE,
    AuditEventType.INVOICE_VOIDED: WebhookEvent.INVOICE_VOIDED,
}
LEASE = timedelta(minutes=2)  # a claimed delivery is not picked again before this
MAX_BACKOFF = timedelta(hours=6)


def endpoints_of(role):
    """The webhook endpoints of the role's organisation."""
    if role.kind == RoleKind.AGENCY:
        return WebhookEndpoint.objects.filter(agency=role.agency)
    return WebhookEndpoint.objects.filter(brand=role.brand)


def refused_host(url: str) -> str | None:
    """Why this address may not receive webhooks, or None (see api/webhook_http.py)."""
    return webhook_http.refused_host(url)


def _payload(event, offer, deliverable, invoice, event_id, now) -> dict:
    data = {
        "offer": {
            "id": str(offer.public_id),
            "status": offer.status,
            "version": offer.version,
            "campaign": {"id": str(offer.campaign.public_id), "name": offer.campaign.name},
            "brand": offer.campaign.brand.slug,
            "creator": offer.creator.handle,
        }
    }
    if deliverable is not None:
        data["deliverable"] = {
            "id": str(deliverable.public_id),
            "number": deliverable.number,
            "status": deliverable.status,
        }
    if invoice is not None:
        data["invoice"] = {
            "id": str(invoice.public_id),
            "number": invoice.number or None,
            "status": invoice.status,
            "currency": invoice.currency,
            "total": f"{rounded(invoice.total, invoice.currency):f}",
            "paid_amount": f"{rounded(invoice.paid_amount, invoice.currency):f}",
            "due_on": invoice.due_on.isoformat() if invoice.due_on else None,
        }
    return {"id": str(event_id), "type": event, "created_at": now.isoformat(), "data": data}


def _receivers(offer, invoice) -> Q:
    """Whose endpoints hear of the event: the brand's and the agency's representing the
    creator; for an invoice, the brand once it was addressed to it (issued), and the deal's
    agency only while the creator lets it see her earnings."""
    agencies = Representation.objects.active().filter(creator=offer.creator_id)
    if invoice is None:
        return Q(brand_id=offer.campaign.brand_id) | Q(agency_id__in=agencies.values("agency_id"))
    sharing = agencies.filter(granted_q(Scope.VIEW_EARNINGS), agency_id=invoice.agency_id)
    receivers = Q(agency_id__in=sharing.values("agency_id"))
    if invoice.number:
        receivers |= Q(brand_id=invoice.brand_id)
    return receivers


def emit(audit_event, offer, deliverable=None, invoice=None) -> int:
    """Write one delivery per subscribed endpoint (see `_receivers`) inside the caller's
    transaction; the worker sends them after commit."""
    event = EVENTS.get(audit_event)
    if event is None:
        return 0
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(active=True).filter(_receivers(offer, invoice))
        if event in e.events
    ]
    if not endpoints:
        return 0
    now, event_id = timezone.now(), uuid.uuid4()
    payload = _payload(event, offer, deliverable, invoice, event_id, now)
    rows = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint=e, event_id=event_id, event=event, payload=payload, next_attempt_at=now
        )
        for e in endpoints
    )
    ids = [r.pk for r in rows]
    transaction.on_commit(lambda: [send_webhook.enqueue(pk) for pk in ids])
    return len(rows)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def verify_signature(
    secret: str, header: str, timestamp: str, body: bytes, tolerance: int = 300
) -> bool:
    """What a receiver does (documented in docs/api.md and tested): same MAC, recent time."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(time.time() - ts) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, ts, body), header or "")


def _claim(delivery_id: int, now) -> bool:
    """Take the delivery for LEASE if it is due: one worker wins even if two ticks overlap."""
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    return claimed == 1


def _post(endpoint, delivery) -> tuple[int | None, str]:
    """One signed POST; no redirect is followed and only the checked address is connected to."""
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "talentdesk-webhooks/1",
        "Talentdesk-Event": delivery.event,
        "Talentdesk-Event-Id": str(delivery.event_id),
        "Talentdesk-Timestamp": str(timestamp),
        "Talentdesk-Signature": sign(endpoint.secret, timestamp, body),
    }
    return webhook_http.post(endpoint.url, body, headers, settings.WEBHOOK_TIMEOUT)


def deliver(delivery_id: int, now=None) -> str | None:
    """One attempt at one delivery, if it is due and no one else holds it; returns its status."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    code, problem = _post(delivery.endpoint, delivery)
    delivery.attempts += 1
    delivery.last_status_code, delivery.last_error = code, problem
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at = DeliveryStatus.SUCCEEDED, timezone.now()
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.next_attempt_at = timezone.now() + min(
            timedelta(minutes=2 ** (delivery.attempts - 1)), MAX_BACKOFF
        )
    delivery.save(
        update_fields=[
            "attempts",
            "last_status_code",
            "last_error",
            "status",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery.status


@task()
def send_webhook(delivery_id: int) -> None:
    deliver(delivery_id)


def send_due(now=None) -> int:
    """The tick: every pending delivery whose time has come (retries, and any the queue lost)."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    done = 0
    for pk in due.order_by("next_attempt_at").values_list("pk", flat=True)[:500]:
        if deliver(pk, now=now) is not None:
            done += 1
    return done


def resend(delivery) -> WebhookDelivery:
    """A new attempt series for the same event (same event id), logged as its own row."""
    copy = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event_id=delivery.event_id,
        event=delivery.event,
        payload=delivery.payload,
    )
    transaction.on_commit(lambda: send_webhook.enqueue(copy.pk))
    return copy
