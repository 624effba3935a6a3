"""An off-platform deal through its whole life (issue 20): offer → counter → accept → sign →
draft reviewed → posted → invoice paid, once with the manager recording the brand's answers from
its e-mails, once with the brand contact using her guest link. Every brand move is audited as
who really took it."""

from datetime import timedelta
from decimal import Decimal

import pytest

from access.models import ActingAs, AuditEvent, AuditEventType
from campaigns import actions as deals
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract, Signature, TermsVersion
from campaigns.transitions import OfferStatus
from contacts import actions
from contacts.models import RecordedMove
from deliverables import actions as content
from deliverables.transitions import DeliverableStatus
from money import actions as money
from money.transitions import InvoiceStatus
from tests.campaigns.conftest import role_of, terms
from tests.contacts.conftest import eml

pytestmark = pytest.mark.django_db


def one_unit_terms(**overrides):
    due = (today() + timedelta(days=20)).isoformat()
    return terms(
        deliverables=[{"type": "video", "count": 1, "due": due}],
        upfront_pct=Decimal("100"),
        **overrides,
    )


def record_deal(cast, contact, as_manager):
    return actions.record_deal(
        contact=contact,
        creator=cast.maya,
        campaign_name="Winter launch",
        terms=one_unit_terms(),
        received_on=today(),
        evidence=eml("offer.eml"),
        **as_manager,
    )


def creator_side_counter(cast, offer, as_manager, price="1800.00"):
    return deals.counter_offer(
        offer,
        terms=one_unit_terms(price=Decimal(price)),
        seen_version=offer.version,
        **as_manager,
    )


def work_and_invoice(cast, offer, as_manager):
    """The creator side's half after signature: a draft, and the upfront invoice issued."""
    item = offer.deliverables.get()
    content.submit_draft(
        item,
        link="https://drive.example.com/v1",
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
    )
    invoice = money.draft_invoice(
        offer=offer, milestones=[offer.milestones.get(number=1)], **as_manager
    )
    return item, money.issue_invoice(invoice=invoice, **as_manager)


def post(cast, item):
    content.mark_posted(
        item,
        url="https://www.tiktok.com/@mayamoves/video/7310000000000000001",
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
    )


def test_20_offplatform_deal_whole_life_with_the_brand_answers_recorded(
    cast, contact, as_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    offer = record_deal(cast, contact, as_manager)
    assert offer.status == OfferStatus.OFFERED and offer.campaign.brand == contact.brand
    assert TermsVersion.objects.get(offer=offer, number=1).proposed_by_name == "Inès Moreau"
    creator_side_counter(cast, offer, as_manager, price="2000.00")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.COUNTERED_BY_CREATOR

    def record(verb, **params):
        return actions.record_move(
            offer, verb, received_on=today(), evidence=eml(f"{verb}.eml"), **as_manager, **params
        )

    record("counter_brand", terms=one_unit_terms(price=Decimal("1800.00")), seen_version=2)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.COUNTERED_BY_BRAND and offer.version == 3
    deals.accept_offer(offer, seen_version=3, **as_manager)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    record("sign_brand")
    sign_contract(
        Contract.objects.get(offer=offer),
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        full_name="Maya Okafor",
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.IN_PROGRESS
    brand_signature = Signature.objects.get(contract__offer=offer, side="brand")
    assert brand_signature.signed_as == "Inès Moreau, Solène Cosmetics"
    assert brand_signature.user is None
    item, invoice = work_and_invoice(cast, offer, as_manager)
    record("approve", deliverable=item, body="Lovely")
    item.refresh_from_db()
    assert item.status == DeliverableStatus.APPROVED
    post(cast, item)
    record("verify", deliverable=item)
    record("mark_paid", invoice=invoice)
    invoice.refresh_from_db()
    offer.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert offer.status == OfferStatus.COMPLETED

    # Every brand move: its own audit row in the brand's name as recorded by the manager, and
    # the recording with the e-mail's hash, by the manager for her agency.
    assert RecordedMove.objects.filter(offer=offer).count() == 6
    brand_rows = AuditEvent.objects.filter(target_id=str(offer.public_id), acting_as="brand")
    names = set(brand_rows.values_list("actor_name", flat=True))
    assert names == {"Inès Moreau — ines@solene.example, recorded by Marco Bianchi"}
    assert not brand_rows.exclude(actor=None).exists()
    recorded = AuditEvent.objects.filter(event_type=AuditEventType.BRAND_MOVE_RECORDED)
    assert recorded.count() == 6
    assert set(recorded.values_list("actor", flat=True)) == {cast.manager.pk}
    assert {r.changes["move"] for r in recorded} == {
        "offer",
        "counter_brand",
        "sign_brand",
        "approve",
        "verify",
        "mark_paid",
    }
    assert all(len(r.changes["sha256"]) == 64 for r in recorded)
    assert all(r.acting_as == ActingAs.AGENCY for r in recorded)
