"""Billing settings: the legal details each party's invoices print, the agency's numbering and
default commission, and a creator's commission at her agency; every change audited."""

from decimal import Decimal

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from accounts.models import User
from money import actions
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
BILLING = reverse("money:billing")


def commission_url(rep):
    return reverse("money:commission", args=[rep.public_id])


@pytest.fixture
def rep(cast):
    return Representation.objects.active().get(creator=cast.maya)


def agency_data(**overrides):
    data = {
        "legal_name": "Northstar Talent Limited",
        "billing_address": "1 Soho Square\nLondon",
        "vat_number": "gb 999 0000 00",
        "invoice_prefix": "nsx",
        "default_commission_pct": "18.5",
    }
    return data | overrides


def test_agency_owner_sets_the_details_numbering_and_default_commission(cast, login):
    client = login(cast.owner)
    page = client.get(BILLING)
    assert page.status_code == 200 and "Invoice number prefix" in page.text
    response = client.post(BILLING, agency_data())
    assert response.status_code == 302
    cast.northstar.refresh_from_db()
    agency = cast.northstar
    assert (agency.legal_name, agency.vat_number, agency.invoice_prefix) == (
        "Northstar Talent Limited",
        "GB 999 0000 00",
        "NSX",
    )
    assert agency.default_commission_pct == Decimal("18.5")
    profile = AuditEvent.objects.filter(
        event_type=AuditEventType.PROFILE_UPDATED, agency=agency
    ).latest("id")
    assert profile.changes["invoice_prefix"] == ["NST", "NSX"]
    commission = AuditEvent.objects.filter(
        event_type=AuditEventType.COMMISSION_CHANGED, agency=agency
    ).latest("id")
    assert commission.changes == {"default_commission_pct": ["20.00", "18.50"]}


def test_saving_the_same_details_again_writes_no_audit_row(cast, login):
    client = login(cast.owner)
    client.post(BILLING, agency_data())
    before = AuditEvent.objects.count()
    client.post(BILLING, agency_data())
    assert AuditEvent.objects.count() == before


def test_the_details_print_on_invoices_issued_afterwards(cast, login, signed, as_manager):
    login(cast.owner).post(BILLING, agency_data())
    upfront = signed.milestones.get(number=1)
    invoice = actions.draft_invoice(offer=signed, milestones=[upfront], **as_manager)
    actions.issue_invoice(invoice=invoice, **as_manager)
    invoice.refresh_from_db()
    assert invoice.number.startswith("NSX-")
    assert invoice.issuer_name == "Northstar Talent Limited"
    assert (
        "1 Soho Square"
        in login(cast.brand).get(reverse("money:invoice", args=[invoice.public_id])).text
    )


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("invoice_prefix", "N-S", "Use up to 8 letters or digits, such as NST."),
        ("default_commission_pct", "101", "Ensure this value is less than or equal to 100."),
        ("default_commission_pct", "", "This field is required."),
    ],
)
def test_a_wrong_value_is_refused_next_to_its_field(cast, login, field, value, error):
    before = AuditEvent.objects.count()
    response = login(cast.owner).post(BILLING, agency_data(**{field: value}))
    assert response.status_code == 422
    assert error in response.text
    cast.northstar.refresh_from_db()
    assert cast.northstar.legal_name != "Northstar Talent Limited"
    assert AuditEvent.objects.count() == before


def test_managers_and_assistants_may_not_change_the_agencys_details(cast, login):
    for user in (cast.manager, cast.assistant):
        client = login(user)
        assert client.get(BILLING).status_code == 403
        assert client.post(BILLING, agency_data()).status_code == 403
    cast.northstar.refresh_from_db()
    assert cast.northstar.invoice_prefix == "NST"


def test_brand_owner_sets_the_brands_details_and_a_member_may_not(cast, login):
    client = login(cast.brand)
    page = client.get(BILLING)
    assert page.status_code == 200 and "Invoice number prefix" not in page.text
    data = {"legal_name": "GlowSkin Paris SAS", "billing_address": "2 rue X", "vat_number": ""}
    assert client.post(BILLING, data).status_code == 302
    cast.glowskin.refresh_from_db()
    assert cast.glowskin.legal_name == "GlowSkin Paris SAS"
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.PROFILE_UPDATED, brand=cast.glowskin
    ).exists()
    member = User.objects.get(email="camille@glowskin.example")
    assert login(member).post(BILLING, data | {"legal_name": "Nope"}).status_code == 403


def test_the_creator_sets_her_own_details(cast, login):
    client = login(cast.creator)
    data = {"legal_name": "Maya Okafor EI", "billing_address": "3 rue Y, Lyon", "vat_number": ""}
    assert client.post(BILLING, data).status_code == 302
    cast.maya.refresh_from_db()
    assert cast.maya.legal_name == "Maya Okafor EI"
    event = AuditEvent.objects.filter(
        event_type=AuditEventType.CREATOR_PROFILE_UPDATED, on_behalf_of=cast.maya
    ).latest("id")
    assert event.changes["legal_name"][1] == "Maya Okafor EI"


# --- a creator's commission ----------------------------------------------------------------
def test_agency_owner_sets_a_creators_commission_and_split(cast, login, rep):
    client = login(cast.owner)
    page = client.get(commission_url(rep))
    assert page.status_code == 200 and "default (20 %)" in page.text
    data = {
        "commission_pct": "15",
        "commission_split_with": "Scout & Co",
        "commission_split_pct": "10",
        "invoice_issuer": "creator",
    }
    response = client.post(commission_url(rep), data)
    assert response.status_code == 302
    rep.refresh_from_db()
    assert (rep.commission_pct, rep.commission_split_pct, rep.invoice_issuer) == (
        Decimal("15"),
        Decimal("10"),
        "creator",
    )
    event = AuditEvent.objects.filter(
        event_type=AuditEventType.COMMISSION_CHANGED, on_behalf_of=cast.maya
    ).latest("id")
    assert event.changes["commission_split_with"] == ["", "Scout & Co"]


def test_a_share_without_whom_is_refused_next_to_its_field(cast, login, rep):
    data = {"commission_pct": "", "commission_split_pct": "10", "invoice_issuer": "agency"}
    before = AuditEvent.objects.count()
    response = login(cast.owner).post(commission_url(rep), data)
    assert response.status_code == 422
    assert "Say who shares the commission." in response.text
    rep.refresh_from_db()
    assert rep.commission_split_pct == 0 and AuditEvent.objects.count() == before


def test_only_the_agencys_admins_set_commissions_and_others_get_404(cast, login, rep):
    data = {"commission_pct": "5", "commission_split_pct": "0", "invoice_issuer": "agency"}
    for user in (cast.manager, cast.assistant):
        assert login(user).post(commission_url(rep), data).status_code == 403
    for user in (cast.lumen_owner, cast.creator, cast.brand):
        assert login(user).get(commission_url(rep)).status_code == 404
    rep.refresh_from_db()
    assert rep.commission_pct is None


def test_the_creator_page_links_the_commission_for_admins_only(cast, login, rep):
    url = reverse("creators:creator", args=[cast.maya.public_id])
    assert commission_url(rep) in login(cast.owner).get(url).text
    assert commission_url(rep) not in login(cast.manager).get(url).text


# --- a deal's commission, before signature -------------------------------------------------
def test_agency_owner_sets_a_deals_commission_before_signature(cast, login, offer):
    url = reverse("money:deal-commission", args=[offer.public_id])
    client = login(cast.owner)
    assert (
        "Change this deal's commission"
        in client.get(reverse("campaigns:offer", args=[offer.public_id])).text
    )
    assert client.post(url, {"commission_pct": "12.5"}).status_code == 302
    assert offer.money.override_pct == Decimal("12.5")
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.COMMISSION_CHANGED, target_id=str(offer.public_id)
    ).exists()
    assert login(cast.manager).post(url, {"commission_pct": "1"}).status_code == 403


def test_a_signed_deals_commission_no_longer_changes(cast, login, signed):
    url = reverse("money:deal-commission", args=[signed.public_id])
    client = login(cast.owner)
    assert "can no longer change" in client.get(url).text
    response = client.post(url, {"commission_pct": "1"}, follow=True)
    assert "can no longer change" in response.text
    signed.money.refresh_from_db()
    assert signed.money.commission_pct == Decimal("20.00")


def test_set_billing_details_refuses_a_non_admin_in_the_action_too(cast):
    from talentdesk.lib.errors import ActionError

    with pytest.raises(ActionError):
        actions.set_billing_details(
            role_of(cast.manager, "agency"),
            actor=cast.manager,
            legal_name="x",
            billing_address="",
            vat_number="",
        )
