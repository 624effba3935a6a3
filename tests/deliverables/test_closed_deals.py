"""A deal that stopped (cancelled, withdrawn, declined, expired) is read-only everywhere: no
drafts, reviews or posts on its deliverables, no reminders or calendar entries for them, and no
new message in its thread."""

from datetime import timedelta

import pytest
from django.urls import reverse

from campaigns import actions as offer_actions
from campaigns.actions import today
from deliverables import actions
from deliverables.models import Deliverable, Draft
from deliverables.transitions import DeliverableStatus
from messaging import agenda, reminders
from messaging.models import Message, Notification
from talentdesk.lib.errors import ActionError
from tests.api.conftest import body
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
J = "application/json"


@pytest.fixture
def cancelled(cast, signed):
    """Maya's signed deal, a draft waiting for review, then cancelled by the brand."""
    first = signed.deliverables.order_by("number").first()
    actions.submit_draft(
        first,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        link="https://drive.example.com/take1",
    )
    offer_actions.decide_offer(
        signed,
        "cancel_brand",
        role=role_of(cast.brand, "brand"),
        actor=cast.brand,
        reason="The launch moved to next year.",
    )
    signed.refresh_from_db()
    return signed


def test_issue14_break3_no_draft_or_review_on_a_cancelled_deal(cast, cancelled, login):
    """Issue #14, break 3: on a cancelled in-progress deal drafts were still accepted and
    approved; both are refused now, with the reason, on the page."""
    first, second = cancelled.deliverables.order_by("number")
    drafts = Draft.objects.count()
    page = login(cast.creator).post(
        reverse("deliverables:deliverable", args=[second.public_id]),
        {"step": "draft", "link": "https://drive.example.com/late"},
        follow=True,
    )
    assert "its deliverables are read-only" in page.text
    brand = login(cast.brand)
    review = brand.post(
        reverse("deliverables:deliverable", args=[first.public_id]),
        {"step": "feedback", "kind": "approval", "body": ""},
        follow=True,
    )
    assert "its deliverables are read-only" in review.text
    assert (
        "Send my review"
        not in brand.get(reverse("deliverables:deliverable", args=[first.public_id])).text
    )
    first.refresh_from_db()
    assert first.status == DeliverableStatus.DRAFT_SUBMITTED and Draft.objects.count() == drafts


def test_issue14_break3_the_same_through_the_api(cast, cancelled, bearer):
    """Issue #14, break 3, by API: a draft (was 201) and an approval (was 200) answer 409."""
    first, second = cancelled.deliverables.order_by("number")
    draft = bearer(cast.creator, "creator").post(
        f"/api/v1/deliverables/{second.public_id}/drafts",
        {"link": "https://drive.example.com/late"},
        content_type=J,
    )
    assert draft.status_code == 409 and "read-only" in body(draft)["message"]
    approval = bearer(cast.brand, "brand").post(
        f"/api/v1/deliverables/{first.public_id}/feedback",
        {"kind": "approval", "body": ""},
        content_type=J,
    )
    assert approval.status_code == 409
    assert (
        body(bearer(cast.brand, "brand").get(f"/api/v1/deliverables/{first.public_id}"))[
            "allowed_actions"
        ]
        == []
    )


def test_issue14_break3_reminders_calendar_and_deemed_approvals_leave_it_alone(cast, cancelled):
    """Issue #14, break 3: the reminders and the calendar kept listing a cancelled deal's
    deliverables; the review window's deemed approval would approve its draft."""
    Deliverable.objects.filter(offer=cancelled).update(due_date=today() + timedelta(days=1))
    told = Notification.objects.filter(offer=cancelled).count()
    reminders.send_reminders()
    assert Notification.objects.filter(offer=cancelled).count() == told
    for user in (cast.creator, cast.brand, cast.manager):
        listed = agenda.deadlines(user, start=today(), days=7)
        assert [e for e in listed if e["offer"].pk == cancelled.pk] == []
    actions.deem_approvals(now=cancelled.updated_at + timedelta(days=400))
    first = cancelled.deliverables.order_by("number").first()
    assert first.status == DeliverableStatus.DRAFT_SUBMITTED


def test_issue14_break3_a_withdrawn_offers_thread_takes_no_message(cast, offer, login, bearer):
    """Issue #14, break 3: messages could still be posted on withdrawn offers."""
    offer_actions.decide_offer(
        offer, "withdraw", role=role_of(cast.brand, "brand"), actor=cast.brand
    )
    url = reverse("messaging:thread", args=[offer.public_id])
    page = login(cast.manager).get(url).text
    assert "its thread is read-only" in page and 'name="body"' not in page
    refused = login(cast.manager).post(url, {"body": "Still interested?"}, follow=True)
    assert "its thread is read-only" in refused.text
    api = bearer(cast.brand, "brand").post(
        f"/api/v1/offers/{offer.public_id}/messages", {"body": "Sorry!"}, content_type=J
    )
    assert api.status_code == 409
    assert not Message.objects.filter(offer=offer).exists()
    with pytest.raises(ActionError):
        from messaging.actions import post_message

        post_message(
            offer, role=role_of(cast.creator, "creator"), actor=cast.creator, body="Hello?"
        )
