"""Deal fixtures shared by every test package (registered by tests/conftest.py): a GlowSkin
campaign, its offer to Maya, the same offer signed by both sides, and a committed world for
races on PostgreSQL."""

from datetime import timedelta
from decimal import Decimal

import pytest

from campaigns import actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from tests.campaigns.conftest import role_of, terms


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


@pytest.fixture
def signed(cast, offer, settings, tmp_path):
    """Maya's offer accepted and signed by both sides: its deliverables exist."""
    settings.MEDIA_ROOT = tmp_path
    actions.accept_offer(
        offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
    )
    contract = Contract.objects.get(offer=offer)
    sign_contract(
        contract,
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        full_name="Camille Roux",
        ip=None,
    )
    sign_contract(
        contract,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        full_name="Maya Okafor",
        ip=None,
    )
    offer.refresh_from_db()
    return offer
