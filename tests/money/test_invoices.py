"""Invoices: numbers without gaps per issuer, void numbers never reused, partial payments and
refused overpayments, overdue on a frozen clock, and what an outsider may not do."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from access.models import AuditEvent, AuditEventType, Representation
from campaigns.actions import today
from money import actions
from money.models import Invoice, Payment
from money.transitions import InvoiceStatus, MilestoneStatus
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of
from tests.money.conftest import next_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(cast, signed, as_manager):
    upfront = signed.milestones.get(number=1)
    invoice = actions.draft_invoice(offer=signed, milestones=[upfront], **as_manager)
    return actions.issue_invoice(invoice=invoice, **as_manager)


def test_a_void_number_is_never_reused_and_its_milestone_goes_on_a_new_invoice(
    cast, signed, issued, as_manager
):
    key = f"agency:{cast.northstar.pk}"
    first = issued.number
    assert first.startswith(f"NST-{today().year}-")
    actions.void_invoice(invoice=issued, reason="Wrong VAT number", **as_manager)
    issued.refresh_from_db()
    assert (issued.status, issued.number, issued.void_reason) == (
        InvoiceStatus.VOID,
        first,
        "Wrong VAT number",
    )
    upfront = signed.milestones.get(number=1)
    assert upfront.status == MilestoneStatus.DUE
    expected = next_number(key=key)
    assert expected != first
    again = actions.draft_invoice(offer=signed, milestones=[upfront], **as_manager)
    actions.issue_invoice(invoice=again, **as_manager)
    assert Invoice.objects.get(pk=again.pk).number == expected


def test_void_needs_a_reason_and_a_paid_invoice_cannot_be_voided(
    cast, issued, as_manager, as_brand
):
    with pytest.raises(ActionError) as refused:
        actions.void_invoice(invoice=issued, reason="  ", **as_manager)
    assert refused.value.field == "reason"
    actions.record_payment(invoice=issued, amount="100.00", **as_brand)
    with pytest.raises(ActionError):
        actions.void_invoice(invoice=issued, reason="Too late", **as_manager)
    assert Invoice.objects.get(pk=issued.pk).status == InvoiceStatus.ISSUED


def test_partial_payments_leave_a_balance_and_an_overpayment_is_refused(
    cast, issued, as_manager, as_brand
):
    actions.record_payment(invoice=issued, amount="200.00", reference="SEPA 1", **as_manager)
    issued.refresh_from_db()
    assert (issued.status, issued.balance) == (InvoiceStatus.ISSUED, Decimal("250.00"))
    before = AuditEvent.objects.count(), Payment.objects.count()
    with pytest.raises(ActionError) as refused:
        actions.record_payment(invoice=issued, amount="250.01", **as_brand)
    assert refused.value.field == "amount" and "250.00" in str(refused.value)
    assert (AuditEvent.objects.count(), Payment.objects.count()) == before
    for bad in ("lots", "-5", "0", "1.001", "NaN", "Infinity"):
        with pytest.raises(ActionError):
            actions.record_payment(invoice=issued, amount=bad, **as_brand)
    actions.record_payment(invoice=issued, amount="250.00", **as_brand)
    issued.refresh_from_db()
    assert (issued.status, issued.balance, issued.paid_on) == (InvoiceStatus.PAID, 0, today())
    payments = list(issued.payments.all())
    assert sum(p.commission for p in payments) + sum(p.creator_net for p in payments) == Decimal(
        "450.00"
    )


def test_overdue_on_a_frozen_clock_and_paid_invoices_never_are(cast, signed, issued, as_brand):
    def status():
        return Invoice.objects.get(pk=issued.pk).status

    days = (issued.due_on - today()).days
    with time_machine.travel(timezone.now() + timedelta(days=days), tick=False):
        actions.mark_overdue()
        assert status() == InvoiceStatus.ISSUED  # due today: not late yet
    with time_machine.travel(timezone.now() + timedelta(days=days + 1), tick=False):
        actions.mark_overdue()
        assert status() == InvoiceStatus.OVERDUE
        assert actions.mark_overdue() == 0  # safe to run twice
    late = AuditEvent.objects.filter(
        event_type=AuditEventType.INVOICE_OVERDUE, target_id=str(issued.public_id)
    )
    assert late.count() == 1 and late.get().on_behalf_of == cast.maya
    actions.mark_paid(invoice=issued, **as_brand)
    assert status() == InvoiceStatus.PAID
    with time_machine.travel(timezone.now() + timedelta(days=400), tick=False):
        actions.mark_overdue()
    assert status() == InvoiceStatus.PAID


def test_who_may_invoice(cast, signed, as_brand, as_creator):
    upfront = signed.milestones.get(number=1)
    before = Invoice.objects.count()
    for role, actor in [
        (role_of(cast.lumen_manager, "agency"), cast.lumen_manager),  # another agency
        (role_of(cast.manager2, "agency"), cast.manager2),  # not assigned to Maya
        (role_of(cast.assistant, "agency"), cast.assistant),  # read-only
        (as_brand["role"], cast.brand),  # the brand does not invoice itself
        (as_creator["role"], cast.creator),  # her agency invoices for her
    ]:
        with pytest.raises(ActionError):
            actions.draft_invoice(role, signed, actor=actor, milestones=[upfront])
    rep = Representation.objects.active().get(creator=cast.maya)
    rep.scopes = [s for s in rep.scopes if s != "view_earnings"]
    rep.save()
    with pytest.raises(ActionError):
        actions.draft_invoice(
            role_of(cast.manager, "agency"), signed, actor=cast.manager, milestones=[upfront]
        )
    assert Invoice.objects.count() == before


def test_the_creator_invoices_herself_when_her_representation_says_so(
    cast, offer, as_creator, as_brand, settings, tmp_path
):
    owner = role_of(cast.owner, "agency")
    rep = Representation.objects.active().get(creator=cast.maya)
    actions.set_commission(
        owner, rep, actor=cast.owner, commission_pct="15", invoice_issuer="creator"
    )
    from campaigns import actions as offer_actions
    from campaigns.contracts import sign_contract
    from campaigns.models import Contract

    settings.MEDIA_ROOT = tmp_path
    offer_actions.accept_offer(offer, seen_version=1, **as_creator)
    contract = Contract.objects.get(offer=offer)
    sign_contract(contract, full_name="Camille Roux", ip=None, **as_brand)
    sign_contract(contract, full_name="Maya Okafor", ip=None, **as_creator)
    offer.refresh_from_db()
    assert (offer.money.issuer, offer.money.commission_pct) == ("creator", Decimal("15.00"))
    invoice = actions.draft_invoice(
        offer=offer, milestones=[offer.milestones.get(number=1)], **as_creator
    )
    expected = next_number("MAY", key=f"creator:{cast.maya.pk}")  # her own numbering
    actions.issue_invoice(invoice=invoice, **as_creator)
    invoice.refresh_from_db()
    assert invoice.number == expected == f"MAY-{today().year}-0001"
    payment = actions.mark_paid(invoice=invoice, **as_brand)
    assert (payment.commission, payment.creator_net) == (Decimal("67.50"), Decimal("382.50"))
    # A later change applies only to deals signed after it.
    actions.set_commission(
        owner, rep, actor=cast.owner, commission_pct="30", invoice_issuer="creator"
    )
    offer.money.refresh_from_db()
    assert offer.money.commission_pct == Decimal("15.00")
    changed = AuditEvent.objects.filter(
        event_type=AuditEventType.COMMISSION_CHANGED, on_behalf_of=cast.maya
    )
    assert changed.count() == 2
    assert changed.latest("id").changes["commission_pct"] == ["15.00", "30.00"]


def test_only_agency_admins_set_commissions_and_never_after_signature(cast, signed, offer):
    rep = Representation.objects.active().get(creator=cast.maya)
    with pytest.raises(ActionError):
        actions.set_commission(
            role_of(cast.manager, "agency"), rep, actor=cast.manager, commission_pct="5"
        )
    with pytest.raises(ActionError) as refused:
        actions.set_commission(
            role_of(cast.owner, "agency"), rep, actor=cast.owner, commission_pct="101"
        )
    assert refused.value.field == "commission_pct"
    with pytest.raises(ActionError):
        actions.set_deal_commission(
            role_of(cast.owner, "agency"), signed, actor=cast.owner, commission_pct="5"
        )
