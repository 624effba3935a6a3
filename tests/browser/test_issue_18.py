"""Issue 18, "Broken for the user": each break as a new user met it, in the browser, in French
where the bug was French."""

import pytest
from playwright.sync_api import expect

from tests.browser import test_deal_journey


def signed_in(browser, live_server, email):
    """Signed in, and the sign-in finished before the test goes on."""
    page = test_deal_journey.signed_in(browser, live_server, email)
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    return page


pytestmark = pytest.mark.browser


def in_french(page):
    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()


def open_offer(world, creator_handle="evbyelena"):
    from campaigns.models import Offer
    from campaigns.transitions import OfferStatus

    return Offer.objects.filter(
        creator__handle=creator_handle,
        status__in=[OfferStatus.OFFERED, OfferStatus.COUNTERED_BY_BRAND],
    ).first()


def test_18_a_french_counter_keeps_its_dates_and_is_sent(world, browser, live_server, check_a11y):
    offer = open_offer(world)
    manager = signed_in(browser, live_server, "manager@northstar.example")
    in_french(manager)
    manager.goto(f"{live_server.url}/offers/{offer.public_id}/")
    manager.get_by_role("link", name="Modifier les conditions").click()
    deadline = manager.get_by_label("Date limite de réponse")
    assert deadline.input_value() != ""  # the ISO value the date picker reads
    # The terms form's own dates (the page also holds the notes panel's empty task date).
    terms_form = manager.locator("form").filter(
        has=manager.get_by_role("button", name="Envoyer mes modifications")
    )
    assert terms_form.locator("input[type=date]").first.input_value().count("-") == 2
    manager.get_by_label("Prix").fill("1300")
    manager.get_by_role("button", name="Envoyer mes modifications").click()
    expect(manager.get_by_text("Vos modifications ont été envoyées.")).to_be_visible()
    check_a11y(manager)


def test_18_editing_a_gbp_rate_keeps_gbp_and_refusals_show_next_to_the_price(
    world, browser, live_server, check_a11y
):
    from decimal import Decimal

    from creators.models import CreatorProfile, Rate

    maya = CreatorProfile.objects.get(handle="mayamoves")
    Rate.objects.filter(creator=maya, deliverable="video").update(
        amount=Decimal("150"), currency="GBP"
    )
    manager = signed_in(browser, live_server, "manager@northstar.example")
    manager.goto(f"{live_server.url}/creator/{maya.public_id}/")
    card = manager.locator("#rate-card")
    card.get_by_role("link", name="Edit Video", exact=True).click()
    expect(card.get_by_label("Currency")).to_have_value("GBP")
    expect(card.get_by_label("Price")).to_have_value("150.00")
    for bad, why in [
        ("-50", "greater than or equal to 0"),
        ("abc", "Enter a number."),
        ("99999999999999", "no more than 12 digits"),
        ("", "Give a price."),
    ]:
        card.get_by_label("Price").fill(bad)
        card.get_by_role("button", name="Save the rate").click()
        expect(card.locator(".field--error")).to_contain_text(why)
    check_a11y(manager)
    card.get_by_label("Price").fill("175")
    card.get_by_role("button", name="Save the rate").click()
    expect(card.locator("table")).to_contain_text("175.00 GBP")
    rate = Rate.objects.get(creator=maya, deliverable="video")
    assert (rate.amount, rate.currency) == (Decimal("175"), "GBP")


@pytest.mark.parametrize("width", [1280, 390])
def test_18_one_long_word_does_not_widen_the_page(world, browser, live_server, width):
    """A 5,000-character message made the thread 57,076 px wide; a long e-mail did the same to
    Team, the contract's hash and a deliverable's URL to theirs."""
    from campaigns.models import Offer
    from messaging.actions import post_message
    from tests.campaigns.conftest import role_of

    offer = Offer.objects.filter(creator__handle="mayamoves", status="in_progress").first()
    brand = offer.campaign.brand.memberships.first().user
    post_message(offer, role=role_of(brand, "brand"), actor=brand, body="x" * 5000)
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("manager@northstar.example")
    page.get_by_label("Password").fill("demo-pass-2026")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    for path in (
        f"/notifications/offers/{offer.public_id}/",
        f"/offers/{offer.public_id}/",
        f"/offers/{offer.public_id}/contract/",
    ):
        page.goto(live_server.url + path)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, (path, wide)
    context.close()
