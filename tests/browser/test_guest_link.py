"""Issue 20 in a browser: a manager records an offer a brand e-mailed, sends its guest link; the
brand contact, in a second browser context with no account, counters and signs. Screenshots of
the journey go to SHOTS (SCREENSHOT_DIR, test-results/ by default)."""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_deal_journey import nav, signed_in

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-results"))
EML = (
    b"From: Ines Moreau <ines@solene.example>\r\nTo: manager@northstar.example\r\n"
    b"Date: Mon, 7 Dec 2026 10:00:00 +0000\r\nSubject: Maya x Solene\r\n\r\n"
    b"Hi Marco, we would love two videos from Maya for 1,000 EUR.\r\n"
)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"guest_{name}.png"), full_page=True)


def test_20_recorded_offer_guest_link_counter_and_sign(
    world, browser, live_server, check_a11y, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    manager = signed_in(browser, live_server, "manager@northstar.example")
    nav(manager, "Brand contacts").click()
    expect(manager.get_by_text("No brand contact yet")).to_be_visible()
    check_a11y(manager)
    manager.get_by_role("link", name="Add a brand contact").first.click()
    manager.get_by_label("Company").fill("Solène Cosmetics")
    manager.get_by_label("Contact name").fill("Inès Moreau")
    manager.get_by_label("E-mail").fill("ines@solene.example")
    check_a11y(manager)
    manager.get_by_role("button", name="Add the contact").click()
    expect(manager.get_by_text("Brand contact added.")).to_be_visible()
    manager.get_by_role("link", name="Record an e-mailed offer").click()
    form = manager.locator("form.form-card")
    form.get_by_label("Creator's handle").fill("@mayamoves")
    form.get_by_label("Deal name").fill("Solène winter")
    form.get_by_label("E-mail received on").fill(date.today().isoformat())
    email = tmp_path / "offer.eml"
    email.write_bytes(EML)
    form.get_by_label("The brand's e-mail").set_input_files(str(email))
    form.get_by_label("Price").fill("1000")
    form.get_by_label("Deliverable 1").select_option("video")
    check_a11y(manager)
    shot(manager, "1_record_offer")
    form.get_by_role("button", name="Record the deal").click()
    expect(manager.get_by_text("The deal is recorded.")).to_be_visible()
    offer_url = manager.url
    expect(manager.get_by_role("heading", name="Brand off talentdesk")).to_be_visible()
    # The creator side answers first: the brand's e-mailed price is too low.
    manager.get_by_role("link", name="Change the terms").click()
    manager.get_by_label("Price").fill("1400")
    manager.get_by_role("button", name="Send my changes").click()
    expect(manager.get_by_text("Your changes were sent.")).to_be_visible()
    # What the manager could record instead, from the brand's e-mail.
    manager.get_by_role("link", name="Record the brand's answer").click()
    manager.get_by_role("link", name="Accepted the terms").click()
    expect(manager.get_by_label("The brand's e-mail")).to_be_visible()
    check_a11y(manager)
    shot(manager, "1b_record_answer")
    manager.goto(offer_url)
    manager.get_by_role("button", name="Send a guest link").click()
    expect(manager.get_by_text("Sent to ines@solene.example.")).to_be_visible()
    check_a11y(manager)
    shot(manager, "2_link_sent")
    guest_url = manager.get_by_label("The link").input_value()

    # The brand contact: another browser, no account.
    guest = browser.new_context().new_page()
    guest.goto(guest_url)
    expect(guest.get_by_text("Private link for Inès Moreau")).to_be_visible()
    expect(guest.locator("table.diff")).to_contain_text("1,400.00 EUR")
    check_a11y(guest)
    shot(guest, "3_guest_deal")
    guest.get_by_role("link", name="Propose changes").click()
    guest.get_by_label("Price").fill("1200")
    check_a11y(guest)
    guest.get_by_role("button", name="Send my changes").click()
    expect(guest.get_by_text("Your changes were sent.")).to_be_visible()
    shot(guest, "4_guest_countered")

    manager.goto(offer_url)
    expect(manager.locator("table.diff")).to_contain_text("1,200.00 EUR")
    manager.get_by_role("button", name="Accept version 3").click()
    manager.get_by_role("button", name="Yes: Accept version 3").click()
    manager.get_by_role("link", name="Contract to sign").click()
    manager.get_by_label("Type your full name to sign").fill("Marco Bianchi")
    manager.get_by_role("button", name="Sign the contract").click()
    expect(manager.get_by_text("Signed.")).to_be_visible()

    guest.goto(guest_url)
    guest.get_by_role("link", name="Read and sign the contract").click()
    check_a11y(guest)
    guest.get_by_label("Type your full name to sign").fill("Inès Moreau")
    shot(guest, "5_guest_signing")
    guest.get_by_role("button", name="Sign", exact=True).click()
    expect(guest.get_by_text("Signed. Thank you.")).to_be_visible()
    expect(guest.get_by_text("Drafts being made or reviewed")).to_be_visible()
    shot(guest, "6_guest_signed")

    manager.goto(offer_url)
    expect(manager.get_by_text("Drafts being made or reviewed")).to_be_visible()
    manager.get_by_role("button", name="Revoke the guest link").click()
    expect(manager.get_by_text("The guest link is revoked")).to_be_visible()
    shot(manager, "7_manager_after")
    guest.goto(guest_url)
    expect(guest.get_by_role("heading", name="Page not found")).to_be_visible()
