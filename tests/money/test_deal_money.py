"""A signed deal's money: milestones from the accepted terms, invoices issued and paid, the
commission and the creator's net."""

from datetime import timedelta
from decimal import Decimal

import pytest

from access.models import AuditEvent, AuditEventType
from campaigns.actions import today
from money import actions
from money.models import Invoice
from money.transitions import InvoiceStatus, MilestoneStatus
from tests.money.conftest import next_number

pytestmark = pytest.mark.django_db


def test_signature_makes_the_milestones_and_the_upfront_share_falls_due(signed):
    upfront, rest = signed.milestones.order_by("number")
    assert (upfront.trigger, upfront.amount, upfront.status) == (
        "signature",
        Decimal("450.00"),
        "due",
    )
    assert upfront.due_on == today() + timedelta(days=30)
    assert (rest.trigger, rest.amount, rest.status) == ("verified", Decimal("1050.00"), "scheduled")
    assert signed.money.commission_pct == Decimal("20.00")
    assert signed.money.issuer == "agency"


def test_invoice_issued_paid_and_split(cast, signed, as_manager, as_brand, complete):
    upfront = signed.milestones.get(number=1)
    key = f"agency:{cast.northstar.pk}"
    first = next_number(key=key)
    invoice = actions.draft_invoice(
        as_manager["role"], signed, actor=cast.manager, milestones=[upfront]
    )
    assert (invoice.status, invoice.total, invoice.number) == ("draft", Decimal("450.00"), "")
    actions.issue_invoice(as_manager["role"], invoice, actor=cast.manager)
    invoice.refresh_from_db()
    assert invoice.number == first
    assert invoice.status == InvoiceStatus.ISSUED
    upfront.refresh_from_db()
    assert upfront.status == MilestoneStatus.INVOICED
    payment = actions.mark_paid(as_brand["role"], invoice, actor=cast.brand)
    assert (payment.commission, payment.creator_net) == (Decimal("90.00"), Decimal("360.00"))
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID and invoice.balance == 0
    upfront.refresh_from_db()
    assert upfront.status == MilestoneStatus.PAID
    chain = AuditEvent.objects.filter(on_behalf_of=cast.maya).values_list("event_type", flat=True)
    assert {
        AuditEventType.INVOICE_DRAFTED,
        AuditEventType.INVOICE_ISSUED,
        AuditEventType.PAYMENT_RECORDED,
        AuditEventType.INVOICE_PAID,
        AuditEventType.MILESTONE_DUE,
    } <= set(chain)
    complete(signed)
    rest = signed.milestones.get(number=2)
    assert rest.status == MilestoneStatus.DUE
    expected = next_number(key=key)
    second = actions.draft_invoice(
        as_manager["role"], signed, actor=cast.manager, milestones=[rest]
    )
    actions.issue_invoice(as_manager["role"], second, actor=cast.manager)
    assert Invoice.objects.get(pk=second.pk).number == expected
