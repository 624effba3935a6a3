from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from campaigns import actions
from campaigns.actions import today
from campaigns.contracts import seal
from campaigns.models import Contract
from tests.campaigns.conftest import role_of, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(cast, offer):
    actions.accept_offer(
        offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
    )
    offer.refresh_from_db()
    return offer


def test_acceptance_generates_the_contract_from_the_accepted_terms(accepted):
    contract = Contract.objects.get(offer=accepted)
    assert contract.terms.number == accepted.version
    assert "1,500.00 EUR" in contract.document and len(contract.document_hash) == 64


def test_both_sides_sign_then_the_contract_is_sealed_and_work_starts(cast, login, accepted):
    url = reverse("campaigns:contract", args=[accepted.public_id])
    brand = login(cast.brand)
    assert brand.post(url, {"full_name": "Camille Roux"}).status_code == 302
    assert "Sign the contract" not in brand.get(url).text  # the brand's side signed
    login(cast.manager).post(url, {"full_name": "Marco Bianchi"})
    contract = Contract.objects.get(offer=accepted)
    accepted.refresh_from_db()
    assert contract.completed_at and contract.signed_hash == seal(contract)
    assert accepted.status == "in_progress"
    signatures = {s.side: s for s in contract.signatures.all()}
    assert signatures["brand"].ip == "127.0.0.1" and signatures["creator_side"].user == cast.manager
    signed = AuditEvent.objects.filter(event_type=AuditEventType.CONTRACT_SIGNED)
    assert signed.filter(target_id=str(accepted.public_id)).count() == 2
    assert "Sealed with SHA-256" in brand.get(url).text


def test_signing_twice_or_without_a_name_is_refused(cast, login, accepted):
    url = reverse("campaigns:contract", args=[accepted.public_id])
    brand = login(cast.brand)
    assert "Type your full name to sign." in brand.post(url, {"full_name": " x "}).text
    brand.post(url, {"full_name": "Camille Roux"})
    again = brand.post(url, {"full_name": "Camille Roux"}, follow=True)
    assert "Your side has signed this contract already." in again.text


def test_pdf_and_html_download_for_both_sides_and_404_for_outsiders(cast, login, accepted):
    for user in (cast.brand, cast.creator, cast.manager):
        client = login(user)
        pdf = client.get(reverse("campaigns:contract-document", args=[accepted.public_id, "pdf"]))
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
        html = client.get(reverse("campaigns:contract-document", args=[accepted.public_id, "html"]))
        assert b"Creator partnership agreement" in html.content
    outsider = login(cast.outsider_brand)
    url = reverse("campaigns:contract-document", args=[accepted.public_id, "pdf"])
    assert outsider.get(url).status_code == 404


def test_an_exclusivity_conflict_is_flagged_before_acceptance(cast, login, accepted):
    from brands.models import Brand
    from creators.models import Category

    other = Brand.objects.create(
        name="Rival Beauty", slug="rival-beauty", category=Category.objects.get(slug="beauty")
    )
    from brands.models import BrandMembership

    BrandMembership.objects.create(brand=other, user=cast.outsider_brand, role="owner")
    accepted.campaign.category_id = "beauty"
    accepted.campaign.save()
    rival = actions.create_campaign(
        other,
        actor=cast.outsider_brand,
        name="Rival",
        category=Category.objects.get(slug="beauty"),
        budget=Decimal("1000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    role = next(
        r
        for r in __import__("access.hats", fromlist=["roles_for"]).roles_for(cast.outsider_brand)
        if r.kind == "brand" and r.brand == other
    )
    offer = actions.send_offer(
        rival, role=role, actor=cast.outsider_brand, creator=cast.maya, terms=terms()
    )
    page = login(cast.manager).get(reverse("campaigns:offer", args=[offer.public_id])).text
    assert "Exclusivity conflict: the creator is exclusive to GlowSkin in beauty" in page
