"""No terms above the creator's approval ceiling bind her unless she approved those exact terms
herself, whoever accepts last (SPEC §9 Ceiling)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from campaigns import actions
from campaigns.models import Contract
from campaigns.transitions import OfferStatus
from talentdesk.lib.errors import ActionError
from tests.api.conftest import body
from tests.api.test_deal_flow import terms_json
from tests.campaigns.conftest import role_of, terms

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.fixture
def ceiling_1000(cast):
    """Maya lets Northstar accept offers up to 1,000 EUR."""
    Representation.objects.filter(creator=cast.maya, status="active").update(
        accept_ceiling=Decimal("1000"), accept_ceiling_currency="EUR"
    )


def counter(offer, user, role, price, version=1):
    return actions.counter_offer(
        offer, role=role, actor=user, terms=terms(price=Decimal(price)), seen_version=version
    )


def test_issue14_break1_the_brand_accepting_a_managers_counter_above_the_ceiling_waits_for_her(
    cast, offer, ceiling_1000, login
):
    """Issue #14, break 1: the manager counters at 5,000 EUR over a 1,000 EUR ceiling and the
    brand accepts: the deal must not be `accepted` until the creator approves those terms."""
    manager = role_of(cast.manager, "agency")
    counter(offer, cast.manager, manager, "5000")
    url = reverse("campaigns:offer", args=[offer.public_id])
    response = login(cast.brand).post(
        url, {"verb": "accept_brand", "version": "2", "confirmed": "on"}, follow=True
    )
    assert "the creator approves these terms next" in response.text
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_CREATOR_APPROVAL
    assert not Contract.objects.filter(offer=offer).exists()  # nothing binds her yet
    held = AuditEvent.objects.filter(event_type=AuditEventType.OFFER_AWAITING_APPROVAL).latest("id")
    assert held.actor == cast.brand and held.on_behalf_of == cast.maya
    # She is told, and only she may approve: her manager cannot.
    creator_page = login(cast.creator).get(url).text
    assert "Approve these terms" in creator_page
    assert "Approve these terms" not in login(cast.manager).get(url).text
    with pytest.raises(ActionError):
        actions.decide_offer(offer, "approve", role=manager, actor=cast.manager, seen_version=2)
    login(cast.creator).post(url, {"verb": "approve", "version": "2", "confirmed": "on"})
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert Contract.objects.get(offer=offer).terms.price == Decimal("5000")


def test_issue14_break1_the_same_through_the_api(cast, offer, ceiling_1000, bearer):
    """Issue #14, break 1, by API: the brand's acceptance of an unapproved counter above the
    ceiling answers `awaiting_creator_approval`; the creator's approval then binds."""
    manager, brand = bearer(cast.manager, "agency"), bearer(cast.brand, "brand")
    path = f"/api/v1/offers/{offer.public_id}"
    countered = manager.post(
        f"{path}/counter", {"seen_version": 1, "terms": terms_json("5000.00")}, content_type=J
    )
    assert countered.status_code == 200, countered.content
    accepted = brand.post(f"{path}/accept", {"seen_version": 2}, content_type=J)
    assert accepted.status_code == 200
    assert body(accepted)["status"] == "awaiting_creator_approval"
    assert body(brand.get(f"{path}/contract")).get("code") == "not_found"
    approved = bearer(cast.creator, "creator").post(
        f"{path}/approve", {"seen_version": 2}, content_type=J
    )
    assert body(approved)["status"] == "accepted"


def test_within_the_ceiling_the_brands_acceptance_of_the_managers_counter_binds(cast, offer):
    counter(offer, cast.manager, role_of(cast.manager, "agency"), "2000")  # ceiling 2,500
    actions.accept_offer(offer, role=role_of(cast.brand, "brand"), actor=cast.brand, seen_version=2)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_her_own_counter_binds_whatever_its_price(cast, offer, ceiling_1000):
    counter(offer, cast.creator, role_of(cast.creator, "creator"), "9000")
    actions.accept_offer(offer, role=role_of(cast.brand, "brand"), actor=cast.brand, seen_version=2)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED


def test_a_manager_without_accept_offers_never_binds_her(cast, offer):
    Representation.objects.filter(creator=cast.maya, status="active").update(
        scopes=["negotiate"], accept_ceiling=None
    )
    counter(offer, cast.manager, role_of(cast.manager, "agency"), "1200")
    actions.accept_offer(offer, role=role_of(cast.brand, "brand"), actor=cast.brand, seen_version=2)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_CREATOR_APPROVAL


def test_a_ceiling_in_another_currency_is_not_comparable_so_she_decides(cast, offer):
    Representation.objects.filter(creator=cast.maya, status="active").update(
        accept_ceiling=Decimal("100000"), accept_ceiling_currency="USD"
    )
    actions.accept_offer(
        offer, role=role_of(cast.manager, "agency"), actor=cast.manager, seen_version=1
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_CREATOR_APPROVAL


def test_a_counter_by_an_agency_that_no_longer_represents_her_waits_for_her(cast, offer):
    counter(offer, cast.manager, role_of(cast.manager, "agency"), "1200")
    rep = Representation.objects.active().get(creator=cast.maya)
    from access.actions import end_representation

    end_representation(rep, "revoke", role=role_of(cast.creator, "creator"), actor=cast.creator)
    actions.accept_offer(offer, role=role_of(cast.brand, "brand"), actor=cast.brand, seen_version=2)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_CREATOR_APPROVAL


def test_sending_back_returns_the_offer_with_the_reason_and_tells_both_sides(
    cast, offer, ceiling_1000
):
    from messaging.models import Notification

    counter(offer, cast.manager, role_of(cast.manager, "agency"), "5000")
    actions.accept_offer(offer, role=role_of(cast.brand, "brand"), actor=cast.brand, seen_version=2)
    offer.refresh_from_db()
    actions.decide_offer(
        offer,
        "send_back",
        seen_version=2,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        reason="Too much for one video, let's not overprice.",
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.COUNTERED_BY_CREATOR  # as it was before the acceptance
    told = Notification.objects.filter(offer=offer, event=AuditEventType.OFFER_SENT_BACK)
    assert {n.user for n in told} >= {cast.brand, cast.manager}


def test_the_approval_notice_speaks_french_too(cast, offer, ceiling_1000, login):
    counter(offer, cast.manager, role_of(cast.manager, "agency"), "5000")
    actions.accept_offer(offer, role=role_of(cast.brand, "brand"), actor=cast.brand, seen_version=2)
    cast.creator.language = "fr"
    cast.creator.save(update_fields=["language"])
    page = login(cast.creator).get(reverse("campaigns:offer", args=[offer.public_id])).text
    assert "Approuver ces conditions" in page and "elles ne vous engagent" in page


def test_her_approval_binds_only_the_version_she_saw(cast, offer, ceiling_1000, login, bearer):
    """Approving on a stale page (she saw 5,000; meanwhile it was sent back, countered at 9,000
    by the brand and accepted by her manager) must not bind her to 9,000."""
    manager, brand = role_of(cast.manager, "agency"), role_of(cast.brand, "brand")
    creator = role_of(cast.creator, "creator")
    counter(offer, cast.manager, manager, "5000")
    actions.accept_offer(offer, role=brand, actor=cast.brand, seen_version=2)
    actions.decide_offer(
        offer, "send_back", role=creator, actor=cast.creator, seen_version=2, reason="No."
    )
    counter(offer, cast.brand, brand, "9000", version=2)
    actions.accept_offer(offer, role=manager, actor=cast.manager, seen_version=3)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_CREATOR_APPROVAL
    url = reverse("campaigns:offer", args=[offer.public_id])
    stale = {
        "verb": "approve",
        "version": "2",
        "status": "awaiting_creator_approval",
        "confirmed": "on",
    }
    assert "version 3 is current" in login(cast.creator).post(url, stale, follow=True).text
    api = bearer(cast.creator, "creator").post(
        f"/api/v1/offers/{offer.public_id}/approve", {"seen_version": 2}, content_type=J
    )
    assert api.status_code == 409 and body(api)["code"] == "stale_version"
    offer.refresh_from_db()
    assert offer.status == OfferStatus.AWAITING_CREATOR_APPROVAL
    assert not Contract.objects.filter(offer=offer).exists()


def test_terms_waiting_for_her_are_hers_to_decline(cast, offer, ceiling_1000):
    counter(offer, cast.manager, role_of(cast.manager, "agency"), "5000")
    actions.accept_offer(offer, role=role_of(cast.brand, "brand"), actor=cast.brand, seen_version=2)
    with pytest.raises(ActionError):
        actions.decide_offer(
            offer, "decline_creator", role=role_of(cast.manager, "agency"), actor=cast.manager
        )
    actions.decide_offer(
        offer, "decline_awaiting", role=role_of(cast.creator, "creator"), actor=cast.creator
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
