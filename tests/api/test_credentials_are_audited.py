"""Making and revoking credentials is a state change on the organisation's behalf: API tokens,
webhook endpoints, re-sent deliveries and calendar feed addresses each write an audit row, in
the chain of the hat they belong to, and never the secret itself."""

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from messaging.models import CalendarToken
from tests.api.conftest import body

pytestmark = pytest.mark.django_db
J = "application/json"


def last(event_type):
    return AuditEvent.objects.filter(event_type=event_type).latest("id")


def test_issue14_break11_tokens_made_and_revoked_on_the_page_are_audited(cast, login):
    """Issue #14, break 11: creating and revoking an API token wrote no audit row."""
    client = login(cast.owner, "agency:northstar-talent")
    client.post(
        reverse("integrations:tokens"),
        {"name": "CRM sync", "role_key": "agency:northstar-talent", "scope": "read", "days": "90"},
    )
    token = ApiToken.objects.get(user=cast.owner, name="CRM sync")
    made = last(AuditEventType.TOKEN_CREATED)
    assert made.actor == cast.owner and made.agency == cast.northstar
    assert f"td_{token.prefix}_…" in made.changes["token"][1]
    raw = client.get(reverse("integrations:tokens")).text.split("td_")[1].split("<")[0]
    assert raw.split("_", 1)[1] not in str(made.changes)  # the secret is never logged
    client.post(reverse("integrations:token-revoke", args=[token.public_id]))
    revoked = last(AuditEventType.TOKEN_REVOKED)
    assert revoked.actor == cast.owner and revoked.changes["token"][1] is None
    activity = client.get(reverse("access:activity")).text
    assert "API token created" in activity and "API token revoked" in activity


def test_issue14_break11_webhooks_made_deleted_and_resent_through_the_api_are_audited(
    cast, bearer, settings
):
    """Issue #14, break 11: creating and deleting webhook endpoints and resending deliveries
    wrote no audit row."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    brand = bearer(cast.brand, "brand")
    made = brand.post(
        "/api/v1/webhooks",
        {"url": "http://127.0.0.1:9/hook", "events": ["offer.accepted"]},
        content_type=J,
    )
    endpoint = WebhookEndpoint.objects.get(public_id=body(made)["id"])
    created = last(AuditEventType.WEBHOOK_CREATED)
    assert created.brand == cast.glowskin and created.changes["url"][1] == endpoint.url
    assert endpoint.secret not in str(created.changes)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="offer.accepted", payload={"id": "x"}
    )
    brand.post(f"/api/v1/webhooks/{endpoint.public_id}/deliveries/{delivery.public_id}/resend")
    resent = last(AuditEventType.WEBHOOK_RESENT)
    assert resent.actor == cast.brand and resent.changes["event_id"] == str(delivery.event_id)
    assert brand.delete(f"/api/v1/webhooks/{endpoint.public_id}").status_code == 204
    deleted = last(AuditEventType.WEBHOOK_DELETED)
    assert deleted.changes["url"] == [endpoint.url, None] and deleted.brand == cast.glowskin


def test_issue14_break11_webhook_pages_are_audited_too(cast, login, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    client = login(cast.brand)
    client.post(
        reverse("integrations:webhooks"),
        {"url": "http://127.0.0.1:9/hook", "events": ["offer.accepted"]},
    )
    endpoint = WebhookEndpoint.objects.get(brand=cast.glowskin)
    client.post(reverse("integrations:webhook-delete", args=[endpoint.public_id]))
    types = set(AuditEvent.objects.filter(brand=cast.glowskin).values_list("event_type", flat=True))
    assert {AuditEventType.WEBHOOK_CREATED, AuditEventType.WEBHOOK_DELETED} <= types


def test_issue14_break11_calendar_feed_addresses_are_audited(cast, login):
    """Issue #14, break 11: regenerating (and revoking) the calendar feed wrote no audit row."""
    client = login(cast.manager)
    client.post(reverse("messaging:calendar"))
    client.post(reverse("messaging:calendar"))  # a new address revokes the previous one
    made = AuditEvent.objects.filter(event_type=AuditEventType.CALENDAR_FEED_CREATED)
    assert made.filter(actor=cast.manager).count() == 2
    client.post(reverse("messaging:calendar"), {"action": "revoke"})
    assert last(AuditEventType.CALENDAR_FEED_REVOKED).actor == cast.manager
    assert not CalendarToken.objects.filter(user=cast.manager, revoked_at__isnull=True).exists()
