"""The deal list pages keep the same number of queries whatever the data size."""

import pytest
from django.urls import reverse

from campaigns import actions
from creators.models import CreatorProfile
from messaging.models import Message
from tests.campaigns.conftest import role_of, terms
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
PAGES = ["campaigns:offers", "messaging:inbox", "messaging:calendar", "messaging:notifications"]


def grow(cast, campaign, n):
    creators = CreatorProfile.objects.filter(
        representations__agency=cast.northstar, representations__status="active"
    ).exclude(offers__campaign=campaign)[:n]
    for creator in creators:
        offer = actions.send_offer(
            campaign,
            role=role_of(cast.brand, "brand"),
            actor=cast.brand,
            creator=creator,
            terms=terms(),
        )
        Message.objects.create(
            offer=offer, side="brand", author=cast.brand, author_name="Camille", body="Hello"
        )


@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_is_the_same_at_two_sizes(cast, login, campaign, name):
    client = login(cast.owner)
    url = reverse(name)
    grow(cast, campaign, 2)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    grow(cast, campaign, 12)
    assert count_queries(lambda: client.get(url)) == small


def test_campaign_list_query_count_is_the_same_at_two_sizes(cast, login):
    from datetime import timedelta
    from decimal import Decimal

    from campaigns.actions import create_campaign, today

    def add(n):
        for i in range(n):
            create_campaign(
                cast.glowskin,
                actor=cast.brand,
                name=f"Extra {n}-{i}",
                budget=Decimal("1000"),
                currency="EUR",
                starts_on=today(),
                ends_on=today() + timedelta(days=30),
            )

    client = login(cast.brand)
    url = reverse("campaigns:campaigns")
    add(2)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    add(30)
    assert count_queries(lambda: client.get(url)) == small
