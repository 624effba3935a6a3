"""Your notifications, the audit log you may read, and your organisation's webhooks."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field as F
from ninja import Query, Router
from ninja.responses import Status

from access.models import AuditEventType
from access.queries import activity_for, filtered
from access.roles import RoleKind
from api import actions, webhooks
from api.core import Page, PageQuery, paginate, responses
from api.models import WebhookDelivery
from api.schemas import (
    AuditEventOut,
    Clean,
    CountOut,
    DeliveryOut,
    NotificationOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
)
from messaging.actions import mark_all_read
from messaging.models import Notification

router = Router(tags=["account"])
EVENT_NAMES = {e.value: e.name.lower() for e in AuditEventType}
EVENT_LABELS = dict(AuditEventType.choices)


class NotificationFilter(Clean):
    unread: bool = F(False, description="Only those not read yet")


@router.get("/notifications", response=responses(200, Page[NotificationOut]))
def list_notifications(request, page: Query[PageQuery], filters: Query[NotificationFilter]):
    """Your notifications, newest first."""
    qs = Notification.objects.filter(user=request.user).select_related("offer")
    if filters.unread:
        qs = qs.filter(read_at__isnull=True)

    def convert(rows):
        return [
            {
                "id": n.pk,
                "event": EVENT_NAMES.get(n.event, str(n.event)),
                "label": str(EVENT_LABELS.get(n.event, "")),
                "actor": n.actor_name,
                "offer": n.offer.public_id if n.offer else None,
                "created_at": n.created_at,
                "read_at": n.read_at,
            }
            for n in rows
        ]

    return paginate(request, qs.order_by("-created_at", "-id"), page, convert)


@router.post("/notifications/read", response=responses(200, CountOut))
def read_notifications(request):
    """Mark all your notifications read; answers how many were unread."""
    return {"count": mark_all_read(request.user)}


class AuditFilter(Clean):
    creator: str = F("", max_length=40, description="Creator handle")
    actor: str = F("", max_length=100)
    event: int | None = F(None, ge=0, le=100_000, description="Event type number")


@router.get("/audit-events", response=responses(200, Page[AuditEventOut]))
def list_audit_events(request, page: Query[PageQuery], filters: Query[AuditFilter]):
    """A creator's activity on their behalf; an agency's activity (owners and admins)."""
    role = request.role
    if role is None or role.kind == RoleKind.BRAND:
        raise PermissionDenied
    if role.kind == RoleKind.AGENCY and not role.is_admin:
        raise PermissionDenied
    events = filtered(
        activity_for(role), creator=filters.creator, actor=filters.actor, type=filters.event
    )

    def convert(rows):
        return [
            {
                "seq": e.seq,
                "created_at": e.created_at,
                "actor": e.shown_actor_name,
                "acting_as": e.acting_as,
                "event": EVENT_NAMES.get(e.event_type, ""),
                "label": str(EVENT_LABELS.get(e.event_type, "")),
                "on_behalf_of": e.on_behalf_of.handle if e.on_behalf_of else None,
                "target": e.target_label,
                "changes": e.changes,
            }
            for e in rows
        ]

    return paginate(request, events, page, convert)


def _owner(request):
    """Webhooks belong to the agency or brand of the active hat; owners and admins manage them."""
    role = request.role
    if role is None or role.kind == RoleKind.CREATOR or not role.is_admin:
        raise PermissionDenied
    return role


def webhook_out(w) -> dict:
    return {
        "id": w.public_id,
        "url": w.url,
        "events": w.events,
        "active": w.active,
        "created_at": w.created_at,
    }


@router.get("/webhooks", response=responses(200, list[WebhookOut]))
def list_webhooks(request):
    return [webhook_out(w) for w in webhooks.endpoints_of(_owner(request))]


@router.post("/webhooks", response=responses(201, WebhookCreatedOut))
def create_webhook(request, payload: WebhookIn):
    """Register an endpoint; the signing secret is in this answer only."""
    endpoint = actions.create_endpoint(
        _owner(request), actor=request.user, url=payload.url, events=payload.events
    )
    return Status(201, webhook_out(endpoint) | {"secret": endpoint.secret})


def _endpoint(request, webhook_id):
    endpoint = webhooks.endpoints_of(_owner(request)).filter(public_id=webhook_id).first()
    if endpoint is None:
        raise Http404
    return endpoint


@router.delete("/webhooks/{webhook_id}", response=responses(204, None))
def delete_webhook(request, webhook_id: UUID):
    endpoint = _endpoint(request, webhook_id)
    actions.delete_endpoint(endpoint, role=request.role, actor=request.user)
    return Status(204, None)


def delivery_out(d) -> dict:
    return {
        "id": d.public_id,
        "event_id": d.event_id,
        "event": d.event,
        "status": d.status,
        "attempts": d.attempts,
        "last_status_code": d.last_status_code,
        "last_error": d.last_error,
        "created_at": d.created_at,
        "next_attempt_at": d.next_attempt_at,
        "delivered_at": d.delivered_at,
    }


@router.get("/webhooks/{webhook_id}/deliveries", response=responses(200, Page[DeliveryOut]))
def list_deliveries(request, webhook_id: UUID, page: Query[PageQuery]):
    """The delivery log of one endpoint, newest first."""
    endpoint = _endpoint(request, webhook_id)
    qs = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("-created_at", "-id")
    return paginate(request, qs, page, lambda rows: [delivery_out(d) for d in rows])


@router.post(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/resend", response=responses(200, DeliveryOut)
)
def resend(request, webhook_id: UUID, delivery_id: UUID):
    """Send a delivery again (same event id, so receivers can tell it is a repeat)."""
    endpoint = _endpoint(request, webhook_id)
    delivery = WebhookDelivery.objects.filter(endpoint=endpoint, public_id=delivery_id).first()
    if delivery is None:
        raise Http404
    return delivery_out(actions.resend_delivery(delivery, role=request.role, actor=request.user))
