"""The brand-contact pages (issue 20): empty states, pagination, query counts at two sizes,
recording a deal and an answer through the forms (the e-mail checked by its content), the guest
link shown once, and attaching the deals when the brand joins."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from access.models import AuditEvent, AuditEventType
from accounts.models import User
from brands.models import Brand, BrandMembership, BrandRole
from campaigns.actions import today
from campaigns.models import Offer
from campaigns.transitions import OfferStatus
from contacts import actions
from contacts.models import BrandContact, GuestLink, RecordedMove
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of, terms
from tests.campaigns.test_pages import terms_post
from tests.contacts.conftest import eml
from tests.contacts.test_20_offplatform_life import record_deal
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def add_contacts(as_manager, n, start=0):
    for i in range(start, start + n):
        actions.add_contact(
            company=f"Co {i:03}", name=f"P {i}", email=f"p{i}@co{i}.example", **as_manager
        )


def test_20_contacts_page_empty_state_then_a_page_of_25(cast, login, as_manager):
    client = login(cast.manager)
    empty = client.get("/agency/contacts/")
    assert "No brand contact yet" in empty.text
    add_contacts(as_manager, 30)
    first = client.get("/agency/contacts/")
    assert first.text.count('href="/agency/contacts/') >= 25 and "Page 1 of 2" in first.text
    assert "Co 029" in client.get("/agency/contacts/?page=2").text


def test_20_contacts_and_contact_pages_query_counts_stay_the_same(
    cast, login, contact, as_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.manager)
    add_contacts(as_manager, 2)
    record_deal(cast, contact, as_manager)
    small = count_queries(lambda: client.get("/agency/contacts/"))
    page = f"/agency/contacts/{contact.public_id}/"
    small_contact = count_queries(lambda: client.get(page))
    add_contacts(as_manager, 12, start=10)
    for i in range(4):
        actions.record_deal(
            contact=contact,
            creator=cast.maya,
            campaign_name=f"More {i}",
            terms=terms(),
            received_on=today(),
            **as_manager,
        )
    assert count_queries(lambda: client.get("/agency/contacts/")) == small
    assert count_queries(lambda: client.get(page)) == small_contact


def test_20_a_manager_records_an_emailed_offer_through_the_form(
    cast, login, contact, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = login(cast.manager)
    body = terms_post(creator="mayamoves") | {
        "contact": str(contact.public_id),
        "campaign_name": "Winter e-mail",
        "received_on": today().isoformat(),
    }
    not_an_email = SimpleUploadedFile("offer.eml", b"just some words\n", "message/rfc822")
    refused = client.post("/agency/deals/new/", body | {"evidence": not_an_email})
    assert refused.status_code == 422 and "Attach the brand" in refused.text
    assert not Offer.objects.filter(campaign__name="Winter e-mail").exists()
    done = client.post("/agency/deals/new/", body | {"evidence": eml()})
    offer = Offer.objects.get(campaign__name="Winter e-mail")
    assert done.status_code == 302 and done["Location"] == f"/offers/{offer.public_id}/"
    page = client.get(done["Location"])
    assert "Brand off talentdesk" in page.text and "Send a guest link" in page.text
    assert RecordedMove.objects.get(offer=offer).evidence_sha256


def test_20_a_recorded_answer_needs_the_email_and_is_shown(
    cast, login, contact, as_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    offer = record_deal(cast, contact, as_manager)
    client = login(cast.manager)
    url = f"/agency/deals/{offer.public_id}/record/"
    assert "Withdrew the offer" in client.get(url).text
    form = {"verb": "withdraw", "received_on": today().isoformat(), "reason": "Budget gone"}
    assert client.post(url, form).status_code == 422  # no e-mail attached
    future = form | {"received_on": (today() + timedelta(days=2)).isoformat(), "evidence": eml()}
    assert client.post(url, future).status_code == 422
    assert client.post(url, form | {"evidence": eml()}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN and offer.decided_reason == "Budget gone"


def test_20_the_guest_link_is_shown_once_and_revoked_from_the_offer_page(
    cast, login, contact, as_manager, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    offer = record_deal(cast, contact, as_manager)
    client = login(cast.manager)
    made = client.post(f"/agency/deals/{offer.public_id}/guest-link/", {"days": "7"})
    assert made.status_code == 200 and f"/guest/{offer.public_id}/" in made.text
    link = GuestLink.objects.get(offer=offer)
    assert (link.expires_at - link.created_at).days == 7
    assert "A guest link is live" in client.get(f"/offers/{offer.public_id}/").text
    client.post(f"/agency/deals/{offer.public_id}/guest-link/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None


@pytest.fixture
def joined(cast):
    """Solène joins: a brand account whose owner has an e-mail at the contact's domain."""
    brand = Brand.objects.create(name="Solène", slug="solene")
    owner = User.objects.create_user("boss@solene.example", "pass-solene-2026", name="Sol Boss")
    BrandMembership.objects.create(brand=brand, user=owner, role=BrandRole.OWNER)
    return brand, owner


def test_20_the_agency_owner_attaches_the_deals_when_the_brand_joins(
    cast, login, contact, as_manager, joined, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    offer = record_deal(cast, contact, as_manager)
    brand, owner = joined
    assert (
        "Attach the deals to Solène"
        in login(cast.owner).get(f"/agency/contacts/{contact.public_id}/").text
    )
    refused = login(cast.manager).post(
        f"/agency/contacts/{contact.public_id}/attach/", {"brand": str(brand.public_id)}
    )
    assert refused.status_code == 403  # a manager: the owners and admins attach
    login(cast.owner).post(
        f"/agency/contacts/{contact.public_id}/attach/", {"brand": str(brand.public_id)}
    )
    offer.refresh_from_db()
    assert offer.campaign.brand == brand
    assert BrandContact.objects.get(pk=contact.pk).joined_brand == brand
    # The brand's owner now sees and answers the deal from her own account.
    brand_client = login(owner, role_of(owner, "brand").key)
    assert brand_client.get(f"/offers/{offer.public_id}/").status_code == 200
    assert (
        AuditEvent.objects.filter(
            event_type=AuditEventType.CONTACT_DEALS_ATTACHED, actor=cast.owner
        ).count()
        == 1
    )
    with pytest.raises(ActionError):
        actions.create_guest_link(offer, **as_manager)


def test_20_the_brand_owner_attaches_them_herself(
    cast, login, contact, as_manager, joined, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    offer = record_deal(cast, contact, as_manager)
    brand, owner = joined
    client = login(owner, role_of(owner, "brand").key)
    page = client.get("/brand/recorded-deals/")
    assert "Northstar Talent" in page.text and "ines@solene.example" in page.text
    assert (
        client.post("/brand/recorded-deals/", {"contact": str(contact.public_id)}).status_code
        == 302
    )
    offer.refresh_from_db()
    assert offer.campaign.brand == brand
    # Another brand's owner finds nothing to attach.
    other = login(cast.outsider_brand, role_of(cast.outsider_brand, "brand").key)
    assert "No agency recorded deals" in other.get("/brand/recorded-deals/").text


def test_20_guest_and_record_pages_query_counts_stay_the_same(
    cast, login, anon, contact, as_manager, settings, tmp_path
):
    from campaigns import actions as deals
    from tests.contacts.test_20_offplatform_life import one_unit_terms

    settings.MEDIA_ROOT = tmp_path
    offer = record_deal(cast, contact, as_manager)
    _link, token = actions.create_guest_link(offer, **as_manager)
    guest, record = f"/guest/{offer.public_id}/{token}/", f"/agency/deals/{offer.public_id}/record/"
    manager = login(cast.manager)

    def exchange():
        offer.refresh_from_db()
        deals.counter_offer(offer, terms=one_unit_terms(), seen_version=offer.version, **as_manager)
        offer.refresh_from_db()
        actions.record_move(
            offer,
            "counter_brand",
            terms=one_unit_terms(),
            seen_version=offer.version,
            received_on=today(),
            evidence=eml(),
            **as_manager,
        )

    exchange()
    small = count_queries(lambda: anon.get(guest)), count_queries(lambda: manager.get(record))
    for _ in range(4):
        exchange()
    assert (
        count_queries(lambda: anon.get(guest)),
        count_queries(lambda: manager.get(record)),
    ) == small


def test_20_a_public_mail_domain_matches_only_the_very_same_address(cast, login, as_manager):
    gmail = actions.add_contact(
        company="Tiny Shop", name="Tia", email="tia.shop@gmail.com", **as_manager
    )
    brand = Brand.objects.create(name="Other gmail brand", slug="other-gmail")
    owner = User.objects.create_user("someone@gmail.com", "pass-gmail-2026", name="Some One")
    BrandMembership.objects.create(brand=brand, user=owner, role=BrandRole.OWNER)
    client = login(owner, role_of(owner, "brand").key)
    assert "tia.shop@gmail.com" not in client.get("/brand/recorded-deals/").text
    assert not actions.matching_brands(gmail).exists()
    with pytest.raises(ActionError):
        actions.attach_deals(gmail, brand, role=role_of(owner, "brand"), actor=owner)
    same = User.objects.create_user("tia.shop@gmail.com", "pass-tia-2026", name="Tia Shop")
    BrandMembership.objects.create(brand=brand, user=same, role=BrandRole.MEMBER)
    assert list(actions.matching_brands(gmail)) == [brand]
    assert "tia.shop@gmail.com" in client.get("/brand/recorded-deals/").text
