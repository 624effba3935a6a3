"""The deal's pages read a fixed number of queries, however long the negotiation, the thread or
the list of drafts (LF-2): pinned here at two sizes, for the brand and the creator's manager."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns import actions
from campaigns.actions import today
from deliverables import actions as work
from messaging.actions import post_message
from tests.campaigns.conftest import role_of, terms
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
# page: (queries for the brand, queries for the manager). The brand's payment record on the
# pending offer is loaded after the page (money.views.brand_record), and pinned on its own.
PINNED = {"offer": (8, 14), "contract": (8, 8), "thread": (8, 9), "deliverable": (8, 9)}
RECORD_QUERIES = 7


@pytest.fixture
def sides(cast):
    return (
        {"role": role_of(cast.brand, "brand"), "actor": cast.brand},
        {"role": role_of(cast.manager, "agency"), "actor": cast.manager},
    )


@pytest.fixture
def pending(cast, sides):
    """A second GlowSkin offer to Maya, still being negotiated."""
    brand, _manager = sides
    campaign = actions.create_campaign(
        cast.glowskin,
        actor=cast.brand,
        name="Negotiation",
        budget=Decimal("9000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )
    return actions.send_offer(campaign, creator=cast.maya, terms=terms(), **brand)


def counts(cast, login, urls):
    clients = [login(cast.brand), login(cast.manager)]
    return {
        name: tuple(count_queries(lambda c=client, u=url: c.get(u)) for client in clients)
        for name, url in urls.items()
    }


def test_deal_pages_read_the_same_queries_at_two_sizes(cast, login, signed, pending, sides):
    brand, manager = sides
    item = signed.deliverables.order_by("number").first()
    urls = {
        "offer": reverse("campaigns:offer", args=[pending.public_id]),
        "contract": reverse("campaigns:contract", args=[signed.public_id]),
        "thread": reverse("messaging:thread", args=[signed.public_id]),
        "deliverable": reverse("deliverables:deliverable", args=[item.public_id]),
    }

    def one_more_round(n):
        post_message(signed, body=f"Question {n}", **brand)
        post_message(signed, body=f"Answer {n}", **manager)
        work.submit_draft(item, link=f"https://drive.example.com/{n}", **manager)
        item.refresh_from_db()
        item.rounds_allowed += 1
        item.save(update_fields=["rounds_allowed"])
        work.give_feedback(item, body="Closer", kind="changes", **brand)
        pending.refresh_from_db()
        version = pending.version
        actions.counter_offer(
            pending, seen_version=version, terms=terms(price=Decimal(1600 + n)), **manager
        )
        actions.counter_offer(
            pending, seen_version=version + 1, terms=terms(price=Decimal(1500 + n)), **brand
        )

    one_more_round(0)
    counts(cast, login, urls)  # warm the sessions
    small = counts(cast, login, urls)
    for n in range(1, 8):
        one_more_round(n)
    large = counts(cast, login, urls)
    assert small == large == PINNED


def test_the_brand_record_fragment_is_pinned(cast, login, pending):
    """Session, role and offer reads, then one aggregate over the brand's invoices."""
    client = login(cast.manager)
    url = reverse("money:offer-brand-record", args=[pending.public_id])
    client.get(url, headers={"HX-Request": "true"})
    assert count_queries(lambda: client.get(url, headers={"HX-Request": "true"})) == RECORD_QUERIES
