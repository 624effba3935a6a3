"""The deal follows its deliverables through the offer workflow: all approved → posting, all
verified → completed, each step audited, notified and sent to webhooks like any other."""

import pytest

from access.models import AuditEvent, AuditEventType
from api import actions as api_actions
from api.models import WebhookDelivery
from campaigns.transitions import OfferStatus
from deliverables import actions
from messaging.models import Notification
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db


def test_issue14_break4_posting_and_completed_go_through_the_offer_workflow(cast, signed, settings):
    """Issue #14, break 4: the offer moved to `posting`/`completed` by `.update()`, with no
    lock, no audit row, no webhook and no notification; now each move is a step of the offer
    table with all four."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    api_actions.create_endpoint(
        role_of(cast.brand, "brand"),
        actor=cast.brand,
        url="http://127.0.0.1:9/hook",
        events=["offer.posting", "offer.completed"],
    )
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    items = list(signed.deliverables.order_by("number"))
    for item in items:
        actions.submit_draft(item, link="https://drive.example.com/v1", **creator)
        actions.give_feedback(item, body="", kind="approval", **brand)
    signed.refresh_from_db()
    assert signed.status == OfferStatus.POSTING
    posting = AuditEvent.objects.filter(event_type=AuditEventType.OFFER_POSTING).latest("id")
    assert posting.changes["status"] == ["in_progress", "posting"]
    assert posting.on_behalf_of == cast.maya and posting.actor is None  # the system's step
    for n, item in enumerate(items):
        actions.mark_posted(
            item, url=f"https://www.tiktok.com/@mayamoves/video/73100000000000000{n}", **creator
        )
        actions.verify(item, **brand)
    signed.refresh_from_db()
    assert signed.status == OfferStatus.COMPLETED
    done = AuditEvent.objects.filter(event_type=AuditEventType.OFFER_COMPLETED).latest("id")
    assert done.changes["status"] == ["posting", "completed"]
    sent = set(WebhookDelivery.objects.values_list("event", flat=True))
    assert sent == {"offer.posting", "offer.completed"}
    told = Notification.objects.filter(offer=signed, event=AuditEventType.OFFER_COMPLETED)
    assert {n.user for n in told} >= {cast.brand, cast.creator, cast.manager}
