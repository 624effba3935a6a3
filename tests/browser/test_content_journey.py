import pytest
from playwright.sync_api import expect

from campaigns.models import Offer

pytestmark = pytest.mark.browser
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 256


def signed_in(browser, live_server, email):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    return page


def test_draft_changes_at_0_12_new_version_approval_posting(
    world, browser, live_server, check_a11y, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    clip = tmp_path / "take1.mp4"
    clip.write_bytes(MP4)
    offer = Offer.objects.get(creator__handle="amaraskin", status="in_progress")
    item = offer.deliverables.order_by("number").first()  # the demo's brand asked for changes
    url = f"{live_server.url}/deliverables/{item.public_id}/"

    manager = signed_in(browser, live_server, "owner@northstar.example")
    manager.goto(url)
    manager.get_by_label("Video or image").set_input_files(str(clip))
    manager.get_by_label("Caption").fill("Evening routine")
    check_a11y(manager)
    manager.get_by_role("button", name="Send the draft").click()
    expect(manager.get_by_text("The draft was sent to the brand.")).to_be_visible()

    brand = signed_in(browser, live_server, "brand@glowskin.example")
    brand.goto(url)
    expect(brand.get_by_role("link", name="Open the file")).to_be_visible()
    brand.get_by_label("Your review").select_option("changes")
    brand.get_by_label("At (m:ss, optional)").fill("0:12")
    brand.get_by_label("Comment").fill("Hold the bottle a little longer.")
    check_a11y(brand)
    brand.get_by_role("button", name="Send my review").click()
    expect(brand.locator(".feedback").first).to_contain_text("0:12")

    manager.reload()
    expect(manager.locator(".feedback").first).to_contain_text("Hold the bottle a little longer.")
    manager.get_by_label("Video or image").set_input_files(str(clip))
    manager.get_by_role("button", name="Send the draft").click()

    brand.reload()
    brand.get_by_label("Your review").select_option("approval")
    brand.get_by_role("button", name="Send my review").click()
    expect(brand.get_by_text("Approved", exact=True)).to_be_visible()

    manager.reload()
    manager.get_by_label("TikTok video address").fill(
        "https://www.tiktok.com/@amaraskin/video/7312345678901234567"
    )
    manager.get_by_role("button", name="Mark as posted").click()
    expect(manager.get_by_text("Marked as posted.")).to_be_visible()
    check_a11y(manager)
