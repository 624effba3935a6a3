"""Issue 18: each side reads the offer's status in its own words. The brand that sent an offer
waits for the creator's side; it is never told "Awaiting your response"."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns import actions
from campaigns.actions import today
from tests.campaigns.conftest import role_of, terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(cast):
    campaign = actions.create_campaign(
        cast.glowskin,
        actor=cast.brand,
        name="Words",
        budget=Decimal("9000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    brand = role_of(cast.brand, "brand")
    return actions.send_offer(
        campaign, creator=cast.maya, terms=terms(), role=brand, actor=cast.brand
    )


def test_18_the_brand_waits_for_the_creator_side_on_its_own_offer(cast, login, offered):
    page = reverse("campaigns:offer", args=[offered.public_id])
    brand = login(cast.brand)
    for url in (page, reverse("campaigns:offers")):
        text = brand.get(url).text
        assert "Waiting for the creator&#x27;s side" in text, url
        assert "Awaiting your response" not in text, url
    manager = login(cast.manager)
    assert "Awaiting your response" in manager.get(page).text


def test_18_the_brand_reads_a_counter_as_the_creator_side_s_proposal(cast, login, offered):
    manager = role_of(cast.manager, "agency")
    actions.counter_offer(
        offered,
        role=manager,
        actor=cast.manager,
        terms=terms(price=Decimal("1800.00")),
        seen_version=offered.version,
    )
    text = login(cast.brand).get(reverse("campaigns:offer", args=[offered.public_id])).text
    assert "The creator&#x27;s side proposed changes" in text
    assert "awaiting brand" not in text


def test_18_without_negotiate_the_offer_page_says_which_scope_and_who_grants_it(
    cast, login, offered
):
    from access.models import Representation

    Representation.objects.filter(creator=cast.maya, status="active").update(
        scopes=["view_insights"]
    )
    text = login(cast.manager).get(reverse("campaigns:offer", args=[offered.public_id])).text
    assert "The creator has not given your agency “Negotiate offers”" in text
    assert "Your move" not in text and "Change the terms" not in text


def test_18_the_offer_page_says_who_acts_next_once_and_never_against_the_status(
    cast, login, offered
):
    page = reverse("campaigns:offer", args=[offered.public_id])
    brand = login(cast.brand).get(page).text
    assert brand.count("Waiting for the creator&#x27;s side") == 1
    manager = login(cast.manager).get(page).text
    assert "Awaiting your response" in manager
    assert "Waiting for the creator&#x27;s side" not in manager
