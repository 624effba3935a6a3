"""Issue 18, "Broken for the user": each break as a new user met it, in the browser, in French
where the bug was French."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_deal_journey import signed_in

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
    assert manager.locator("input[type=date]").first.input_value().count("-") == 2
    manager.get_by_label("Prix").fill("1300")
    manager.get_by_role("button", name="Envoyer mes modifications").click()
    expect(manager.get_by_text("Vos modifications ont été envoyées.")).to_be_visible()
    check_a11y(manager)
