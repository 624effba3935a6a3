"""Issue 20 in the browser: a manager sets Maya's offer rules, an offer below her floor arrives
and is countered by the rule, the deal's notes panel shows the flag and takes a note, and her
creator page shows the agency's signed prices beside the rate card."""

import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "test-results"))


def _send_offer(name):
    from access.hats import roles_for
    from accounts.models import User
    from campaigns import actions
    from campaigns.actions import today
    from creators.models import CreatorProfile
    from tests.campaigns.conftest import terms

    brand_user = User.objects.get(email="brand@glowskin.example")
    role = next(r for r in roles_for(brand_user) if r.kind == "brand")
    campaign = actions.create_campaign(
        role.brand,
        actor=brand_user,
        name=name,
        budget=Decimal("20000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    return actions.send_offer(
        campaign,
        role=role,
        actor=brand_user,
        creator=CreatorProfile.objects.get(handle="mayamoves"),
        terms=terms(),
    )


def test_20_rules_notes_and_benchmarks(world, page, live_server, sign_in, check_a11y):
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, "manager@northstar.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roster").click()
    page.get_by_role("link", name="@mayamoves").click()
    benchmark = page.locator("#rate-benchmarks")
    expect(benchmark.get_by_role("heading", name="Your agency's signed prices")).to_be_visible()
    expect(page.locator("#pipeline-notes")).to_contain_text("Notes and tasks")
    page.wait_for_load_state("networkidle")
    benchmark.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "rules_benchmark_creator_page.png"), full_page=True)
    check_a11y(page)

    page.get_by_role("link", name="Offer rules").click()
    page.get_by_label(re.compile(r"^Price floor: Video:?$")).fill("1000")
    page.get_by_label("Longest usage rights (days)").fill("14")
    page.get_by_label(re.compile(r"Counter at my floor and limits")).check()
    page.get_by_role("button", name="Save the rules").click()
    expect(page.get_by_text("The offer rules are saved.")).to_be_visible()

    offer = _send_offer("Rules in the browser")  # 2 videos at 1,500 EUR: below 2,000
    page.reload()
    expect(page.locator("#rule-flags")).to_contain_text("is below the floor of 2,000.00 EUR")
    page.screenshot(path=str(SHOTS / "rules_page.png"), full_page=True)
    check_a11y(page)

    page.goto(f"{live_server.url}/offers/{offer.public_id}/")
    expect(page.get_by_text("Proposed by Offer rule: price floor")).to_be_visible()
    panel = page.locator("#pipeline-notes")
    expect(panel).to_contain_text("This offer breaks the creator's offer rules")
    panel.get_by_text("Add a note or a task").click()
    panel.get_by_label("Note").fill("GlowSkin usually moves to 1,800: hold at the floor.")
    panel.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("The note is added.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/offers/{offer.public_id}/")  # back to the deal
    expect(page.locator("#notes")).to_contain_text("hold at the floor")
    page.screenshot(path=str(SHOTS / "rules_notes_on_deal.png"), full_page=True)
    check_a11y(page)
