"""A deal's invoice in the browser (issue 16): the deal is done, the manager drafts and issues
the invoice from the offer page, the brand marks it paid on the invoice page, and the invoice
shows paid. Screenshots of the invoice page in English and French go to test-results/."""

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def completed_deal():
    """A GlowSkin offer to Maya, accepted, signed and delivered: every milestone is due."""
    from access.hats import roles_for
    from accounts.models import User
    from brands.models import Brand
    from campaigns import actions
    from campaigns.actions import today
    from campaigns.contracts import sign_contract
    from campaigns.models import Contract
    from creators.models import CreatorProfile
    from deliverables import actions as work

    brand_user = User.objects.get(email="brand@glowskin.example")
    creator_user = User.objects.get(email="creator@creators.example")
    brand = {"role": roles_for(brand_user)[0], "actor": brand_user}
    creator = {"role": next(r for r in roles_for(creator_user) if r.kind == "creator")}
    creator["actor"] = creator_user
    campaign = actions.create_campaign(
        Brand.objects.get(name="GlowSkin"),
        actor=brand_user,
        name="Autumn glow",
        budget=Decimal("5000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    terms = {
        "price": Decimal("1200.00"),
        "currency": "EUR",
        "deliverables": [
            {"type": "video", "count": 1, "due": (today() + timedelta(days=20)).isoformat()}
        ],
        "upfront_pct": Decimal("25"),
        "net_days": 30,
        "usage_days": 30,
        "paid_ads_days": 0,
        "exclusivity_categories": [],
        "exclusivity_days": 0,
        "revision_rounds": 2,
        "response_deadline": today() + timedelta(days=7),
    }
    maya = CreatorProfile.objects.get(handle="mayamoves")
    offer = actions.send_offer(campaign, creator=maya, terms=terms, **brand)
    actions.accept_offer(offer, seen_version=1, **creator)
    contract = Contract.objects.get(offer=offer)
    sign_contract(contract, full_name="Camille Roux", **brand)
    sign_contract(contract, full_name="Maya Okafor", **creator)
    for item in offer.deliverables.all():
        work.submit_draft(item, link="https://drive.example.com/autumn", **creator)
        work.give_feedback(item, body="", kind="approval", **brand)
        work.mark_posted(
            item, url="https://www.tiktok.com/@mayamoves/video/7320000000000000001", **creator
        )
        work.verify(item, **brand)
    return offer


def signed_in(browser, live_server, email):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_the_agency_issues_the_invoice_and_the_brand_marks_it_paid(
    world, browser, live_server, check_a11y, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    offer = completed_deal()

    manager = signed_in(browser, live_server, "manager@northstar.example")
    manager.goto(f"{live_server.url}/offers/{offer.public_id}/")
    card = manager.locator("#deal-money")
    expect(card).to_contain_text("Agency commission: 20 %")
    expect(card).to_contain_text("900.00 EUR")
    check_a11y(manager)
    card.get_by_label("VAT rate (%)").fill("20")
    card.get_by_role("button", name="Draft the invoice").click()
    expect(manager.get_by_text("Draft saved: check it, then issue it.")).to_be_visible()
    expect(manager.locator("tfoot")).to_contain_text("1,440.00 EUR")  # 1,200 + 20 % VAT
    check_a11y(manager)
    manager.get_by_role("button", name="Issue", exact=True).click()
    expect(manager.get_by_text("issued.", exact=False)).to_be_visible()
    heading = manager.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Invoice NST-")
    invoice_url = manager.url

    brand = signed_in(browser, live_server, "brand@glowskin.example")
    brand.goto(invoice_url)
    expect(brand.locator("main")).to_contain_text("GlowSkin SAS")
    expect(brand.locator("main")).not_to_contain_text("Commission")
    check_a11y(brand)
    brand.get_by_role("button", name="Mark as paid (1,440.00 EUR)").click()
    expect(brand.get_by_text("Marked as paid. Thank you.")).to_be_visible()
    expect(brand.get_by_role("heading", level=1)).to_contain_text("Paid")
    expect(brand.locator("tfoot")).to_contain_text("0.00 EUR")
    check_a11y(brand)
    brand.screenshot(path=f"{SHOTS}/invoice-paid-en.png", full_page=True)

    brand.get_by_role("button", name="Français").click()
    brand.wait_for_load_state()
    expect(brand.locator("html")).to_have_attribute("lang", "fr")
    expect(brand.locator("tfoot")).to_contain_text("1\u202f440,00 EUR")
    check_a11y(brand)
    brand.screenshot(path=f"{SHOTS}/invoice-paid-fr.png", full_page=True)

    manager.reload()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Paid")
    expect(manager.locator("main")).to_contain_text("Creator's net")
    pdf = manager.request.get(f"{invoice_url}pdf/")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
