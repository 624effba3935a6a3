"""The brand contact's guest link (issue 20): the deal's whole life through it with no account,
every use audited with who and IP; refused (404 and a security event) with a wrong token, after
revocation, after expiry, and on another deal."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from access.models import AuditEvent, AuditEventType, SecurityEvent, SecurityEventKind
from campaigns import actions as deals
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract, Signature
from campaigns.transitions import OfferStatus
from contacts import actions
from contacts.models import GuestLink, hash_token
from deliverables import actions as content
from deliverables.transitions import DeliverableStatus
from money.transitions import InvoiceStatus
from tests.campaigns.conftest import role_of
from tests.contacts.conftest import eml
from tests.contacts.test_20_offplatform_life import (
    one_unit_terms,
    post,
    record_deal,
    work_and_invoice,
)

pytestmark = pytest.mark.django_db
GUEST = "guest link of Inès Moreau — ines@solene.example"


def terms_post(version, price):
    due = (today() + timedelta(days=20)).isoformat()
    return {
        "version": version,
        "price": price,
        "currency": "EUR",
        "upfront_pct": "100",
        "net_days": "30",
        "usage_days": "30",
        "paid_ads_days": "30",
        "exclusivity_days": "60",
        "exclusivity_categories": ["beauty"],
        "revision_rounds": "2",
        "response_deadline": (today() + timedelta(days=7)).isoformat(),
        "d0_type": "video",
        "d0_count": "1",
        "d0_due": due,
    }


@pytest.fixture
def deal(cast, contact, as_manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return record_deal(cast, contact, as_manager)


@pytest.fixture
def link(deal, as_manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _link, token = actions.create_guest_link(deal, **as_manager)
    return f"/guest/{deal.public_id}/{token}/", token


def test_20_offplatform_deal_whole_life_through_the_guest_link(cast, deal, link, as_manager, anon):
    url, token = link
    assert GuestLink.objects.get(offer=deal).token_hash == hash_token(token)
    assert token not in str(GuestLink.objects.values_list().get())  # only its hash is kept
    assert mail.outbox[-1].to == ["ines@solene.example"] and url in mail.outbox[-1].body
    page = anon.get(url)
    assert page.status_code == 200 and "Winter launch" in page.text
    # The creator side counters; she counters back through the link, with no account.
    deals.counter_offer(
        deal, terms=one_unit_terms(price=Decimal("1800.00")), seen_version=1, **as_manager
    )
    assert anon.post(url + "counter/", terms_post(1, "1300.00")).status_code == 422  # stale
    assert anon.post(url + "counter/", terms_post(2, "1300.00")).status_code == 302
    deal.refresh_from_db()
    assert deal.status == OfferStatus.COUNTERED_BY_BRAND and deal.version == 3
    assert deal.versions.get(number=3).proposed_by_name == "Inès Moreau"
    # The creator side meets her halfway; she accepts that version.
    deals.counter_offer(
        deal, terms=one_unit_terms(price=Decimal("1400.00")), seen_version=3, **as_manager
    )
    assert anon.post(url, {"verb": "accept_brand", "version": 4}).status_code == 302
    deal.refresh_from_db()
    assert deal.status == OfferStatus.ACCEPTED
    # She signs with her own name, then the creator.
    wrong = anon.post(url + "sign/", {"full_name": "Somebody Else"})
    assert wrong.status_code == 422
    assert anon.post(url + "sign/", {"full_name": "Inès Moreau"}).status_code == 302
    sign_contract(
        Contract.objects.get(offer=deal),
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        full_name="Maya Okafor",
    )
    deal.refresh_from_db()
    assert deal.status == OfferStatus.IN_PROGRESS
    signature = Signature.objects.get(contract__offer=deal, side="brand")
    assert signature.signed_as == "Inès Moreau, Solène Cosmetics" and signature.ip == "127.0.0.1"
    # She reviews the draft, confirms the post, pays the invoice.
    item, invoice = work_and_invoice(cast, deal, as_manager)
    assert "Draft of deliverable 1" in anon.get(url).text
    anon.post(url, {"verb": "approve", "target": str(item.public_id), "body": "Love it"})
    item.refresh_from_db()
    assert item.status == DeliverableStatus.APPROVED
    post(cast, item)
    anon.post(url, {"verb": "verify", "target": str(item.public_id)})
    anon.post(url, {"verb": "mark_paid", "target": str(invoice.public_id)})
    invoice.refresh_from_db()
    deal.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert deal.status == OfferStatus.COMPLETED

    # Every use audited, as the guest link of the contact, with the IP.
    rows = AuditEvent.objects.filter(on_behalf_of=cast.maya, actor_name=GUEST)
    used = rows.filter(event_type=AuditEventType.GUEST_LINK_USED)
    assert used.count() == 10  # every request that passed the token check
    assert set(used.values_list("ip", flat=True)) == {"127.0.0.1"}
    moves = set(
        rows.exclude(event_type=AuditEventType.GUEST_LINK_USED).values_list("event_type", flat=True)
    )
    assert {
        AuditEventType.OFFER_COUNTERED,
        AuditEventType.OFFER_ACCEPTED,
        AuditEventType.CONTRACT_SIGNED,
        AuditEventType.DRAFT_APPROVED,
        AuditEventType.DELIVERABLE_VERIFIED,
        AuditEventType.PAYMENT_RECORDED,
        AuditEventType.INVOICE_PAID,
    } <= moves
    assert not rows.exclude(actor=None).exists()


def refused(client, url, count_before):
    response = client.get(url)
    assert response.status_code == 404
    events = SecurityEvent.objects.filter(kind=SecurityEventKind.GUEST_LINK_REFUSED)
    assert events.count() == count_before + 1
    return events.first()


def test_20_the_link_is_refused_with_a_wrong_token(deal, link, anon):
    url, token = link
    event = refused(anon, url.replace(token, "x" * len(token)), 0)
    assert "x" * len(token) not in event.path and event.ip == "127.0.0.1"


def test_20_the_link_is_refused_after_revocation(deal, link, anon, as_manager):
    url, _token = link
    assert anon.get(url).status_code == 200
    actions.revoke_guest_link(GuestLink.objects.get(offer=deal), **as_manager)
    refused(anon, url, 0)
    assert anon.post(url, {"verb": "accept_brand", "version": 1}).status_code == 404
    deal.refresh_from_db()
    assert deal.status == OfferStatus.OFFERED
    assert AuditEvent.objects.filter(event_type=AuditEventType.GUEST_LINK_REVOKED).exists()


def test_20_the_link_is_refused_after_expiry(deal, link, anon):
    url, _token = link
    with time_machine.travel(timezone.now() + timedelta(days=30, minutes=1)):
        refused(anon, url, 0)


def test_20_the_link_is_refused_on_another_deal(cast, contact, deal, link, anon, as_manager):
    _url, token = link
    other = actions.record_deal(
        contact=contact,
        creator=cast.maya,
        campaign_name="Spring launch",
        terms=one_unit_terms(),
        received_on=today(),
        **as_manager,
    )
    refused(anon, f"/guest/{other.public_id}/{token}/", 0)
    assert anon.post(f"/guest/{other.public_id}/{token}/counter/", {}).status_code == 404


def test_20_a_new_link_revokes_the_old_one(deal, link, anon, as_manager):
    url, _token = link
    actions.create_guest_link(deal, **as_manager)
    refused(anon, url, 0)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_20_the_guest_sees_the_draft_file_of_her_deal_only(cast, deal, link, anon, as_manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from deliverables.models import Deliverable

    url, _token = link
    deals.accept_offer(deal, seen_version=1, **as_manager)
    actions.record_move(deal, "sign_brand", received_on=today(), evidence=eml(), **as_manager)
    sign_contract(
        Contract.objects.get(offer=deal),
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        full_name="Maya Okafor",
    )
    item = deal.deliverables.get()
    content.submit_draft(
        item,
        upload=SimpleUploadedFile("d.png", PNG, "image/png"),
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
    )
    assert "See version 1 of the draft" in anon.get(url).text
    served = anon.get(f"{url}drafts/{item.public_id}/1/file")
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG
    other = Deliverable.objects.exclude(offer=deal).filter(drafts__number=1).first()
    assert other is not None  # a demo deal's draft: not hers
    assert anon.get(f"{url}drafts/{other.public_id}/1/file").status_code == 404
