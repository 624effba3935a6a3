import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_month_calendar_is_accessible_and_its_deadlines_are_reached_by_keyboard(
    world, page, sign_in, check_a11y, live_server
):
    sign_in(page, "manager@northstar.example")
    page.goto(f"{live_server.url}/notifications/calendar/")
    page.get_by_role("link", name="Month").click()
    expect(page.locator("table.month caption")).to_contain_text("deadline")
    expect(page.locator('td[aria-current="date"]')).to_have_count(1)
    check_a11y(page)
    # Demo deadlines fall in the coming days: this month's grid or the next one's.
    link = page.locator(".month__event a", has_text="Commute in style #2")
    if link.count() == 0:
        page.locator('a[rel="next"]').click()
    link = page.locator(".month__event a", has_text="Commute in style #2").first
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/deliverables/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deliverable 2")


def test_notification_choices_are_saved_from_the_page(
    world, page, sign_in, check_a11y, live_server
):
    sign_in(page, "brand@glowskin.example")
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("link", name="Choose what you get").click()
    check_a11y(page)
    box = page.get_by_label("Messages — By e-mail")
    expect(box).to_be_checked()
    box.uncheck()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your notification choices were saved.")).to_be_visible()
    expect(page.get_by_label("Messages — By e-mail")).not_to_be_checked()
    expect(page.get_by_label("Messages — In the app")).to_be_checked()
