from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from creators.models import CreatorProfile, SourceMetric, StatSnapshot

pytestmark = pytest.mark.browser


def test_issue15_item9_creator_adds_her_instagram_and_her_manager_sees_it_apart(
    world, page, live_server, sign_in, check_a11y
):
    sign_in(page, "creator@creators.example")
    page.goto(f"{live_server.url}/creator/profile/")
    page.get_by_label("Instagram handle").fill("@Maya.Insta")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()

    maya = CreatorProfile.objects.get(handle="mayamoves")
    StatSnapshot.objects.create(
        creator=maya, platform="instagram", day=date(2026, 11, 20), followers=7_654_321
    )
    SourceMetric.objects.create(
        creator=maya,
        platform="instagram",
        day=date(2026, 11, 20),
        source="instagram_csv",
        name="reach_rate",
        value=Decimal("0.0425"),
    )
    page.context.clear_cookies()
    sign_in(page, "manager@northstar.example")
    page.goto(f"{live_server.url}/creator/{maya.public_id}/")
    card = page.locator("#other-platforms")
    expect(card).to_contain_text("@maya.insta")
    expect(card).to_contain_text("7.7M")
    expect(card).to_contain_text("reach_rate: 0.0425")
    expect(page.get_by_role("link", name="Instagram @maya.insta")).to_have_attribute(
        "href", "https://www.instagram.com/maya.insta/"
    )
    page.screenshot(path="test-results/creator-page-other-platforms.png", full_page=True)
    check_a11y(page)
