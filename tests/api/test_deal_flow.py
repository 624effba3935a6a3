"""A whole deal through the API, by the same actions and checks as the pages: campaign, offer,
counter, stale accept (409), accept, both signatures, drafts with feedback at 0:12, approval,
posting, verification, messages and notifications."""

from datetime import timedelta

from campaigns.actions import today
from campaigns.models import Offer
from tests.api.conftest import body

J = "application/json"


def terms_json(price="1500.00", **over):
    base = {
        "price": price,
        "currency": "EUR",
        "deliverables": [
            {"type": "video", "count": 1, "due": (today() + timedelta(days=20)).isoformat()}
        ],
        "upfront_pct": "30",
        "net_days": 30,
        "usage_days": 30,
        "paid_ads_days": 30,
        "exclusivity_categories": ["beauty"],
        "exclusivity_days": 60,
        "revision_rounds": 1,
        "response_deadline": (today() + timedelta(days=7)).isoformat(),
    }
    return base | over


def test_a_deal_from_offer_to_verified_post(cast, bearer):
    brand, manager = bearer(cast.brand, "brand"), bearer(cast.manager, "agency")
    creator = bearer(cast.creator, "creator")
    campaign = brand.post(
        "/api/v1/campaigns",
        {
            "name": "API launch",
            "budget": "20000.00",
            "currency": "EUR",
            "starts_on": today().isoformat(),
            "ends_on": (today() + timedelta(days=60)).isoformat(),
            "target_countries": ["FR", "GB"],
            "category": "beauty",
        },
        content_type=J,
    )
    assert campaign.status_code == 201, campaign.content
    campaign_id = body(campaign)["id"]
    assert body(campaign)["budget"] == "20000.00"

    sent = brand.post(
        f"/api/v1/campaigns/{campaign_id}/offers",
        {"creator": str(cast.maya.public_id), "terms": terms_json()},
        content_type=J,
    )
    assert sent.status_code == 201, sent.content
    offer_id = body(sent)["id"]
    assert body(sent)["status"] == "offered" and body(sent)["price"] == "1500.00"

    seen = body(manager.get(f"/api/v1/offers/{offer_id}"))
    assert "counter_creator" in seen["allowed_actions"]
    countered = manager.post(
        f"/api/v1/offers/{offer_id}/counter",
        {"seen_version": 1, "terms": terms_json("1800.00")},
        content_type=J,
    )
    assert countered.status_code == 200 and body(countered)["version"] == 2

    stale = brand.post(f"/api/v1/offers/{offer_id}/accept", {"seen_version": 1}, content_type=J)
    assert stale.status_code == 409 and body(stale)["code"] == "stale_version"
    accepted = brand.post(f"/api/v1/offers/{offer_id}/accept", {"seen_version": 2}, content_type=J)
    assert body(accepted)["status"] == "accepted"
    versions = body(brand.get(f"/api/v1/offers/{offer_id}/versions"))
    assert [(v["number"], v["price"]) for v in versions] == [(1, "1500.00"), (2, "1800.00")]

    for client, name in ((brand, "Camille Roux"), (creator, "maya  OKAFOR")):  # case, spacing aside
        signed = client.post(
            f"/api/v1/offers/{offer_id}/contract/sign", {"full_name": name}, content_type=J
        )
        assert signed.status_code == 200, signed.content
    contract = body(brand.get(f"/api/v1/offers/{offer_id}/contract"))
    assert contract["completed_at"] and len(contract["signatures"]) == 2

    deliverables = body(manager.get(f"/api/v1/offers/{offer_id}/deliverables"))
    assert len(deliverables) == 1
    d_id = deliverables[0]["id"]
    draft = manager.post(
        f"/api/v1/deliverables/{d_id}/drafts",
        {"link": "https://drive.example.com/v1", "caption": "Take 1"},
        content_type=J,
    )
    assert draft.status_code == 201 and body(draft)["status"] == "draft_submitted"
    changes = brand.post(
        f"/api/v1/deliverables/{d_id}/feedback",
        {"kind": "changes", "body": "Logo earlier", "at_seconds": 12},
        content_type=J,
    )
    assert body(changes)["status"] == "changes_requested"
    assert body(changes)["drafts"][0]["feedback"][0]["at_seconds"] == 12
    manager.post(
        f"/api/v1/deliverables/{d_id}/drafts",
        {"link": "https://drive.example.com/v2"},
        content_type=J,
    )
    over_cap = brand.post(
        f"/api/v1/deliverables/{d_id}/feedback",
        {"kind": "changes", "body": "Again"},
        content_type=J,
    )
    assert over_cap.status_code == 422 and "revision rounds" in body(over_cap)["message"]
    approved = brand.post(
        f"/api/v1/deliverables/{d_id}/feedback", {"kind": "approval"}, content_type=J
    )
    assert body(approved)["status"] == "approved"
    bad_url = manager.post(
        f"/api/v1/deliverables/{d_id}/posted", {"url": "https://x.com/1"}, content_type=J
    )
    assert bad_url.status_code == 422 and "url" in body(bad_url)["fields"]
    posted = manager.post(
        f"/api/v1/deliverables/{d_id}/posted",
        {"url": "https://www.tiktok.com/@mayamoves/video/7301234567890123456"},
        content_type=J,
    )
    assert body(posted)["status"] == "posted"
    assert body(brand.post(f"/api/v1/deliverables/{d_id}/verify"))["status"] == "verified"
    assert Offer.objects.get(public_id=offer_id).status == "completed"

    said = manager.post(f"/api/v1/offers/{offer_id}/messages", {"body": "Thanks!"}, content_type=J)
    assert said.status_code == 201
    thread = body(brand.get(f"/api/v1/offers/{offer_id}/messages"))
    assert thread["results"][-1]["body"] == "Thanks!"
    notes = body(brand.get("/api/v1/notifications?unread=true"))
    assert notes["count"] >= 1
    assert body(brand.post("/api/v1/notifications/read"))["count"] == notes["count"]


def test_the_api_refuses_what_the_page_refuses(cast, bearer, offer):
    """A manager without `accept_offers` for Maya… here: an assistant (read-only) cannot act."""
    assistant = bearer(cast.assistant, "agency")
    response = assistant.post(
        f"/api/v1/offers/{offer.public_id}/accept", {"seen_version": 1}, content_type=J
    )
    assert response.status_code in (403, 404)
    offer.refresh_from_db()
    assert offer.status == "offered"


def test_unknown_and_protected_fields_are_refused_and_change_nothing(cast, bearer, offer):
    brand = bearer(cast.brand, "brand")
    for field, value in (
        ("status", "accepted"),
        ("version", 9),
        ("brand", "volt-bikes"),
        ("creator_id", 1),
        ("accepted_price", "1.00"),
    ):
        response = brand.post(
            f"/api/v1/offers/{offer.public_id}/accept",
            {"seen_version": 1, field: value},
            content_type=J,
        )
        assert response.status_code == 422, field
        assert field in body(response)["fields"]
    offer.refresh_from_db()
    assert (offer.status, offer.version) == ("offered", 1)


def test_validation_errors_name_their_fields(cast, bearer, campaign):
    brand = bearer(cast.brand, "brand")
    response = brand.post(
        f"/api/v1/campaigns/{campaign.public_id}/offers",
        {"creator": str(cast.maya.public_id), "terms": terms_json(price="-5", currency="EURO")},
        content_type=J,
    )
    assert response.status_code == 422
    assert {"terms.price", "terms.currency"} <= set(body(response)["fields"])
    nul = brand.post(
        f"/api/v1/offers/{campaign.public_id}/messages", {"body": "a\x00b"}, content_type=J
    )
    assert nul.status_code == 422
    broken = brand.post("/api/v1/campaigns", "{not json", content_type=J)
    assert broken.status_code in (400, 422) and "code" in body(broken)


def test_a_draft_file_through_the_api_is_checked_by_content(cast, bearer, deal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    manager = bearer(cast.manager, "agency")
    url = f"/api/v1/deliverables/{deal['deliverable'].public_id}/drafts/upload"
    deal["deliverable"].status = "changes_requested"
    deal["deliverable"].save()
    lie = SimpleUploadedFile("clip.mp4", b"#!/bin/sh\nrm -rf /\n", "video/mp4")
    refused = manager.post(url, {"file": lie})
    assert refused.status_code == 422 and "file" in body(refused)["fields"]
    png = SimpleUploadedFile("frame.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    accepted = manager.post(url, {"file": png})
    assert accepted.status_code == 201, accepted.content
    latest = body(accepted)["drafts"][-1]
    assert latest["has_file"] and latest["content_type"] == "image/png"


def test_nul_bytes_in_filters_are_a_clear_422_on_every_list(cast, bearer):
    owner = bearer(cast.owner, "agency")
    for path in (
        "/api/v1/audit-events?creator=a%00b",
        "/api/v1/audit-events?actor=%00",
        "/api/v1/offers?creator=%00",
        "/api/v1/creators?q=x%00",
        "/api/v1/creators?category=%00",
        "/api/v1/offers?status=%00",
    ):
        response = owner.get(path)
        assert response.status_code == 422, path
        assert body(response)["code"] == "invalid"
