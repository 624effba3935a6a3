"""Campaign results in the browser (issue 19): GlowSkin's campaign with three creators, its
totals per currency, chart and PDF, in English and in French; Maya's own deal from her offer
page. Screenshots go to test-results/ (and the notes' shots folder when it exists)."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
NOTES = Path(os.environ.get("SCREENSHOT_DIR", "test-results"))


def shoot(page, name):
    for folder in (SHOTS, NOTES):
        if folder.is_dir():
            page.screenshot(path=str(folder / name), full_page=True)


def results_world():
    from campaigns import actions
    from campaigns.actions import today
    from creators.models import CreatorProfile
    from money.models import DealMoney
    from tests.conftest import build_cast
    from tests.money.test_earnings import invoice_upfront
    from tests.results.conftest import deal, import_video, post

    cast = build_cast()
    campaign = actions.create_campaign(
        cast.glowskin,
        actor=cast.brand,
        name="Autumn glow",
        budget=Decimal("20000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
        hashtags=["#glowskin"],
        mentions=["@glowskin"],
    )
    third = CreatorProfile.objects.public().exclude(handle__in=["mayamoves", "leo.eats"]).first()
    maya = deal(cast, campaign, cast.maya, cast.creator, "1500", videos=2)
    leo = deal(cast, campaign, cast.leo, cast.creator2, "900")
    other = deal(cast, campaign, third, third.user, "2000")
    DealMoney.objects.filter(offer=other).update(currency="USD")
    invoice_upfront(cast, maya)
    post(
        maya, cast.creator, 1, "7400000000000000101", views=1000, caption="#glowskin @glowskin #ad"
    )
    post(maya, cast.creator, 2, "7400000000000000102", views=30000, caption="#glowskin #adventure")
    post(leo, cast.creator2, 1, "7400000000000000103")
    post(other, third.user, 1, "7400000000000000104")
    import_video(
        cast.maya, "7400000000000000101", views=120000, likes=9000, comments=450, shares=300
    )
    import_video(
        cast.leo,
        "7400000000000000103",
        views=45000,
        likes=2000,
        comments=100,
        shares=50,
        caption="#glowskin @glowskin #sponsored",
    )
    import_video(third, "7400000000000000104", views=80000, likes=5000, comments=250, shares=125)
    return campaign, maya


def signed_in(browser, live_server, email):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def test_19_the_brand_opens_the_campaign_results_and_downloads_the_pdf(
    world, browser, live_server, check_a11y, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    campaign, maya = results_world()
    brand = signed_in(browser, live_server, "brand@glowskin.example")
    brand.goto(f"{live_server.url}/campaigns/{campaign.public_id}/")
    brand.get_by_role("link", name="Campaign results").click()
    expect(brand.get_by_role("heading", level=1)).to_have_text("Results of Autumn glow")
    expect(brand.locator("#total-EUR")).to_be_visible()
    expect(brand.locator("#total-USD")).to_be_visible()
    assert brand.locator("img[src*='chart.svg']").evaluate("i => i.naturalWidth > 0")
    expect(brand.get_by_text("1 posted video lacks")).to_be_visible()
    check_a11y(brand)
    shoot(brand, "results_campaign_en.png")
    with brand.expect_download() as download:
        brand.get_by_role("link", name="Download PDF").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
    if NOTES.is_dir():
        download.value.save_as(NOTES / "results_campaign.pdf")

    brand.get_by_role("button", name="Français").click()
    brand.wait_for_load_state()
    expect(brand.locator("html")).to_have_attribute("lang", "fr")
    check_a11y(brand)
    shoot(brand, "results_campaign_fr.png")

    creator = signed_in(browser, live_server, "creator@creators.example")
    creator.goto(f"{live_server.url}/offers/{maya.public_id}/")
    creator.get_by_role("link", name="Results of this deal").click()
    expect(creator.get_by_role("heading", level=1)).to_contain_text("@mayamoves")
    check_a11y(creator)
    shoot(creator, "results_deal_creator_en.png")
