"""Signing: only an accepted deal, only in one's own name, recorded with the signing account and,
for a manager, for whom they sign."""

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from campaigns import actions
from campaigns.contracts import sign_contract
from campaigns.models import Contract, Signature
from campaigns.transitions import OfferStatus
from deliverables.models import Deliverable
from talentdesk.lib.errors import ActionError
from tests.api.conftest import body
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.fixture
def accepted(cast, offer):
    actions.accept_offer(
        offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
    )
    offer.refresh_from_db()
    return offer


@pytest.fixture
def cancelled(cast, accepted):
    """The creator cancels the accepted deal before anyone signed."""
    actions.decide_offer(
        accepted,
        "cancel_creator",
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        reason="The dates no longer work for me.",
    )
    accepted.refresh_from_db()
    return accepted


def test_issue14_break2_a_cancelled_deal_cannot_be_signed_back_to_life(cast, cancelled, login):
    """Issue #14, break 2: after the creator cancels an accepted, unsigned deal, her manager's
    or the brand's signature must not move it to `in_progress`, make deliverables, or write an
    `accepted → in_progress` audit row."""
    url = reverse("campaigns:contract", args=[cancelled.public_id])
    audited = AuditEvent.objects.count()
    for user, name in ((cast.manager, "Marco Bianchi"), (cast.brand, "Camille Roux")):
        client = login(user)
        page = client.get(url).text
        assert "Sign the contract" not in page and "can no longer be signed" in page
        response = client.post(url, {"full_name": name}, follow=True)
        assert "no longer possible" in response.text
    cancelled.refresh_from_db()
    assert cancelled.status == OfferStatus.CANCELLED
    assert not Signature.objects.filter(contract__offer=cancelled).exists()
    assert not Deliverable.objects.filter(offer=cancelled).exists()
    assert AuditEvent.objects.count() == audited


def test_issue14_break2_the_same_through_the_api(cast, cancelled, bearer):
    """Issue #14, break 2, by API: signing a cancelled deal answers 409 and changes nothing."""
    path = f"/api/v1/offers/{cancelled.public_id}/contract/sign"
    for user, kind, name in (
        (cast.manager, "agency", "Marco Bianchi"),
        (cast.brand, "brand", "Camille Roux"),
    ):
        response = bearer(user, kind).post(path, {"full_name": name}, content_type=J)
        assert response.status_code == 409 and body(response)["code"] == "wrong_state"
    cancelled.refresh_from_db()
    assert cancelled.status == OfferStatus.CANCELLED
    assert not Deliverable.objects.filter(offer=cancelled).exists()


@pytest.mark.parametrize("typed", ["Someone Else", "<b>x</b>", "Camille", "Roux Camille"])
def test_issue14_break8_a_signature_carries_the_signers_own_name(cast, accepted, login, typed):
    """Issue #14, break 8: signed in as Camille Roux, one cannot sign as someone else (or as
    markup): the typed name must be the account's own."""
    url = reverse("campaigns:contract", args=[accepted.public_id])
    response = login(cast.brand).post(url, {"full_name": typed})
    assert response.status_code == 200
    assert "Type your own full name, as on your account: Camille Roux." in response.text
    assert not Signature.objects.filter(contract__offer=accepted).exists()


def test_issue14_break8_the_same_through_the_api(cast, accepted, bearer):
    """Issue #14, break 8, by API: 422 on the name, nothing signed."""
    path = f"/api/v1/offers/{accepted.public_id}/contract/sign"
    response = bearer(cast.brand, "brand").post(path, {"full_name": "Someone Else"}, content_type=J)
    assert response.status_code == 422 and "full_name" in body(response)["fields"]
    assert not Signature.objects.filter(contract__offer=accepted).exists()


def test_issue14_break8_a_manager_signs_for_the_creator_and_the_contract_says_so(
    cast, accepted, login
):
    """Issue #14, break 8: the signature records the signing account, case and spacing of the
    typed name aside, and shows "Marco Bianchi, Northstar Talent, for @mayamoves"."""
    url = reverse("campaigns:contract", args=[accepted.public_id])
    login(cast.manager).post(url, {"full_name": "  marco   BIANCHI "})
    login(cast.brand).post(url, {"full_name": "Camille Roux"})
    contract = Contract.objects.get(offer=accepted)
    signatures = {s.side: s for s in contract.signatures.all()}
    creator_side = signatures["creator_side"]
    assert creator_side.user == cast.manager and creator_side.full_name == "Marco Bianchi"
    assert creator_side.signed_as == "Marco Bianchi, Northstar Talent, for @mayamoves"
    assert signatures["brand"].signed_as == "Camille Roux, GlowSkin"
    page = login(cast.creator).get(url).text
    assert "Marco Bianchi, Northstar Talent, for @mayamoves" in page
    sealed = AuditEvent.objects.filter(event_type=AuditEventType.CONTRACT_SEALED).latest("id")
    assert sealed.changes["status"] == ["accepted", "in_progress"]
    assert sealed.changes["sha256"] == contract.signed_hash


def test_a_manager_without_accept_offers_cannot_sign(cast, accepted):
    from access.models import Representation

    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=["negotiate"])
    contract = Contract.objects.get(offer=accepted)
    with pytest.raises(ActionError, match="not allowed"):
        sign_contract(
            contract,
            role=role_of(cast.manager, "agency"),
            actor=cast.manager,
            full_name="Marco Bianchi",
        )
