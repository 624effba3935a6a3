from datetime import timedelta
from decimal import Decimal

import pytest

from access.hats import roles_for
from campaigns import actions
from campaigns.actions import today


def role_of(user, kind):
    return next(r for r in roles_for(user) if r.kind == kind)


def terms(**overrides):
    base = {
        "price": Decimal("1500.00"),
        "currency": "EUR",
        "deliverables": [
            {"type": "video", "count": 2, "due": (today() + timedelta(days=20)).isoformat()}
        ],
        "upfront_pct": Decimal("30"),
        "net_days": 30,
        "usage_days": 30,
        "paid_ads_days": 30,
        "exclusivity_categories": ["beauty"],
        "exclusivity_days": 60,
        "revision_rounds": 2,
        "response_deadline": today() + timedelta(days=7),
    }
    return base | overrides


@pytest.fixture
def campaign(cast):
    return actions.create_campaign(
        cast.glowskin,
        actor=cast.brand,
        name="Summer glow",
        budget=Decimal("20000"),
        currency="EUR",
        starts_on=today(),
        ends_on=today() + timedelta(days=60),
    )


@pytest.fixture
def offer(cast, campaign):
    return actions.send_offer(
        campaign,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        creator=cast.maya,
        terms=terms(),
    )


@pytest.fixture
def cast_tx(transactional_db):
    """For thread races on PostgreSQL: the demo world in a committed database, and a factory of
    fresh offers to Maya (one campaign each)."""
    from talentdesk import demo
    from tests.conftest import build_cast

    if demo.is_empty():
        demo.load()
    cast = build_cast()
    counter = iter(range(10_000))

    def make_offer():
        n = next(counter)
        campaign = actions.create_campaign(
            cast.glowskin,
            actor=cast.brand,
            name=f"Race {n}",
            budget=Decimal("5000"),
            currency="EUR",
            starts_on=today(),
            ends_on=today() + timedelta(days=60),
        )
        return actions.send_offer(
            campaign,
            role=role_of(cast.brand, "brand"),
            actor=cast.brand,
            creator=cast.maya,
            terms=terms(),
        )

    return cast, make_offer
