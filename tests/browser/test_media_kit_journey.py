"""Issue 19 in a browser: the creator opens My numbers, turns her media kit on, and a brand opens
it and asks for an offer (screenshots in English and French; axe-core on every page)."""

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOT_DIR", "test-results")


def test_19_my_numbers_then_media_kit_then_a_brand_asks(
    world, page, browser, live_server, sign_in, check_a11y
):
    os.makedirs(SHOTS, exist_ok=True)
    sign_in(page, "creator@creators.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My numbers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My numbers")
    expect(page.locator("#rate-card")).to_contain_text("Video series of 3")
    image = page.get_by_alt_text("Followers over the window")
    assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    check_a11y(page)
    page.screenshot(path=f"{SHOTS}/mediakit_my_numbers_en.png", full_page=True)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Media kit").click()
    page.get_by_label("My media kit is on: anyone with its link sees it").check()
    page.locator("#id_show_audience").check()
    page.get_by_label("Median views").check()
    page.get_by_label("Engagement rate").check()
    page.get_by_role("button", name="Save the media kit").click()
    check_a11y(page)
    link = page.locator("#kit-link").get_attribute("href")

    brand = browser.new_page()
    sign_in(brand, "brand@glowskin.example")
    brand.goto(f"{live_server.url}{link}")
    expect(brand.locator("#kit-median_views")).to_be_visible()
    expect(brand.locator("#kit-rates")).to_have_count(0)  # her rate card is private
    check_a11y(brand)
    brand.screenshot(path=f"{SHOTS}/mediakit_page_en.png", full_page=True)
    brand.get_by_role("link", name="Ask for an offer").click()
    expect(brand.get_by_role("heading", level=1)).to_contain_text("@mayamoves")
    check_a11y(brand)

    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.goto(f"{live_server.url}/creator/numbers/")
    check_a11y(page)
    page.screenshot(path=f"{SHOTS}/mediakit_my_numbers_fr.png", full_page=True)
    brand.goto(f"{live_server.url}{link}")
    brand.get_by_role("button", name="Français").click()
    brand.wait_for_load_state()
    expect(brand.locator("html")).to_have_attribute("lang", "fr")
    check_a11y(brand)
    brand.screenshot(path=f"{SHOTS}/mediakit_page_fr.png", full_page=True)
