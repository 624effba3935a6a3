"""Issue 17 in a browser: an agency invites a creator who has no account by e-mail; she
signs up from the link in the e-mail (the address locked), sets up her creator profile and
accepts the proposal with two scopes."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
NEW = "nina.new@example.com"


def test_17_agency_invites_a_new_creator_who_signs_up_and_accepts_with_two_scopes(
    world, browser, live_server, check_a11y, sign_in
):
    agency = browser.new_context().new_page()
    sign_in(agency, "manager@northstar.example")
    agency.goto(f"{live_server.url}/agency/roster/invite/")
    agency.get_by_label("Creator's TikTok handle or e-mail address").fill(NEW)
    agency.get_by_label("Message to the creator").fill("We love your cooking videos & reels.")
    agency.get_by_role("button", name="Send the proposal").click()
    expect(agency.get_by_text("Sent, if this creator exists and is free")).to_be_visible()
    invited = agency.locator("#proposals .invitation")
    expect(invited).to_contain_text(NEW)
    expect(invited).to_contain_text("invited by e-mail")
    check_a11y(agency)
    agency.locator("#proposals").screenshot(path="test-results/17-roster-invited.png")

    message = next(m for m in reversed(mail.outbox) if m.to == [NEW])
    assert message.subject == "Northstar Talent invites you to be represented on talentdesk"
    link = re.search(r"https?://\S+/access/invitations/\S+/", message.body).group(0)

    creator = browser.new_context().new_page()
    creator.goto(link)
    expect(creator.get_by_role("heading", name="Northstar Talent would like to represent you"))
    check_a11y(creator)
    creator.screenshot(path="test-results/17-invitation-page.png", full_page=True)
    creator.get_by_role("link", name="Create my account").click()
    email = creator.get_by_label("Email")
    expect(email).to_have_value(NEW)
    expect(email).to_be_disabled()
    check_a11y(creator)
    creator.screenshot(path="test-results/17-signup-locked.png", full_page=True)
    creator.get_by_label("Full name").fill("Nina New")
    creator.get_by_label("Password").fill("a-long-unusual-pass-77")
    creator.get_by_role("button", name="Create my account").click()

    expect(creator.get_by_text("Set up your creator profile, then answer")).to_be_visible()
    creator.get_by_label("TikTok handle").fill("nina.cooks")
    creator.get_by_label("Display name").fill("Nina New")
    creator.get_by_role("button", name=re.compile("Create|Save")).first.click()
    expect(creator.get_by_text("Northstar Talent asks to represent you.")).to_be_visible()
    creator.get_by_role("link", name="Answer").click()
    creator.get_by_label("View insights").check()
    creator.get_by_label("Negotiate offers").check()
    check_a11y(creator)
    creator.get_by_role("button", name="Accept with these permissions").click()
    expect(creator.get_by_text("Northstar Talent now represents you.")).to_be_visible()
    creator.screenshot(path="test-results/17-accepted.png", full_page=True)

    agency.goto(f"{live_server.url}/agency/roster/")
    expect(agency.locator("#roster-table")).to_contain_text("@nina.cooks")
    expect(agency.locator("#roster-table")).to_contain_text("View insights, Negotiate offers")
    expect(agency.locator("#proposals")).not_to_contain_text(NEW)


def test_17_owner_sees_role_and_remove_controls_on_the_team_page(
    world, browser, live_server, check_a11y, sign_in
):
    owner = browser.new_context().new_page()
    sign_in(owner, "owner@northstar.example")
    owner.goto(f"{live_server.url}/accounts/team/")
    expect(owner.locator("#id_role")).to_have_value("manager")
    owner.get_by_label("Role of Aisha Khan").select_option("admin")
    owner.locator("tr", has_text="Aisha Khan").get_by_role("button", name="Change role").click()
    expect(owner.get_by_text("Aisha Khan is now Admin.")).to_be_visible()
    check_a11y(owner)
    owner.screenshot(path="test-results/17-team.png", full_page=True)
    owner.locator("tr", has_text="Tom").get_by_role("link", name="Remove").click()
    check_a11y(owner)
    owner.get_by_role("button", name="Remove from the team").click()
    expect(owner.locator("table")).not_to_contain_text("Tom")
