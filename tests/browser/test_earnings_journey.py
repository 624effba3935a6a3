"""Earnings in the browser (issue 16): a signed deal's upfront invoice, issued by Northstar and
paid by GlowSkin through the money actions; Maya's earnings page and her agency's show the same
commission and net, in English and in French. Screenshots go to test-results/."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def paid_deal():
    """A GlowSkin deal with Maya, signed; its 30 % upfront invoiced by Northstar and paid."""
    from campaigns import actions
    from campaigns.actions import today
    from campaigns.contracts import sign_contract
    from campaigns.models import Contract
    from tests.campaigns.conftest import role_of, terms
    from tests.conftest import build_cast
    from tests.money.test_earnings import invoice_upfront

    cast = build_cast()
    brand, creator = role_of(cast.brand, "brand"), role_of(cast.creator, "creator")
    campaign = actions.create_campaign(
        cast.glowskin,
        actor=cast.brand,
        name="Winter glow",
        budget=Decimal("9000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    offer = actions.send_offer(
        campaign,
        role=brand,
        actor=cast.brand,
        creator=cast.maya,
        terms=terms(price=Decimal("2500.00")),
    )
    actions.accept_offer(offer, role=creator, actor=cast.creator, seen_version=1)
    contract = Contract.objects.get(offer=offer)
    sign_contract(contract, role=brand, actor=cast.brand, full_name=cast.brand.name)
    sign_contract(contract, role=creator, actor=cast.creator, full_name=cast.creator.name)
    offer.refresh_from_db()
    return cast, invoice_upfront(cast, offer)


def signed_in(browser, live_server, email):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def figures(page, currency="EUR") -> dict[str, str]:
    section = page.locator("section", has=page.locator(f"#totals-{currency}"))
    return {
        name: section.locator(f'[data-figure="{name}"]').inner_text()
        for name in ("commission", "net")
    }


def chart_drawn(page) -> bool:
    """The chart <img> loaded (a strict CSP or a 4xx would leave it broken)."""
    return page.locator("img[src*='chart.svg']").first.evaluate("i => i.naturalWidth > 0")


def test_the_creator_and_her_agency_see_the_same_commission_and_net(
    world, browser, live_server, check_a11y, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    cast, invoice = paid_deal()
    assert invoice.status == "paid"

    creator = signed_in(browser, live_server, "creator@creators.example")
    creator.goto(f"{live_server.url}/earnings/")
    expect(creator.get_by_role("heading", level=1)).to_have_text("My earnings")
    expect(creator.get_by_text("Your net").first).to_be_visible()
    hers = figures(creator)
    assert re.fullmatch(r"[\d,]+\.\d\d EUR", hers["net"]), hers
    assert chart_drawn(creator)
    check_a11y(creator)
    creator.screenshot(path=f"{SHOTS}/earnings-creator-en.png", full_page=True)

    owner = signed_in(browser, live_server, "owner@northstar.example")
    owner.goto(f"{live_server.url}/earnings/?by=creator")
    expect(owner.get_by_role("heading", level=1)).to_contain_text("Earnings")
    assert chart_drawn(owner)
    check_a11y(owner)
    owner.screenshot(path=f"{SHOTS}/earnings-agency-en.png", full_page=True)
    row = owner.locator("#earnings-table tbody tr", has_text="@mayamoves").filter(has_text="EUR")
    cells = row.locator("td").all_inner_texts()
    assert cells[-2:] == [hers["commission"], hers["net"]]  # commission, creator's net columns
    owner.get_by_role("link", name="By brand").click()
    expect(owner.locator("#earnings-table")).to_contain_text("GlowSkin")
    owner.get_by_role("link", name="By creator").click()
    owner.get_by_role("link", name="@mayamoves").first.click()  # a row per currency
    expect(owner.get_by_role("heading", level=1)).to_have_text("Earnings of @mayamoves")
    assert figures(owner) == hers
    check_a11y(owner)
    owner.screenshot(path=f"{SHOTS}/earnings-her-statement-agency-en.png", full_page=True)

    creator.get_by_role("button", name="Français").click()
    creator.wait_for_load_state()
    expect(creator.locator("html")).to_have_attribute("lang", "fr")
    hers_fr = figures(creator)
    # The same amount as French writes it: a decimal comma, a (narrow) space between thousands.
    assert re.sub("[\u202f\xa0]", "", hers_fr["net"]) == hers["net"].replace(",", "").replace(
        ".", ","
    )
    check_a11y(creator)
    creator.screenshot(path=f"{SHOTS}/earnings-creator-fr.png", full_page=True)

    owner.get_by_role("button", name="Français").click()
    owner.wait_for_load_state()
    expect(owner.locator("html")).to_have_attribute("lang", "fr")
    assert figures(owner) == hers_fr
    check_a11y(owner)
    owner.goto(f"{live_server.url}/earnings/")
    owner.screenshot(path=f"{SHOTS}/earnings-agency-fr.png", full_page=True)
    check_a11y(owner)

    export = owner.request.get(f"{live_server.url}/earnings/export.xlsx?what=invoices")
    assert export.ok and export.body()[:2] == b"PK"  # a zip: the XLSX
