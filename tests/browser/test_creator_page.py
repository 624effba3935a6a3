import pytest
from playwright.sync_api import expect

from access.models import Representation

pytestmark = pytest.mark.browser


def open_maya(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roster").click()
    page.get_by_role("link", name="@mayamoves").click()


def test_creator_page_shows_stats_rates_audience_and_charts_and_edits_a_rate(
    world, page, live_server, check_a11y
):
    open_maya(page, live_server, "manager@northstar.example")
    panel = page.get_by_role("complementary", name="At a glance")
    expect(panel.get_by_text("Median views", exact=True)).to_be_visible()
    expect(page.locator("#rate-card")).to_contain_text("Video series of 3")
    for alt in (
        "Followers over the window",
        "Views of each video in the window",
        "Audience by age",
    ):
        image = page.get_by_alt_text(alt)
        expect(image).to_be_visible()
        # decode() waits for the SVG to load; a broken image rejects or has no width.
        assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    check_a11y(page)

    page.locator("#rate-card").get_by_role("link", name="Edit Video", exact=True).click()
    expect(page.get_by_role("heading", name="Change a rate")).to_be_visible()  # swapped in
    expect(page.get_by_label("Price")).to_have_value("150.00")
    page.get_by_label("Price").fill("777")
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_role("button", name="Save the rate").click()
    card = page.locator("#rate-card")
    expect(card).to_contain_text("777.00 EUR")
    expect(card.locator(".history")).to_contain_text("150.00 GBP → 777.00 EUR")
    expect(card.locator(".history")).to_contain_text("Marco Bianchi")
    page.screenshot(path="test-results/creator-page.png", full_page=True)
    check_a11y(page)


def test_manager_without_manage_rates_sees_no_edit_control(world, page, live_server, check_a11y):
    Representation.objects.filter(creator__handle="mayamoves", status="active").update(
        scopes=["view_insights"]
    )
    open_maya(page, live_server, "manager@northstar.example")
    expect(page.locator("#rate-card")).to_contain_text("Video")
    expect(page.get_by_role("button", name="Save the rate")).to_have_count(0)
    expect(page.locator("#rate-card").get_by_role("link", name="Edit")).to_have_count(0)
    check_a11y(page)
