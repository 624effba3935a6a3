"""Idempotency-Key on creating requests (RELIABILITY MC-3): one effect for many replays, the
same answer byte for byte, 422 for another body, 409 while the first is still running."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from api.models import IdempotencyRecord
from campaigns.models import Campaign, Offer
from tests.api.test_deal_flow import terms_json

J = "application/json"


def campaign_body(name="Replayed"):
    from campaigns.actions import today

    return {
        "name": name,
        "budget": "900.00",
        "currency": "EUR",
        "starts_on": today().isoformat(),
        "ends_on": (today() + timedelta(days=30)).isoformat(),
    }


def test_the_same_key_and_body_a_hundred_times_make_one_campaign(cast, bearer):
    brand = bearer(cast.brand, "brand")
    answers = [
        brand.post("/api/v1/campaigns", campaign_body(), content_type=J, HTTP_IDEMPOTENCY_KEY="k-1")
        for _ in range(100)
    ]
    assert {a.status_code for a in answers} == {201}
    assert len({a.content for a in answers}) == 1
    assert answers[1]["Idempotent-Replayed"] == "true"
    assert Campaign.objects.filter(name="Replayed").count() == 1


def test_a_replayed_refusal_is_the_same_refusal(cast, bearer, offer):
    brand = bearer(cast.brand, "brand")
    url = f"/api/v1/offers/{offer.public_id}/accept"
    first = brand.post(url, {"seen_version": 1}, content_type=J, HTTP_IDEMPOTENCY_KEY="acc")
    again = brand.post(url, {"seen_version": 1}, content_type=J, HTTP_IDEMPOTENCY_KEY="acc")
    assert first.status_code == again.status_code == 409  # offered: the creator side answers
    assert first.content == again.content


def test_the_same_key_with_another_body_is_refused(cast, bearer):
    brand = bearer(cast.brand, "brand")
    brand.post("/api/v1/campaigns", campaign_body(), content_type=J, HTTP_IDEMPOTENCY_KEY="k-2")
    other = brand.post(
        "/api/v1/campaigns", campaign_body("Other"), content_type=J, HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert not Campaign.objects.filter(name="Other").exists()


def test_a_retry_while_the_first_runs_gets_409(cast, bearer):
    brand = bearer(cast.brand, "brand")
    token = cast.brand.api_tokens.get()
    from api.idempotency import _fingerprint  # noqa: F401 (the record below mimics one in flight)

    first = brand.post(
        "/api/v1/campaigns", campaign_body("Slow"), content_type=J, HTTP_IDEMPOTENCY_KEY="k-3"
    )
    record = IdempotencyRecord.objects.get(principal=f"token:{token.pk}", key="k-3")
    record.status_code = None  # as if the first request were still running
    record.save()
    second = brand.post(
        "/api/v1/campaigns", campaign_body("Slow"), content_type=J, HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert first.status_code == 201 and second.status_code == 409
    assert second.json()["code"] == "idempotency_in_flight"


def test_keys_are_per_caller_and_expire(cast, bearer, offer):
    brand, other_brand = bearer(cast.brand, "brand"), bearer(cast.outsider_brand, "brand")
    a = brand.post(
        "/api/v1/campaigns", campaign_body("A"), content_type=J, HTTP_IDEMPOTENCY_KEY="shared"
    )
    b = other_brand.post(
        "/api/v1/campaigns", campaign_body("B"), content_type=J, HTTP_IDEMPOTENCY_KEY="shared"
    )
    assert a.status_code == b.status_code == 201 and a.content != b.content
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        c = brand.post(
            "/api/v1/campaigns", campaign_body("C"), content_type=J, HTTP_IDEMPOTENCY_KEY="shared"
        )
    assert c.status_code == 201 and Campaign.objects.filter(name="C").exists()


def test_an_offer_sent_twice_with_one_key_is_sent_once(cast, bearer, campaign):
    brand = bearer(cast.brand, "brand")
    body = {"creator": str(cast.leo.public_id), "terms": terms_json()}
    url = f"/api/v1/campaigns/{campaign.public_id}/offers"
    answers = [
        brand.post(url, body, content_type=J, HTTP_IDEMPOTENCY_KEY="offer-1") for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201] * 3
    assert Offer.objects.filter(campaign=campaign, creator=cast.leo).count() == 1


def test_a_too_long_key_is_a_clear_400(cast, bearer):
    response = bearer(cast.brand, "brand").post(
        "/api/v1/campaigns", campaign_body(), content_type=J, HTTP_IDEMPOTENCY_KEY="x" * 256
    )
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["message"]


def test_21_a_request_that_fails_leaves_no_claim_so_a_retry_runs(cast, bearer, monkeypatch):
    """A process killed (or a database lost) mid-request must not leave a claim answering 409
    forever: the claim commits only with the request's answer; a 5xx is not stored."""
    from api.routes import deals

    brand = bearer(cast.brand, "brand")
    brand.raise_request_exception = False
    real = deals.campaign_out

    def broken(campaign):
        raise RuntimeError("the worker died here, after the campaign was written")

    monkeypatch.setattr(deals, "campaign_out", broken)
    first = brand.post(
        "/api/v1/campaigns", campaign_body("Died"), content_type=J, HTTP_IDEMPOTENCY_KEY="k-9"
    )
    assert first.status_code == 500
    assert not IdempotencyRecord.objects.filter(key="k-9").exists()
    assert not Campaign.objects.filter(name="Died").exists()
    monkeypatch.setattr(deals, "campaign_out", real)
    again = brand.post(
        "/api/v1/campaigns", campaign_body("Died"), content_type=J, HTTP_IDEMPOTENCY_KEY="k-9"
    )
    assert again.status_code == 201
    assert Campaign.objects.filter(name="Died").count() == 1
