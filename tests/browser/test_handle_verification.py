"""Issue 17, verified handles, in the browser: the verification page with and without a TikTok
app, and the badges on the agency's roster."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from creators.models import CreatorProfile
from talentdesk.demo import creator_email

pytestmark = pytest.mark.browser
TIKTOK_APP = {
    "tiktok": {
        "APPS": [{"client_id": "browser-key", "secret": "browser-secret"}],
        "SCOPE": ["user.info.basic", "user.info.profile"],
    }
}


def test_17_a_creator_opens_the_verification_page_without_a_tiktok_app(
    world, page, live_server, sign_in, check_a11y, tmp_path
):
    sign_in(page, creator_email("mayamoves"))
    page.get_by_role("link", name="Handle verification").click()
    expect(page.get_by_role("heading", name="Verify my handle")).to_be_visible()
    expect(page.locator(".handle-verified")).to_be_visible()
    expect(page.locator("#tiktok-not-configured")).to_contain_text("not set up")
    page.screenshot(path=str(tmp_path / "verify-not-configured.png"), full_page=True)
    check_a11y(page)


def test_17_an_unverified_creator_is_offered_verify_with_tiktok(
    world, page, live_server, sign_in, check_a11y, settings, tmp_path
):
    settings.SOCIALACCOUNT_PROVIDERS = TIKTOK_APP
    CreatorProfile.objects.filter(handle="chloecooks").update(handle_verified_at=None)
    User.objects.filter(email=creator_email("chloecooks")).update(language="en")  # she reads French
    sign_in(page, creator_email("chloecooks"))
    expect(page.get_by_text("Not listed until your handle is verified")).to_be_visible()
    page.get_by_role("link", name="Verify with TikTok").click()
    expect(page.locator(".handle-unverified")).to_have_text("not verified")
    expect(page.get_by_role("button", name="Verify with TikTok")).to_be_visible()
    page.screenshot(path=str(tmp_path / "verify-configured.png"), full_page=True)
    check_a11y(page)


def test_17_the_roster_marks_an_unverified_creator(
    world, page, live_server, sign_in, check_a11y, tmp_path
):
    CreatorProfile.objects.filter(handle="mayamoves").update(handle_verified_at=None)
    sign_in(page, "owner@northstar.example")
    page.goto(f"{live_server.url}/agency/roster/?sort=handle")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="@mayamoves"))
    expect(row.locator(".handle-unverified")).to_have_text("not verified")
    other = page.get_by_role("row").filter(has=page.get_by_role("link", name="@jaydenlifts"))
    expect(other.locator(".handle-verified")).to_be_visible()
    page.screenshot(path=str(tmp_path / "roster.png"), full_page=True)
    check_a11y(page)
