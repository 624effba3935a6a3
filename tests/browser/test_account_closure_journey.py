"""A creator asks for a copy of her data from her account page, then closes her account through
the confirmation step, and can no longer sign in (issue 17)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/talentdesk-screenshots"))
EMAIL = "creator2@creators.example"


def finish_signed_deals():
    """Leo cancels his deals under way (a signed deal blocks closure)."""
    from campaigns.actions import decide_offer
    from campaigns.models import Offer
    from campaigns.transitions import HOLDING
    from tests.campaigns.conftest import role_of
    from tests.conftest import build_cast

    cast = build_cast()
    role = role_of(cast.creator2, "creator")
    for offer in Offer.objects.filter(creator=cast.leo, status__in=HOLDING):
        decide_offer(offer, "cancel_creator", role=role, actor=cast.creator2, reason="Done")


def test_download_my_data_then_close_my_account(
    world, page, live_server, sign_in, check_a11y, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from accounts.models import User

    finish_signed_deals()
    User.objects.filter(email=EMAIL).update(language="en")  # Leo reads French; this test English
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, EMAIL)
    page.goto(f"{live_server.url}/accounts/profile/")
    section = page.locator("section", has=page.get_by_role("heading", name="My data"))
    expect(section).to_be_visible()
    section.get_by_role("button", name="Download my data").click()
    expect(page.get_by_text("We are preparing a copy of your data")).to_be_visible()
    check_a11y(page)
    section = page.locator("section", has=page.get_by_role("heading", name="My data"))
    section.screenshot(path=str(SHOTS / "account-data-and-closure.png"))

    page.get_by_role("link", name="Close my account…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close my account?")
    check_a11y(page)
    page.get_by_label("Your password").fill("demo-pass-2026")
    page.get_by_label("I understand that closing my account cannot be undone.").check()
    page.screenshot(path=str(SHOTS / "account-close-confirmation.png"), full_page=True)
    page.get_by_role("button", name="Yes: close my account for good").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is closed")

    sign_in(page, EMAIL)
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Your account is closed")
    assert "/accounts/login/" in page.url
