"""The proof of posting is a TikTok video of the creator's own account."""

import pytest
from django.urls import reverse

from deliverables import actions
from tests.api.conftest import body
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
J = "application/json"
OTHER = "https://www.tiktok.com/@someoneelse/video/7312345678901234567"


@pytest.fixture
def approved(cast, signed):
    item = signed.deliverables.order_by("number").first()
    actions.submit_draft(
        item, role=role_of(cast.creator, "creator"), actor=cast.creator, link="https://x.example"
    )
    actions.give_feedback(
        item, role=role_of(cast.brand, "brand"), actor=cast.brand, body="", kind="approval"
    )
    item.refresh_from_db()
    return item


def test_issue14_break9_a_video_of_another_account_is_refused(cast, approved, login):
    """Issue #14, break 9: "Mark as posted" took tiktok.com/@someoneelse/video/… for
    @mayamoves; the address must be a video of her own handle."""
    url = reverse("deliverables:deliverable", args=[approved.public_id])
    response = login(cast.manager).post(url, {"step": "posted", "url": OTHER})
    assert response.status_code == 200
    assert "This video is not on @mayamoves" in response.text
    approved.refresh_from_db()
    assert approved.status == "approved" and approved.post_url == ""
    mine = "https://www.tiktok.com/@MayaMoves/video/7312345678901234567"  # handles ignore case
    login(cast.manager).post(url, {"step": "posted", "url": mine})
    approved.refresh_from_db()
    assert approved.status == "posted" and approved.post_url == mine


def test_issue14_break9_the_same_through_the_api(cast, approved, bearer):
    """Issue #14, break 9, by API: 422 on `url`."""
    response = bearer(cast.creator, "creator").post(
        f"/api/v1/deliverables/{approved.public_id}/posted", {"url": OTHER}, content_type=J
    )
    assert response.status_code == 422 and "url" in body(response)["fields"]
    approved.refresh_from_db()
    assert approved.status == "approved"
