"""`POST /api/v1/offers/{id}/renewal`: the creator side offers the brand a renewal of a signed
deal's usage rights, by the same action and rules as the page."""

import json

import pytest

from campaigns.models import Offer

pytestmark = pytest.mark.django_db
J = "application/json"


def post(client, offer, payload, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        f"/api/v1/offers/{offer.public_id}/renewal", json.dumps(payload), content_type=J, **headers
    )


def test_the_manager_offers_a_renewal_and_the_brand_sees_it_waiting(cast, bearer, signed):
    manager, brand = bearer(cast.manager, "agency"), bearer(cast.brand, "brand")
    response = post(manager, signed, {"price": "1200.00", "note": "Another month?"}, key="r-1")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["price"], data["currency"]) == (
        "countered_by_creator",
        "1200.00",
        "EUR",
    )
    assert data["terms"]["deliverables"] == [] and data["terms"]["usage_days"] == 30
    renewal = Offer.objects.get(renews=signed)
    seen = brand.get(f"/api/v1/offers/{renewal.public_id}").json()
    assert "accept_brand" in seen["allowed_actions"]
    again = post(manager, signed, {"price": "1200.00", "note": "Another month?"}, key="r-1")
    assert again.status_code == 201 and Offer.objects.filter(renews=signed).count() == 1
    second = post(manager, signed, {})
    assert second.status_code == 409 and second.json()["code"] == "wrong_state"


def test_refusals_change_nothing(cast, bearer, signed):
    cases = [
        (bearer(cast.brand, "brand"), {}, 403),
        (bearer(cast.lumen_manager, "agency"), {}, 404),
        (bearer(cast.manager2, "agency"), {}, 404),
        (bearer(cast.creator2, "creator"), {}, 404),
        (bearer(cast.creator, "creator"), {"price": "-1"}, 422),
        (bearer(cast.creator, "creator"), {"price": "1.001"}, 422),
        (bearer(cast.creator, "creator"), {"extra": 1}, 422),
    ]
    for client, payload, status in cases:
        assert post(client, signed, payload).status_code == status, payload
    assert not Offer.objects.filter(renews=signed).exists()
