import pytest

from campaigns import actions as offer_actions
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from tests.campaigns.conftest import campaign, offer, role_of, terms  # noqa: F401 - fixtures


@pytest.fixture
def signed(cast, offer, settings, tmp_path):  # noqa: F811 - pytest fixture
    """Maya's offer accepted and signed by both sides: its deliverables exist."""
    settings.MEDIA_ROOT = tmp_path
    offer_actions.accept_offer(
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
