import pytest
from playwright.sync_api import expect

from campaigns.models import Offer

pytestmark = pytest.mark.browser


def signed_in(browser, live_server, email):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    return page


def test_a_message_shows_an_unread_badge_on_the_other_side_without_a_reload(
    world, browser, live_server, check_a11y
):
    offer = Offer.objects.get(creator__handle="mayamoves", campaign__name="Summer glow routine")
    manager = signed_in(browser, live_server, "manager@northstar.example")
    manager.goto(f"{live_server.url}/offers/{offer.public_id}/")
    badge = manager.locator("#unread")
    expect(badge).to_have_text("Messages")

    brand = signed_in(browser, live_server, "brand@glowskin.example")
    brand.goto(f"{live_server.url}/notifications/offers/{offer.public_id}/")
    brand.get_by_label("Message").fill("Could you post on Friday evening?")
    brand.get_by_role("button", name="Send").click()
    expect(brand.locator("#thread")).to_contain_text("Could you post on Friday evening?")
    check_a11y(brand)

    expect(badge).to_contain_text("1 new", timeout=12_000)  # HTMX polling, no reload
    badge.click()
    expect(manager.locator("#thread")).to_contain_text("Could you post on Friday evening?")
    check_a11y(manager)
