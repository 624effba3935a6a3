import os
import subprocess
import sys

import pytest

from access.models import EndReason, Representation
from accounts.models import User
from brands.models import Brand
from talentdesk import demo

pytestmark = pytest.mark.django_db


def test_demo_world_has_what_the_readme_promises(cast):
    for login in demo.LOGINS:
        user = User.objects.get(email=login.email)
        assert user.check_password(demo.PASSWORD)
    assert Representation.objects.active().filter(agency=cast.northstar).count() >= 30
    assert Representation.objects.active().filter(agency=cast.lumen).count() >= 10
    assert Brand.objects.count() >= 8
    assert cast.glowskin.category_id == "beauty"
    maya = Representation.objects.active().get(creator=cast.maya)
    assert maya.agency == cast.northstar and maya.lead_manager == cast.manager
    assert Representation.objects.active().get(creator=cast.leo).agency == cast.lumen


def test_demo_covers_every_representation_story(cast):
    revoked = Representation.objects.get(creator=cast.maya, agency=cast.lumen)
    assert revoked.end_reason == EndReason.REVOKED_BY_CREATOR
    proposals = Representation.objects.proposed()
    assert {p.proposed_by for p in proposals} == {"agency", "creator"}
    scope_sets = {tuple(r.scopes) for r in Representation.objects.active()}
    assert len(scope_sets) >= 4


def test_demo_is_deterministic_after_reset(cast):
    before = sorted(Representation.objects.values_list("creator__handle", "agency__name", "status"))
    followers = sorted(
        User.objects.values_list("creator_profile__followers", flat=True).exclude(
            creator_profile=None
        )
    )
    demo.reset()
    demo.load()
    after = sorted(Representation.objects.values_list("creator__handle", "agency__name", "status"))
    assert before == after
    assert followers == sorted(
        User.objects.values_list("creator_profile__followers", flat=True).exclude(
            creator_profile=None
        )
    )


def test_make_run_loads_no_demo_data_when_database_url_is_set(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3"}
    result = subprocess.run(
        [sys.executable, "-m", "talentdesk", "demo", "--if-empty"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "DATABASE_URL is set: no demo data is loaded." in result.stdout


def test_every_demo_creator_has_insights(cast):
    from django.db.models import Count

    from creators.models import CreatorProfile

    creators = CreatorProfile.objects.annotate(
        days=Count("snapshots", distinct=True),
        video_total=Count("videos", distinct=True),
        audience_total=Count("audiences", distinct=True),
        rate_total=Count("rates", distinct=True),
    )
    assert creators.count() >= 44
    for creator in creators:
        assert creator.days >= 180 and creator.video_total >= 60, creator.handle
        assert creator.audience_total >= 1 and creator.rate_total >= 3, creator.handle
        assert creator.metrics.median_views is not None


def test_demo_work_has_every_deliverable_state_feedback_unread_threads_and_deadlines(cast):

    from campaigns.actions import today
    from deliverables.models import Deliverable, Feedback
    from deliverables.transitions import DeliverableStatus
    from messaging import agenda
    from messaging.actions import unread_count

    assert set(Deliverable.objects.values_list("status", flat=True)) == set(
        DeliverableStatus.values
    )
    approved = Deliverable.objects.get(status="approved")
    assert approved.drafts.count() == 3 and approved.rounds_used == 2
    timed = Feedback.objects.filter(kind="changes", at_seconds=12)
    assert timed.exists() and timed.first().timestamp == "0:12"
    work = Deliverable.objects.get(status="draft_submitted").offer
    assert unread_count(cast.manager, work) >= 1 and unread_count(cast.creator, work) >= 1
    soon = agenda.deadlines(cast.manager, start=today(), days=7)
    assert any(e["kind"] == "deliverable" for e in soon)


def test_demo_work_is_the_same_after_reset(cast):
    from deliverables.models import Deliverable, Feedback

    def snapshot():
        return (
            sorted(
                Deliverable.objects.values_list(
                    "offer__campaign__name", "number", "status", "rounds_used", "due_date"
                )
            ),
            sorted(Feedback.objects.values_list("kind", "body", "at_seconds")),
        )

    before = snapshot()
    demo.reset()
    demo.load()
    assert snapshot() == before
