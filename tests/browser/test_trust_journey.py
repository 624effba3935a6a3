"""The creator's grant in the browser: terms above her ceiling wait for her whoever accepts last,
the contract says who signed for whom, and insights she withdraws are withheld with the reason."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = "test-results"


def signed_in(browser, live_server, email):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".acting-banner")).to_be_visible()
    return page


def nav(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def test_a_counter_above_the_ceiling_waits_for_her_then_the_manager_signs_for_her(
    world, browser, live_server, check_a11y
):
    from campaigns.models import Offer

    offer = Offer.objects.get(campaign__name="Summer glow routine", creator__handle="mayamoves")
    url = f"{live_server.url}/offers/{offer.public_id}/"  # countered by the manager, to GlowSkin

    manager = signed_in(browser, live_server, "manager@northstar.example")
    brand = signed_in(browser, live_server, "brand@glowskin.example")
    brand.goto(url)
    brand.get_by_role("link", name="Change the terms").click()
    brand.get_by_label("Price").fill("1600")
    brand.get_by_role("button", name="Send my changes").click()
    manager.goto(url)
    manager.get_by_role("link", name="Change the terms").click()
    manager.get_by_label("Price").fill("4000")  # Maya lets Northstar accept up to 2,500 EUR
    manager.get_by_role("button", name="Send my changes").click()
    expect(manager.get_by_text("Your changes were sent.")).to_be_visible()

    brand.goto(url)
    brand.get_by_role("button", name="Accept version 6").click()
    brand.get_by_role("button", name="Yes: Accept version 6").click()
    expect(brand.get_by_text("Accepted: the creator approves these terms next.")).to_be_visible()
    expect(brand.get_by_text("Awaiting the creator's approval")).to_be_visible()
    expect(brand.get_by_role("link", name="Contract to sign")).to_have_count(0)
    check_a11y(brand)

    creator = signed_in(browser, live_server, "creator@creators.example")
    creator.goto(url)
    check_a11y(creator)
    creator.screenshot(path=f"{SHOTS}/offer-awaiting-her-approval.png", full_page=True)
    creator.get_by_role("button", name="Approve these terms").click()
    creator.get_by_role("button", name="Yes: Approve these terms").click()
    expect(
        creator.get_by_text("Done: the offer is now “Accepted: contract to sign”.")
    ).to_be_visible()
    expect(creator.get_by_text("Accepted: contract to sign", exact=True)).to_be_visible()

    manager.goto(url)
    manager.get_by_role("link", name="Contract to sign").click()
    manager.get_by_label("Type your full name to sign").fill("Somebody Else")
    manager.get_by_role("button", name="Sign the contract").click()
    expect(manager.get_by_text("Type your own full name, as on your account")).to_be_visible()
    check_a11y(manager)
    manager.get_by_label("Type your full name to sign").fill("marco bianchi")
    manager.get_by_role("button", name="Sign the contract").click()
    expect(manager.get_by_text("Marco Bianchi, Northstar Talent, for @mayamoves")).to_be_visible()
    manager.screenshot(path=f"{SHOTS}/contract-signed-for-her.png", full_page=True)
    check_a11y(manager)


def test_insights_she_withdraws_are_withheld_with_the_reason(
    world, browser, live_server, check_a11y
):
    creator = signed_in(browser, live_server, "creator@creators.example")
    nav(creator, "My managers").click()
    creator.get_by_label("View insights").uncheck()
    creator.get_by_label("Manage rates").uncheck()
    creator.get_by_role("button", name="Save my choices").click()
    expect(creator.get_by_text("Your choices apply from now on.")).to_be_visible()

    manager = signed_in(browser, live_server, "manager@northstar.example")
    nav(manager, "Roster").click()
    row = manager.locator("tr", has=manager.get_by_role("link", name="@mayamoves"))
    expect(row).to_contain_text("withheld")
    expect(manager.locator("#roster-withheld")).to_be_visible()
    check_a11y(manager)
    manager.get_by_role("link", name="@mayamoves").click()
    expect(manager.get_by_text("Insights withheld")).to_be_visible()
    expect(manager.locator("img[src*='/charts/']")).to_have_count(0)
    check_a11y(manager)
    manager.screenshot(path=f"{SHOTS}/creator-page-withheld.png", full_page=True)
