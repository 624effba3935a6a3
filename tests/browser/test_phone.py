"""Issue 18, "A phone": at 390 px the header is one compact bar with a "Menu" button, lists are
stacked cards, and no page scrolls sideways."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PAGES = {
    "manager@northstar.example": [
        "home",
        "agencies:roster",
        "campaigns:offers",
        "messaging:inbox",
        "messaging:calendar",
        "creator page",
    ],
    "owner@northstar.example": [
        "access:activity",
        "accounts:team",
        "money:invoices",
        "money:earnings",
    ],
    "creator@creators.example": ["home", "campaigns:offers", "access:activity", "money:earnings"],
    "brand@glowskin.example": ["home", "campaigns:campaigns", "campaigns:offers"],
}


def path_of(name):
    from creators.models import CreatorProfile

    if name == "creator page":
        creator = CreatorProfile.objects.get(handle="mayamoves")
        return reverse("creators:creator", args=[creator.public_id])
    return reverse(name)


def phone_signed_in(browser, live_server, email):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    return page


@pytest.mark.parametrize("email", list(PAGES))
def test_18_no_page_scrolls_sideways_on_a_phone(world, browser, live_server, check_a11y, email):
    page = phone_signed_in(browser, live_server, email)
    for path in map(path_of, PAGES[email]):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide"
        check_a11y(page)
    page.context.close()


def test_18_the_phone_header_is_one_bar_with_a_menu(world, browser, live_server):
    page = phone_signed_in(browser, live_server, "manager@northstar.example")
    page.goto(f"{live_server.url}{reverse('campaigns:offers')}")
    navigation = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    assert not navigation.is_visible()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 120  # the bar and the "acting as" line; it was 315 px
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    navigation.get_by_role("link", name="Inbox").click()
    page.wait_for_url("**/inbox/")
    card = page.locator("table.table--stack tbody tr").first
    assert card.is_visible()
    assert card.bounding_box()["width"] <= PHONE["width"]
    page.context.close()


def test_18_a_desktop_has_no_menu_button(world, browser, live_server):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("manager@northstar.example")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    page.goto(f"{live_server.url}{reverse('agencies:roster')}")
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Main").is_visible()
    page.context.close()
