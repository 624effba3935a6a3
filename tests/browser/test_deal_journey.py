import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def signed_in(browser, live_server, email):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    return page


def nav(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def test_offer_counter_diff_accept_sign_moves_to_active(world, browser, live_server, check_a11y):
    brand = signed_in(browser, live_server, "brand@glowskin.example")
    nav(brand, "Campaigns").click()
    brand.get_by_role("link", name="New campaign").click()
    brand.get_by_label("Name").fill("Winter care")
    brand.get_by_label("Budget").fill("8000")
    brand.get_by_label("Start").fill(date.today().isoformat())
    brand.get_by_label("End").fill((date.today() + timedelta(days=60)).isoformat())
    check_a11y(brand)
    brand.get_by_role("button", name="Create the campaign").click()
    form = brand.locator("form.form-card")
    form.get_by_label("Creator's handle").fill("@mayamoves")
    form.get_by_label("Price").fill("1000")
    form.get_by_label("Deliverable 1").select_option("video")
    check_a11y(brand)
    form.get_by_role("button", name="Send the offer").click()
    expect(brand.get_by_text("Offer sent to @mayamoves.")).to_be_visible()
    offer_url = brand.url

    manager = signed_in(browser, live_server, "manager@northstar.example")
    nav(manager, "Offers").click()
    expect(manager.locator("main table")).to_contain_text("Winter care")
    manager.goto(offer_url)
    manager.get_by_role("link", name="Change the terms").click()
    expect(manager.get_by_label("Price")).to_be_focused()
    manager.get_by_label("Price").fill("1300")
    manager.get_by_role("button", name="Send my changes").click()
    expect(manager.get_by_text("Your changes were sent.")).to_be_visible()
    check_a11y(manager)

    brand.reload()
    diff = brand.locator("table.diff")
    expect(diff).to_contain_text("1,000.00 EUR")
    expect(diff).to_contain_text("1,300.00 EUR")
    check_a11y(brand)
    brand.get_by_role("button", name="Accept version 2").click()
    expect(brand.get_by_text("Neither side can change these terms afterwards.")).to_be_visible()
    brand.get_by_role("button", name="Yes: Accept version 2").click()
    brand.get_by_role("link", name="Contract to sign").click()
    brand.get_by_label("Type your full name to sign").fill("Camille Roux")
    brand.get_by_role("button", name="Sign the contract").click()
    expect(brand.get_by_text("Signed.")).to_be_visible()

    manager.goto(offer_url)
    manager.get_by_role("link", name="Contract to sign").click()
    manager.get_by_label("Type your full name to sign").fill("Marco Bianchi")
    manager.get_by_role("button", name="Sign the contract").click()
    expect(manager.get_by_text("Sealed with SHA-256")).to_be_visible()
    check_a11y(manager)

    for page in (brand, manager):
        nav(page, "Offers").click()
        page.get_by_role("navigation", name="Offer tabs").get_by_role(
            "link", name=re.compile(r"^Active")
        ).click()
        expect(page.locator("main table")).to_contain_text("Winter care")
    check_a11y(brand)
