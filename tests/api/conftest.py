import pytest
from django.core.cache import cache
from django.test import Client

from api import actions as api_actions
from tests.campaigns.conftest import role_of, terms  # noqa: F401 (helpers for the api tests)


@pytest.fixture(autouse=True)
def _fresh_rate_counts(db):
    cache.clear()  # rate-limit counts live in the shared cache, keyed by caller
    yield
    cache.clear()


def api_client(raw: str) -> Client:
    return Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {raw}")


def body(response):
    return response.json()


@pytest.fixture
def deal(cast, offer, settings, tmp_path):
    """GlowSkin ↔ Maya, signed, with a first draft submitted; GlowSkin has a webhook endpoint
    with one delivery. Every id an API path can name, of one tenant."""
    from campaigns import actions as offer_actions
    from campaigns.contracts import sign_contract
    from campaigns.models import Contract
    from deliverables import actions as content

    settings.MEDIA_ROOT = tmp_path
    settings.WEBHOOK_ALLOW_PRIVATE = True

    endpoint = api_actions.create_endpoint(
        role_of(cast.brand, "brand"),
        actor=cast.brand,
        url="http://127.0.0.1:9/hook",
        events=["offer.accepted"],
    )
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
    deliverable = offer.deliverables.first()
    content.submit_draft(
        deliverable,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        link="https://drive.example.com/take1",
    )
    offer.refresh_from_db()
    return {
        "offer": offer,
        "deliverable": deliverable,
        "endpoint": endpoint,
        "delivery": endpoint.deliveries.get(),
    }
