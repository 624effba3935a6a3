import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def nav(page, name):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def sign_in_page(browser, live_server, email):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".acting-banner")).to_be_visible()
    return page


def test_invite_accept_appear_revoke_then_the_manager_gets_404(
    world, browser, live_server, check_a11y
):
    manager = sign_in_page(browser, live_server, "manager@northstar.example")
    nav(manager, "Roster").click()
    check_a11y(manager)
    manager.get_by_role("link", name="Add a creator").click()
    manager.get_by_label("Creator's TikTok handle or e-mail address").fill("@tinytinyhomes")
    check_a11y(manager)
    manager.get_by_role("button", name="Send the proposal").click()
    expect(manager.get_by_text("Sent, if this creator exists and is free")).to_be_visible()
    expect(manager.locator("#proposals")).to_contain_text("@tinytinyhomes")

    creator = sign_in_page(browser, live_server, "tinytinyhomes@creators.example")
    nav(creator, "My managers").click()
    expect(creator.get_by_text("Northstar Talent asks to represent you")).to_be_visible()
    check_a11y(creator)
    creator.get_by_role("link", name="Review and accept").click()
    expect(
        creator.get_by_text("See your statistics, audience and video performance")
    ).to_be_visible()
    check_a11y(creator)
    creator.get_by_label("View insights").check()
    creator.get_by_label("Negotiate offers").check()
    creator.get_by_role("button", name="Accept with these permissions").click()
    expect(creator.get_by_text("Northstar Talent now represents you.")).to_be_visible()
    creator.screenshot(path="test-results/creator-my-managers.png", full_page=True)

    nav(manager, "Roster").click()
    manager.get_by_label("Search").fill("tinytiny")
    row_link = manager.get_by_role("link", name="@tinytinyhomes")
    expect(row_link).to_be_visible()  # HTMX swapped the table in
    expect(manager).to_have_url(re.compile(r"q=tinytiny"))
    expect(manager.locator("#roster-table")).to_contain_text("View insights, Negotiate offers")
    check_a11y(manager)

    creator.get_by_role("link", name="Revoke access").click()
    check_a11y(creator)
    creator.get_by_role("button", name="Revoke access").click()
    expect(creator.get_by_text("Northstar Talent no longer represents you.")).to_be_visible()

    row_link.click()  # the manager's very next click
    expect(manager.get_by_role("heading", name="Page not found")).to_be_visible()
    check_a11y(manager)
