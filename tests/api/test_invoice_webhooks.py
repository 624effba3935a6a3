"""Invoice webhooks: `invoice.issued`, `invoice.paid`, `invoice.overdue` and `invoice.voided` go to
the brand the invoice is addressed to, and to the agency only while the creator lets it see her
earnings; the payload carries the invoice (never the commission), written with the event."""

from datetime import timedelta

import pytest
from django.db import transaction

from access.models import Representation
from api import actions as api_actions
from api import webhooks
from api.models import WebhookDelivery
from money import actions
from tests.api.conftest import body, role_of

pytestmark = pytest.mark.django_db
INVOICE_EVENTS = ["invoice.issued", "invoice.paid", "invoice.overdue", "invoice.voided"]


def without_earnings(cast):
    """Maya withdraws Northstar's view_earnings."""
    rep = Representation.objects.active().get(creator=cast.maya)
    Representation.objects.filter(pk=rep.pk).update(
        scopes=[s for s in rep.scopes if s != "view_earnings"]
    )


@pytest.fixture
def endpoints(cast, settings):
    """One endpoint subscribed to every invoice event for GlowSkin, Northstar, and two outsiders
    (Volt Bikes, Lumen)."""
    settings.WEBHOOK_ALLOW_PRIVATE = True

    def make(user, kind, name):
        return api_actions.create_endpoint(
            role_of(user, kind),
            actor=user,
            url=f"http://127.0.0.1:9/{name}",
            events=INVOICE_EVENTS,
        )

    return {
        "brand": make(cast.brand, "brand", "glowskin"),
        "agency": make(cast.owner, "agency", "northstar"),
        "other brand": make(cast.outsider_brand, "brand", "volt"),
        "other agency": make(cast.lumen_owner, "agency", "lumen"),
    }


@pytest.fixture
def sides(cast):
    return {
        "manager": {"role": role_of(cast.manager, "agency"), "actor": cast.manager},
        "brand": {"role": role_of(cast.brand, "brand"), "actor": cast.brand},
    }


def heard(endpoints, invoice):
    """{event: who heard it} for every delivery about this invoice."""
    names = {e.pk: who for who, e in endpoints.items()}
    rows = WebhookDelivery.objects.filter(
        endpoint__in=list(endpoints.values()),
        payload__data__invoice__id=str(invoice.public_id),
    )
    told = {}
    for delivery in rows:
        told.setdefault(delivery.event, set()).add(names[delivery.endpoint_id])
    return told


def drafted(signed, sides):
    upfront = signed.milestones.get(number=1)
    return actions.draft_invoice(offer=signed, milestones=[upfront], **sides["manager"])


def test_issued_and_paid_reach_the_brand_and_the_agency_with_the_invoice(
    cast, signed, sides, endpoints
):
    invoice = drafted(signed, sides)
    assert heard(endpoints, invoice) == {}  # a draft is nobody's news yet
    actions.issue_invoice(invoice=invoice, **sides["manager"])
    actions.record_payment(invoice=invoice, amount="100.00", **sides["brand"])
    assert heard(endpoints, invoice) == {"invoice.issued": {"brand", "agency"}}  # not partly paid
    actions.mark_paid(invoice=invoice, **sides["brand"])
    assert heard(endpoints, invoice)["invoice.paid"] == {"brand", "agency"}

    delivery = WebhookDelivery.objects.filter(
        endpoint=endpoints["brand"], event="invoice.paid"
    ).get()
    payload = delivery.payload
    assert payload["type"] == "invoice.paid"
    assert payload["data"]["invoice"] == {
        "id": str(invoice.public_id),
        "number": invoice.number,
        "status": "paid",
        "currency": "EUR",
        "total": "450.00",
        "paid_amount": "450.00",
        "due_on": invoice.due_on.isoformat(),
    }
    assert payload["data"]["offer"]["id"] == str(signed.public_id)
    assert "commission" not in str(payload) and "net" not in str(payload)
    # One event, one id for every endpoint: receivers dedupe on it.
    paid = WebhookDelivery.objects.filter(
        event="invoice.paid", payload__data__invoice__id=str(invoice.public_id)
    )
    assert len({d.event_id for d in paid}) == 1


def test_overdue_is_told_to_both_sides(cast, signed, sides, endpoints):
    invoice = drafted(signed, sides)
    actions.issue_invoice(invoice=invoice, **sides["manager"])
    assert actions.mark_overdue(invoice.due_on + timedelta(days=1)) >= 1
    assert heard(endpoints, invoice)["invoice.overdue"] == {"brand", "agency"}
    overdue = WebhookDelivery.objects.filter(
        endpoint=endpoints["brand"],
        event="invoice.overdue",
        payload__data__invoice__id=str(invoice.public_id),
    )
    assert [d.payload["data"]["invoice"]["status"] for d in overdue] == ["overdue"]


def test_a_voided_draft_is_the_agencys_news_only(cast, signed, sides, endpoints):
    invoice = drafted(signed, sides)
    actions.void_invoice(invoice=invoice, reason="Wrong milestone", **sides["manager"])
    assert heard(endpoints, invoice) == {"invoice.voided": {"agency"}}
    again = drafted(signed, sides)
    actions.issue_invoice(invoice=again, **sides["manager"])
    actions.void_invoice(invoice=again, reason="Wrong PO", **sides["manager"])
    assert heard(endpoints, again)["invoice.voided"] == {"brand", "agency"}


def test_the_agency_hears_nothing_once_she_stops_sharing_her_earnings(
    cast, signed, sides, endpoints
):
    invoice = drafted(signed, sides)
    actions.issue_invoice(invoice=invoice, **sides["manager"])
    without_earnings(cast)
    actions.mark_paid(invoice=invoice, **sides["brand"])
    assert heard(endpoints, invoice) == {
        "invoice.issued": {"brand", "agency"},
        "invoice.paid": {"brand"},
    }


def test_no_delivery_for_an_invoice_step_that_rolled_back(cast, signed, sides, endpoints):
    invoice = drafted(signed, sides)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.issue_invoice(invoice=invoice, **sides["manager"])
        raise RuntimeError
    assert heard(endpoints, invoice) == {}


def test_subscribing_to_invoice_events_through_the_api(cast, bearer, settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    client = bearer(cast.brand, "brand")
    made = client.post(
        "/api/v1/webhooks",
        {"url": "http://127.0.0.1:9/money", "events": INVOICE_EVENTS + ["offer.accepted"]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert body(made)["events"] == sorted(INVOICE_EVENTS + ["offer.accepted"])
    wrong = client.post(
        "/api/v1/webhooks",
        {"url": "http://127.0.0.1:9/money", "events": ["invoice.drafted"]},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "events.0" in body(wrong)["fields"]
    assert set(INVOICE_EVENTS) <= set(webhooks.EVENTS.values())
