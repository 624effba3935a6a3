from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from access.models import AuditEvent, AuditEventType, Representation
from deliverables import actions
from deliverables.models import Deliverable
from deliverables.transitions import TRANSITIONS, DeliverableStatus
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def video(name="draft.mp4", content=MP4):
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def test_signing_creates_one_deliverable_per_unit(signed):
    items = list(signed.deliverables.order_by("number"))
    assert [d.number for d in items] == [1, 2]  # terms: 2 × video
    assert {d.status for d in items} == {"not_started"} and signed.status == "in_progress"
    assert items[0].rounds_allowed == 2


def test_every_transition_only_by_the_right_side(cast, signed):
    item = signed.deliverables.order_by("number").first()
    people = {
        "brand": (cast.brand, role_of(cast.brand, "brand")),
        "creator": (cast.creator, role_of(cast.creator, "creator")),
        "manager": (cast.manager, role_of(cast.manager, "agency")),
        "outsider": (cast.outsider_brand, role_of(cast.outsider_brand, "brand")),
    }
    steps = [
        (
            "submit_draft",
            ["creator", "manager"],
            lambda u, r: actions.submit_draft(item, role=r, actor=u, upload=video()),
        ),
        (
            "request_changes",
            ["brand"],
            lambda u, r: actions.give_feedback(
                item, role=r, actor=u, body="Brighter", kind="changes", at_seconds=12
            ),
        ),
        (
            "submit_draft",
            ["creator", "manager"],
            lambda u, r: actions.submit_draft(item, role=r, actor=u, link="https://example.com/v2"),
        ),
        (
            "approve",
            ["brand"],
            lambda u, r: actions.give_feedback(item, role=r, actor=u, body="", kind="approval"),
        ),
        (
            "mark_posted",
            ["creator", "manager"],
            lambda u, r: actions.mark_posted(
                item,
                role=r,
                actor=u,
                url="https://www.tiktok.com/@mayamoves/video/7301234567890123456",
            ),
        ),
        ("verify", ["brand"], lambda u, r: actions.verify(item, role=r, actor=u)),
    ]
    for verb, allowed_sides, run in steps:
        for side, (user, role) in people.items():
            if side in allowed_sides:
                continue
            with pytest.raises(ActionError):
                run(user, role)
        user, role = people[allowed_sides[-1]]
        before = AuditEvent.objects.count()
        run(user, role)
        item.refresh_from_db()
        assert item.status == TRANSITIONS[verb].target, verb
        assert AuditEvent.objects.count() == before + 1
    assert item.rounds_used == 1
    assert set(DeliverableStatus.values) >= {item.status}


def test_manager_needs_manage_content(cast, signed):
    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=["negotiate"])
    item = signed.deliverables.first()
    with pytest.raises(ActionError, match="not allowed"):
        actions.submit_draft(
            item, role=role_of(cast.manager, "agency"), actor=cast.manager, upload=video()
        )


def test_revision_rounds_are_capped(cast, signed):
    item = signed.deliverables.first()
    creator, brand = role_of(cast.creator, "creator"), role_of(cast.brand, "brand")
    for _round in range(item.rounds_allowed):
        actions.submit_draft(item, role=creator, actor=cast.creator, upload=video())
        actions.give_feedback(item, role=brand, actor=cast.brand, body="Again", kind="changes")
    actions.submit_draft(item, role=creator, actor=cast.creator, upload=video())
    with pytest.raises(ActionError, match="revision rounds are used"):
        actions.give_feedback(item, role=brand, actor=cast.brand, body="Once more", kind="changes")
    item.refresh_from_db()
    assert item.status == "draft_submitted" and item.rounds_used == item.rounds_allowed


def test_a_draft_not_reviewed_in_time_is_deemed_approved_once(cast, signed):
    from deliverables.models import Draft

    # The demo's own draft awaiting review is not this test's business.
    Draft.objects.update(review_due=timezone.now() + timedelta(days=60))
    item = signed.deliverables.first()
    actions.submit_draft(
        item, role=role_of(cast.creator, "creator"), actor=cast.creator, upload=video()
    )
    with time_machine.travel(timezone.now() + timedelta(days=13)):
        assert actions.deem_approvals() == 0
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert actions.deem_approvals() == 1
        assert actions.deem_approvals() == 0
    item.refresh_from_db()
    assert item.status == "approved"
    assert AuditEvent.objects.filter(event_type=AuditEventType.DRAFT_DEEMED_APPROVED).exists()


def test_a_file_whose_name_lies_about_its_content_is_refused(cast, signed):
    item = signed.deliverables.first()
    fake = video("clip.mp4", b"#!/bin/sh\necho not a video\n" + b"x" * 64)
    with pytest.raises(ActionError, match="not a video"):
        actions.submit_draft(
            item, role=role_of(cast.creator, "creator"), actor=cast.creator, upload=fake
        )
    assert not item.drafts.exists()
    image = actions.submit_draft(
        item,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        upload=video("thumbnail.mp4", PNG),
    )
    assert image.content_type == "image/png"


def test_only_parties_get_the_draft_file(cast, login, signed):
    item = signed.deliverables.first()
    actions.submit_draft(
        item, role=role_of(cast.creator, "creator"), actor=cast.creator, upload=video()
    )
    url = reverse("deliverables:draft-file", args=[item.public_id, 1])
    for user in (cast.brand, cast.creator, cast.manager):
        response = login(user).get(url)
        assert response.status_code == 200 and b"ftypmp42" in b"".join(response.streaming_content)
    for user in (cast.outsider_brand, cast.lumen_manager, cast.creator2, cast.manager2):
        assert login(user).get(url).status_code == 404, user.email


def test_the_deal_completes_when_every_deliverable_is_verified(cast, signed):
    brand, creator = role_of(cast.brand, "brand"), role_of(cast.creator, "creator")
    for item in Deliverable.objects.filter(offer=signed):
        actions.submit_draft(item, role=creator, actor=cast.creator, upload=video())
        actions.give_feedback(item, role=brand, actor=cast.brand, body="", kind="approval")
    signed.refresh_from_db()
    assert signed.status == "posting"
    for item in Deliverable.objects.filter(offer=signed):
        url = f"https://www.tiktok.com/@mayamoves/video/73000000000000000{item.number}"
        actions.mark_posted(item, role=creator, actor=cast.creator, url=url)
        actions.verify(item, role=brand, actor=cast.brand)
    signed.refresh_from_db()
    assert signed.status == "completed"


def test_posting_needs_a_tiktok_video_address(cast, signed):
    item = signed.deliverables.first()
    Deliverable.objects.filter(pk=item.pk).update(status="approved")
    with pytest.raises(ActionError, match="TikTok video"):
        actions.mark_posted(
            item,
            role=role_of(cast.creator, "creator"),
            actor=cast.creator,
            url="https://evil.example/video/1",
        )


def test_pages_submit_review_with_a_timestamp_and_outsiders_get_404(cast, login, signed):
    item = signed.deliverables.first()
    url = reverse("deliverables:deliverable", args=[item.public_id])
    manager = login(cast.manager)
    manager.post(url, {"step": "draft", "file": video(), "caption": "Morning routine"})
    brand = login(cast.brand)
    bad = brand.post(url, {"step": "feedback", "kind": "changes", "at": "12s", "body": "x"})
    assert "Write the time as minutes:seconds" in bad.text
    brand.post(url, {"step": "feedback", "kind": "changes", "at": "0:12", "body": "Brighter light"})
    item.refresh_from_db()
    assert item.status == "changes_requested"
    page = manager.get(url).text
    assert "0:12" in page and "Brighter light" in page
    assert login(cast.outsider_brand).get(url).status_code == 404


def test_an_oversized_upload_is_stopped_while_streaming(cast, login, signed, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    item = signed.deliverables.first()
    url = reverse("deliverables:deliverable", args=[item.public_id])
    big = video("big.mp4", MP4 + b"\x00" * 5000)
    response = login(cast.creator).post(url, {"step": "draft", "file": big})
    assert "The file is larger than the upload limit." in response.text
    assert not item.drafts.exists()


def test_18_without_manage_content_the_page_says_which_scope_and_who_grants_it(cast, signed, login):
    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=["negotiate"])
    item = signed.deliverables.first()
    text = login(cast.manager).get(reverse("deliverables:deliverable", args=[item.public_id])).text
    assert "The creator has not given your agency “Manage content”" in text
    assert "from their “My managers” page" in text
    assert 'name="step" value="draft"' not in text  # no form that cannot be used
