"""The invoice pages: the deal's money card on the offer page, drafting and issuing, the invoice
laid out as a document with its steps, payments, the PDF, and the invoices list."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from access.models import AuditEvent, AuditEventType, Representation
from campaigns.actions import today
from money import actions, documents
from money.models import Invoice, Payment
from money.transitions import InvoiceStatus, MilestoneStatus, MilestoneTrigger
from tests.campaigns.conftest import role_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def offer_url(offer):
    return reverse("campaigns:offer", args=[offer.public_id])


def invoice_url(invoice, name="money:invoice"):
    return reverse(name, args=[invoice.public_id])


def draft_url(offer):
    return reverse("money:invoice-draft", args=[offer.public_id])


@pytest.fixture
def draft(cast, signed, as_manager):
    upfront = signed.milestones.get(number=1)
    return actions.draft_invoice(offer=signed, milestones=[upfront], **as_manager)


@pytest.fixture
def issued(draft, as_manager):
    actions.issue_invoice(invoice=draft, **as_manager)
    draft.refresh_from_db()
    return draft


def events(kind, about=None):
    rows = AuditEvent.objects.filter(event_type=kind)
    if about is not None:
        rows = rows.filter(target_type="money.invoice", target_id=str(about.public_id))
    return rows.count()


def sign(cast, offer):
    """The offer accepted by Maya and signed by both sides."""
    from campaigns import actions as deal
    from campaigns.contracts import sign_contract
    from campaigns.models import Contract

    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    deal.accept_offer(offer, seen_version=1, **creator)
    contract = Contract.objects.get(offer=offer)
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    sign_contract(contract, full_name="Camille Roux", **brand)
    sign_contract(contract, full_name="Maya Okafor", **creator)


def withdraw_earnings(cast):
    rep = Representation.objects.active().get(creator=cast.maya)
    rep.scopes = [s for s in rep.scopes if s != "view_earnings"]
    rep.save(update_fields=["scopes"])


# --- the offer page's money card ---------------------------------------------------------------
def test_manager_sees_the_milestones_and_drafts_an_invoice_from_the_offer_page(cast, login, signed):
    client = login(cast.manager)
    page = client.get(offer_url(signed))
    assert page.status_code == 200
    card = page.text[page.text.index('id="deal-money"') :]
    assert "On signature" in card and "450.00 EUR" in card and "1,050.00 EUR" in card
    assert "Agency commission: 20 %" in card
    assert "Draft an invoice" in card
    upfront = signed.milestones.get(number=1)
    before = events(AuditEventType.INVOICE_DRAFTED)
    response = client.post(draft_url(signed), {"milestones": [upfront.public_id]})
    invoice = Invoice.objects.get(offer=signed)
    assert response.status_code == 302 and response.url == invoice_url(invoice)
    assert (invoice.status, invoice.total, invoice.vat_rate) == ("draft", Decimal("450.00"), None)
    assert events(AuditEventType.INVOICE_DRAFTED) == before + 1


def test_draft_with_vat_adds_it_to_the_total(cast, login, signed):
    upfront = signed.milestones.get(number=1)
    data = {"milestones": [upfront.public_id], "vat_rate": "20"}
    login(cast.manager).post(draft_url(signed), data)
    invoice = Invoice.objects.get(offer=signed)
    assert (invoice.vat_amount, invoice.total) == (Decimal("90.00"), Decimal("540.00"))


def test_french_reader_types_the_vat_rate_with_a_comma(cast, login, signed):
    client = login(cast.manager)
    client.post(reverse("accounts:language"), {"language": "fr"})
    upfront = signed.milestones.get(number=1)
    client.post(draft_url(signed), {"milestones": [upfront.public_id], "vat_rate": "5,5"})
    assert Invoice.objects.get(offer=signed).vat_rate == Decimal("5.5")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Choose at least one milestone."),
        ({"vat_rate": "140"}, "Ensure this value is less than or equal to 100."),
        ({"milestones": ["not-a-milestone"]}, "Select a valid choice."),
    ],
)
def test_a_wrong_draft_shows_its_error_and_changes_nothing(cast, login, signed, data, error):
    upfront = signed.milestones.get(number=1)
    if "vat_rate" in data:
        data["milestones"] = [upfront.public_id]
    before = AuditEvent.objects.count()
    response = login(cast.manager).post(draft_url(signed), data)
    assert response.status_code == 422
    assert error in response.text
    assert not Invoice.objects.filter(offer=signed).exists()
    assert AuditEvent.objects.count() == before


def test_the_brand_sees_the_milestones_and_issued_invoices_but_no_commission(
    cast, login, draft, as_manager
):
    client = login(cast.brand)
    card = client.get(offer_url(draft.offer)).text
    assert "On signature" in card and "commission" not in card.lower()
    assert "No invoice yet." in card  # a draft is not sent: the brand does not see it
    assert "Draft an invoice" not in card
    assert client.get(invoice_url(draft)).status_code == 404
    actions.issue_invoice(invoice=draft, **as_manager)
    draft.refresh_from_db()
    assert draft.number in client.get(offer_url(draft.offer)).text


def test_manager_without_view_earnings_sees_why_the_money_is_withheld(cast, login, issued):
    withdraw_earnings(cast)
    client = login(cast.manager)
    page = client.get(offer_url(issued.offer)).text
    assert "The creator has not shared their earnings with your agency." in page
    assert issued.number not in page
    for url in (invoice_url(issued), invoice_url(issued, "money:invoice-pdf")):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "The creator has not shared their earnings" in response.text
    assert client.get(draft_url(issued.offer)).status_code == 403


def test_the_creator_invoicing_herself_drafts_and_her_agency_only_looks(
    cast, login, offer, settings, tmp_path
):
    Representation.objects.filter(creator=cast.maya).update(invoice_issuer="creator")
    sign(cast, offer)  # the issuer is frozen at signature
    assert "Draft an invoice" in login(cast.creator).get(offer_url(offer)).text
    manager = login(cast.manager)
    assert "Draft an invoice" not in manager.get(offer_url(offer)).text
    response = manager.get(draft_url(offer))
    assert response.status_code == 403
    assert "The creator invoices this deal herself." in response.text


# --- the invoice page --------------------------------------------------------------------------
def test_the_invoice_page_reads_as_an_invoice(cast, login, issued):
    page = login(cast.manager).get(invoice_url(issued))
    assert page.status_code == 200
    text = page.text
    for expected in (
        f"Invoice {issued.number}",
        "Northstar Talent Ltd",  # the agency issues…
        "On behalf of",  # …for Maya
        "GlowSkin SAS",
        "FR 82 987654321",
        "Subtotal",
        "Balance due",
        "450.00 EUR",
        "Record a payment",
        "Void",
    ):
        assert expected in text, expected
    assert "Issue" not in [b.strip() for b in text.split('class="button">')[1:2]]


def test_manager_issues_a_draft_on_its_page(cast, login, draft):
    client = login(cast.manager)
    page = client.get(invoice_url(draft)).text
    assert "Draft invoice" in page and ">Issue</button>" in page
    before = events(AuditEventType.INVOICE_ISSUED, draft)
    response = client.post(invoice_url(draft), {"verb": "issue"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == InvoiceStatus.ISSUED and draft.number.startswith("NST-")
    assert events(AuditEventType.INVOICE_ISSUED, draft) == before + 1
    assert draft.number in client.get(invoice_url(draft)).text


def test_issuing_twice_says_it_moved_on(cast, login, issued):
    response = login(cast.manager).post(invoice_url(issued), {"verb": "issue"}, follow=True)
    assert "no longer possible" in response.text


def test_void_asks_a_reason_next_to_its_button(cast, login, issued):
    client = login(cast.manager)
    before = AuditEvent.objects.count()
    response = client.post(invoice_url(issued), {"verb": "void", "reason": ""})
    assert response.status_code == 422
    assert 'id="void-reason-errors"' in response.text
    issued.refresh_from_db()
    assert issued.status == InvoiceStatus.ISSUED and AuditEvent.objects.count() == before
    client.post(invoice_url(issued), {"verb": "void", "reason": "Wrong brand entity"})
    issued.refresh_from_db()
    assert issued.status == InvoiceStatus.VOID
    page = client.get(invoice_url(issued)).text
    assert "Wrong brand entity" in page and "This invoice is void" in page
    assert issued.lines.get().milestone.status == MilestoneStatus.DUE  # may be invoiced again


def test_brand_marks_the_invoice_paid(cast, login, issued):
    client = login(cast.brand)
    page = client.get(invoice_url(issued)).text
    assert "Mark as paid (450.00 EUR)" in page
    assert "Record a payment" not in page and "Void" not in page
    before = events(AuditEventType.INVOICE_PAID, issued)
    assert client.post(invoice_url(issued), {"verb": "mark_paid"}).status_code == 302
    issued.refresh_from_db()
    assert issued.status == InvoiceStatus.PAID and issued.balance == 0
    assert events(AuditEventType.INVOICE_PAID, issued) == before + 1
    page = client.get(invoice_url(issued)).text
    assert "Mark as paid" not in page and "Creator's net" not in page
    assert "The brand" in page


def test_brand_cannot_record_a_payment_nor_void(cast, login, issued):
    client = login(cast.brand)
    data = {"verb": "pay", "amount": "10", "paid_on": today().isoformat()}
    assert client.post(invoice_url(issued), data).status_code == 403
    assert client.post(invoice_url(issued), {"verb": "void", "reason": "x"}).status_code == 403
    assert not Payment.objects.filter(invoice=issued).exists()


def test_agency_records_a_partial_payment_and_the_balance_remains(cast, login, issued):
    client = login(cast.manager)
    data = {"verb": "pay", "amount": "200.00", "paid_on": today().isoformat(), "reference": "TRX-1"}
    assert client.post(invoice_url(issued), data).status_code == 302
    issued.refresh_from_db()
    assert issued.status == InvoiceStatus.ISSUED and issued.balance == Decimal("250.00")
    page = client.get(invoice_url(issued)).text
    assert "TRX-1" in page and "250.00 EUR" in page
    assert "40.00 EUR" in page and "160.00 EUR" in page  # commission 20 %, her net


def test_a_french_manager_records_a_payment_with_a_decimal_comma(cast, login, issued):
    client = login(cast.manager)
    client.post(reverse("accounts:language"), {"language": "fr"})
    data = {"verb": "pay", "amount": "12,50", "paid_on": today().isoformat()}
    assert client.post(invoice_url(issued), data).status_code == 302
    assert Payment.objects.get(invoice=issued).amount == Decimal("12.50")


@pytest.mark.parametrize(
    ("amount", "error"),
    [
        ("450.01", "That is more than the 450.00 EUR still owed."),
        ("-5", "Give an amount above zero."),
        ("0.001", "EUR amounts have 2 decimal places."),
        ("lots", "Enter a number."),
    ],
)
def test_a_wrong_payment_shows_its_error_next_to_the_amount(cast, login, issued, amount, error):
    before = AuditEvent.objects.count()
    data = {"verb": "pay", "amount": amount, "paid_on": today().isoformat()}
    response = login(cast.manager).post(invoice_url(issued), data)
    assert response.status_code == 422
    field = response.text[response.text.index('id="id_amount"') - 600 :]
    assert error in field[:1200]
    assert not Payment.objects.filter(invoice=issued).exists()
    assert AuditEvent.objects.count() == before


def test_a_payment_dated_tomorrow_is_refused_next_to_its_date(cast, login, issued):
    from datetime import timedelta

    data = {"verb": "pay", "amount": "10", "paid_on": (today() + timedelta(days=1)).isoformat()}
    response = login(cast.manager).post(invoice_url(issued), data)
    assert response.status_code == 422
    assert "A payment cannot be dated in the future." in response.text


def test_a_payment_dated_before_the_issue_is_refused_and_changes_nothing(cast, login, issued):
    from datetime import timedelta

    before = AuditEvent.objects.count()
    day = issued.issued_on - timedelta(days=1)
    data = {"verb": "pay", "amount": "10", "paid_on": day.isoformat()}
    response = login(cast.manager).post(invoice_url(issued), data)
    assert response.status_code == 422
    assert "A payment cannot be dated before the invoice was issued" in response.text
    assert not Payment.objects.filter(invoice=issued).exists()
    assert AuditEvent.objects.count() == before


def test_the_creator_sees_the_commission_and_her_net_of_each_payment(cast, login, issued):
    actions.record_payment(
        role_of(cast.brand, "brand"), issued, actor=cast.brand, amount=Decimal("100")
    )
    page = login(cast.creator).get(invoice_url(issued)).text
    assert "Creator's net" in page and "80.00 EUR" in page
    assert "Record a payment" not in page  # her agency invoices for her


def test_the_read_only_assistant_sees_the_invoice_but_cannot_act(cast, login, issued):
    client = login(cast.assistant)
    page = client.get(invoice_url(issued))
    assert page.status_code == 200
    assert "Record a payment" not in page.text and "read-only" in page.text
    assert client.post(invoice_url(issued), {"verb": "void", "reason": "x"}).status_code == 403
    data = {"verb": "pay", "amount": "10", "paid_on": today().isoformat()}
    assert client.post(invoice_url(issued), data).status_code == 403
    issued.refresh_from_db()
    assert issued.status == InvoiceStatus.ISSUED


def test_outsiders_get_404_on_every_invoice_page(cast, login, issued):
    urls = [
        invoice_url(issued),
        invoice_url(issued, "money:invoice-pdf"),
        draft_url(issued.offer),
    ]
    for user in (cast.lumen_manager, cast.outsider_brand, cast.creator2, cast.manager2):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.email, url)
        assert client.post(urls[0], {"verb": "mark_paid"}).status_code == 404
    issued.refresh_from_db()
    assert issued.status == InvoiceStatus.ISSUED


def test_anonymous_visitors_are_sent_to_sign_in(anon, issued):
    response = anon.get(invoice_url(issued))
    assert response.status_code == 302 and "/accounts/login/" in response.url


# --- the PDF -----------------------------------------------------------------------------------
def test_the_pdf_is_a_pdf(cast, login, issued):
    response = login(cast.brand).get(invoice_url(issued, "money:invoice-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"invoice-{issued.number}.pdf" in response["Content-Disposition"]


def test_the_document_is_in_the_recipients_language(issued):
    issued.language = "fr"
    html = documents.document_html(issued)
    assert '<html lang="fr">' in html and "Facture" in html
    with translation.override("fr"):
        when = str(MilestoneTrigger.SIGNATURE.label)
    assert f"Summer glow: {when} (30 %)" in html  # the line in her language too
    assert "450,00" in html  # French decimals, whatever the reader's language
    assert issued.number in html and "GlowSkin SAS" in html


def test_without_weasyprints_libraries_the_page_says_so(cast, login, issued, monkeypatch):
    monkeypatch.setattr(documents, "pdf_bytes", lambda invoice: None)
    response = login(cast.manager).get(invoice_url(issued, "money:invoice-pdf"), follow=True)
    assert "PDF is not available on this server" in response.text


# --- the invoices list -------------------------------------------------------------------------
def test_the_list_has_a_tab_per_status_with_its_count(cast, login, issued):
    client = login(cast.manager)
    visible = Invoice.objects.visible_to(role_of(cast.manager, "agency"))
    page = client.get(reverse("money:invoices"))
    assert page.status_code == 200
    issued_count = visible.filter(status=InvoiceStatus.ISSUED).count()
    assert f'Issued <span class="badge">{issued_count}</span>' in page.text
    assert issued.number in page.text
    void = client.get(reverse("money:invoices") + "?status=void").text
    assert issued.number not in void


def test_the_list_as_an_htmx_partial_is_only_the_table(cast, login, issued):
    response = login(cast.brand).get(
        reverse("money:invoices") + "?status=issued",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="invoice-table",
    )
    assert response.text.lstrip().startswith('<div id="invoice-table">')
    assert issued.number in response.text


def test_an_empty_tab_says_so(cast, login):
    page = login(cast.creator2).get(reverse("money:invoices") + "?status=void")
    assert 'class="empty-state"' in page.text and "<table" not in page.text


def test_the_list_and_the_deal_card_read_the_same_queries_at_two_sizes(
    cast, login, signed, as_manager, complete
):
    clients = {"manager": login(cast.manager), "brand": login(cast.brand)}
    urls = [reverse("money:invoices"), offer_url(signed)]

    def counts():
        return {
            (who, url): count_queries(lambda c=client, u=url: c.get(u))
            for who, client in clients.items()
            for url in urls
        }

    upfront = signed.milestones.get(number=1)
    first = actions.draft_invoice(offer=signed, milestones=[upfront], **as_manager)
    actions.issue_invoice(invoice=first, **as_manager)
    counts()  # warm the sessions
    small = counts()
    complete(signed)
    rest = signed.milestones.get(number=2)
    second = actions.draft_invoice(offer=signed, milestones=[rest], **as_manager)
    actions.issue_invoice(invoice=second, **as_manager)
    for n in range(3):  # voided and drafted again: more rows on both pages
        actions.void_invoice(invoice=second, reason=f"Redo {n}", **as_manager)
        second = actions.draft_invoice(offer=signed, milestones=[rest], **as_manager)
        actions.issue_invoice(invoice=second, **as_manager)
    assert counts() == small
