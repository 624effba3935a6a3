"""Issue 15, items 1–3: an import never moves another creator's video, asks the permission
decision for every row (at upload and again when it runs), and an agency's import writes
statistics only, each change on the creator's own audit chain with the importer and agency."""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from access.models import ActingAs, AuditEvent, AuditEventType, Representation
from access.scopes import Scope
from creators.importing import write_batch
from creators.models import CreatorProfile, ImportJob, Rate, StatSnapshot, Video
from creators.sources.csv_files import read_csv
from creators.sources.records import Batch, ImportFailed, VideoRecord
from creators.staged_import import import_video_csv
from tests.creators.test_csv_import import run

pytestmark = pytest.mark.django_db
IMPORTS = reverse("agencies:imports")
FIXTURES = Path(__file__).parent / "sources" / "fixtures"
HEADER = "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def upload(client, text: str, kind: str = "videos", name: str = "videos.csv"):
    file = SimpleUploadedFile(name, text.encode())
    return client.post(IMPORTS, {"kind": kind, "file": file})


def video_line(video_id: str, handle: str, plays: int = 999_999) -> str:
    return f"{video_id},1732000000,{handle},{plays},50,5,2"


def state(video: Video) -> tuple:
    video.refresh_from_db()
    return (video.creator_id, video.views, video.likes, video.comments, video.shares)


def imported_rows(creator) -> int:
    return AuditEvent.objects.filter(
        event_type=AuditEventType.DATA_IMPORTED, on_behalf_of=creator
    ).count()


def withdraw(creator, scope: str) -> None:
    rep = Representation.objects.get(creator=creator, status="active")
    rep.scopes = [s for s in rep.scopes if s != scope]
    rep.save(update_fields=["scopes"])


def mayas_video(cast) -> Video:
    video = Video.objects.filter(creator=cast.maya).order_by("video_id").first()
    assert video is not None, "the demo gives Maya videos"
    return video


# Item 1: a video id of another creator is a row error, and nothing is written.


def test_issue15_item1_write_batch_refuses_another_creators_video(cast):
    video = mayas_video(cast)
    before, leo_rows = state(video), imported_rows(cast.leo)
    batch = Batch(
        source="csv",
        videos=[
            VideoRecord(
                video_id="7999000000000000001",
                handle="leo.eats",
                posted_at=datetime(2026, 1, 2, tzinfo=UTC),
                views=10,
                likes=1,
                comments=1,
                shares=1,
                line=2,
            ),
            VideoRecord(
                video_id=video.video_id,
                handle="leo.eats",
                posted_at=datetime(2026, 1, 1, tzinfo=UTC),
                views=1,
                likes=1,
                comments=1,
                shares=1,
                line=3,
            ),
        ],
    )
    with pytest.raises(ImportFailed) as failure:
        write_batch(batch, actor=cast.lumen_manager, agency=cast.lumen)
    [problem] = failure.value.problems
    assert (problem.line, problem.column) == (3, "video_id")
    assert problem.reason == f"video {video.video_id} belongs to another creator"
    assert state(video) == before
    assert not Video.objects.filter(video_id="7999000000000000001").exists()
    assert imported_rows(cast.leo) == leo_rows


def test_issue15_item1_another_agency_cannot_overwrite_her_video_from_the_web(cast, login):
    video = mayas_video(cast)
    before = state(video)
    text = f"{HEADER}\n{video_line(video.video_id, 'leo.eats')}\n"
    response = upload(login(cast.lumen_manager), text)
    assert response.status_code == 422
    assert f"video {video.video_id} belongs to another creator" in response.text
    assert state(video) == before
    assert not ImportJob.objects.filter(created_by=cast.lumen_manager).exists()


def test_issue15_item1_the_staged_import_refuses_it_in_sql(cast):
    video = mayas_video(cast)
    before = state(video)
    text = (
        f"{HEADER}\n{video_line('7999000000000000002', 'leo.eats')}\n"
        f"{video_line(video.video_id, 'leo.eats')}\n"
        f"{video_line(video.video_id[:-1] + 'x', 'newcomer')}\n"
    )
    with pytest.raises(ImportFailed) as failure:
        import_video_csv(io.StringIO(text), snapshot_day=None)
    assert [(p.line, p.column, p.reason) for p in failure.value.problems] == [
        (3, "id", f"video {video.video_id} belongs to another creator")
    ]
    assert state(video) == before
    assert not Video.objects.filter(video_id="7999000000000000002").exists()


def test_issue15_item1_the_operator_cannot_move_a_video_to_a_new_handle(cast, tmp_path):
    video = mayas_video(cast)
    before = state(video)
    path = tmp_path / "videos.csv"
    path.write_text(f"{HEADER}\n{video_line(video.video_id, 'someone.new')}\n")
    code, _out, err = run("import-videos", str(path))
    assert code == 1 and "belongs to another creator" in err
    assert state(video) == before
    assert not CreatorProfile.objects.filter(handle="someone.new").exists()


# Item 2: every row through the permission decision, at upload and when the task runs.


def maya_snapshot_state(cast):
    return sorted(StatSnapshot.objects.filter(creator=cast.maya).values_list("day", "followers"))


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("manager2", "@mayamoves is not a creator you may act for"),  # not assigned to her
        ("lumen_manager", "@mayamoves is not a creator you may act for"),  # another agency
    ],
)
def test_issue15_item2_a_member_who_may_not_act_for_her_is_refused(cast, login, who, reason):
    video = mayas_video(cast)
    before = (state(video), maya_snapshot_state(cast))
    text = f"{HEADER},n_followers\n{video_line(video.video_id, 'mayamoves', 1)},1\n"
    response = upload(login(getattr(cast, who)), text)
    assert response.status_code == 422 and reason in response.text
    assert (state(video), maya_snapshot_state(cast)) == before
    assert not ImportJob.objects.exists()


def test_issue15_item2_withdrawn_insights_refuse_her_statistics(cast, login):
    withdraw(cast.maya, Scope.VIEW_INSIGHTS)
    video = mayas_video(cast)
    before = (state(video), maya_snapshot_state(cast), cast.maya.followers)
    response = upload(
        login(cast.manager),
        "handle,followers\nmayamoves,1\n",
        kind="creators",
        name="creators.csv",
    )
    assert response.status_code == 422
    assert "@mayamoves has not shared their insights with your agency" in response.text
    cast.maya.refresh_from_db()
    assert (state(video), maya_snapshot_state(cast), cast.maya.followers) == before


def tcm_payload_for(handle: str) -> str:
    data = json.loads((FIXTURES / "tto_creator.json").read_text())
    data["data"]["handle_name"] = handle
    return json.dumps(data)


def test_issue15_item2_withdrawn_manage_rates_refuses_a_payload_with_a_rate(cast, login):
    withdraw(cast.maya, Scope.MANAGE_RATES)
    rates = sorted(Rate.objects.filter(creator=cast.maya).values_list("deliverable", "amount"))
    response = upload(
        login(cast.manager), tcm_payload_for("mayamoves"), kind="tiktok", name="maya.json"
    )
    assert response.status_code == 422
    assert "@mayamoves has not let your agency change their rates" in response.text
    assert sorted(Rate.objects.filter(creator=cast.maya).values_list("deliverable", "amount")) == (
        rates
    )
    assert not ImportJob.objects.exists()


def test_issue15_item2_the_task_asks_again_when_it_runs(
    cast, login, django_capture_on_commit_callbacks
):
    client = login(cast.manager)
    assert upload(client, "handle,followers\nmayamoves,123\n", "creators", "c.csv").status_code
    job = ImportJob.objects.get()
    assert job.status == "ready"
    withdraw(cast.maya, Scope.VIEW_INSIGHTS)  # between the check and the run
    followers = cast.maya.followers
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agencies:import", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == "failed" and job.problem_count == 1
    assert "has not shared their insights" in job.problems[0]["reason"]
    cast.maya.refresh_from_db()
    assert cast.maya.followers == followers
    page = client.get(reverse("agencies:import", args=[job.public_id])).text
    assert "@mayamoves has not shared their insights with your agency" in page


# Item 3: an agency's import writes statistics only, audited on her own chain.


def run_upload(client, text, kind, name, capture):
    assert upload(client, text, kind, name).status_code == 302
    job = ImportJob.objects.latest("created_at")
    with capture(execute=True):
        client.post(reverse("agencies:import", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == "done", job.problems
    return job


def last_import_row(creator) -> AuditEvent:
    return AuditEvent.objects.filter(
        event_type=AuditEventType.DATA_IMPORTED, on_behalf_of=creator
    ).latest("seq")


def test_issue15_item3_an_agency_import_keeps_her_profile_and_audits_her_followers(
    cast, login, django_capture_on_commit_callbacks
):
    maya = cast.maya
    profile = (maya.display_name, maya.country, maya.bio, maya.avatar_url)
    categories = sorted(maya.categories.values_list("slug", flat=True))
    old_followers = maya.followers
    country = "JP" if maya.country != "JP" else "BR"
    text = (
        "handle,display_name,followers,country,category\n"
        f"mayamoves,Not Maya,{old_followers + 90},{country},gaming\n"
    )
    run_upload(login(cast.manager), text, "creators", "c.csv", django_capture_on_commit_callbacks)
    maya.refresh_from_db()
    assert (maya.display_name, maya.country, maya.bio, maya.avatar_url) == profile
    assert sorted(maya.categories.values_list("slug", flat=True)) == categories
    assert maya.followers == old_followers + 90
    assert StatSnapshot.objects.filter(creator=maya).latest("day").followers == old_followers + 90
    row = last_import_row(maya)
    assert row.chain == f"creator:{maya.pk}"
    assert (row.actor, row.agency, row.acting_as) == (cast.manager, cast.northstar, ActingAs.AGENCY)
    assert row.changes["followers"] == [old_followers, old_followers + 90]
    assert row.changes["source"] == "csv"
    assert not {"display_name", "country", "categories"} & row.changes.keys()


def test_issue15_item3_each_creator_gets_her_own_counts(
    cast, login, django_capture_on_commit_callbacks
):
    video = mayas_video(cast)
    text = (
        f"{HEADER}\n{video_line(video.video_id, 'mayamoves', 5)}\n"
        f"{video_line('7999000000000000011', 'mayamoves')}\n"
        f"{video_line('7999000000000000012', 'mayamoves')}\n"
    )
    job = run_upload(
        login(cast.manager), text, "videos", "v.csv", django_capture_on_commit_callbacks
    )
    assert job.summary["videos_created"] == 2 and job.summary["videos_updated"] == 1
    row = last_import_row(cast.maya)
    assert row.changes == {
        "source": "csv",
        "platform": "tiktok",
        "videos_created": 2,
        "videos_updated": 1,
    }
    assert (row.actor, row.agency) == (cast.manager, cast.northstar)
    assert state(video)[1] == 5


def test_issue15_item3_the_operator_fills_unclaimed_profiles_only(cast, tmp_path):
    unclaimed = CreatorProfile.objects.create(handle="nobody.yet", display_name="nobody.yet")
    maya = cast.maya
    assert maya.user_id is not None  # claimed by her
    profile = (maya.display_name, maya.country)
    country = "JP" if maya.country != "JP" else "BR"
    path = tmp_path / "creators.csv"
    path.write_text(
        "handle,display_name,followers,country\n"
        f"nobody.yet,Nobody Yet,500,FR\nmayamoves,Renamed,{maya.followers + 1},{country}\n"
    )
    code, _out, err = run("import-creators", str(path))
    assert code == 0, err
    unclaimed.refresh_from_db()
    maya.refresh_from_db()
    assert (unclaimed.display_name, unclaimed.country, unclaimed.followers) == (
        "Nobody Yet",
        "FR",
        500,
    )
    assert (maya.display_name, maya.country) == profile
    row = last_import_row(unclaimed)
    assert row.acting_as == ActingAs.OPERATOR and row.actor is None and row.agency is None
    assert row.changes["display_name"] == ["nobody.yet", "Nobody Yet"]
    assert "display_name" not in last_import_row(maya).changes


def test_issue15_item3_an_agency_never_writes_profile_fields_even_of_an_unclaimed_creator(cast):
    creator = CreatorProfile.objects.create(handle="unclaimed.one", display_name="Unclaimed")
    text = "handle,display_name,followers,country\nunclaimed.one,Renamed,70,FR\n"
    batch = read_csv(text, "creators", today=timezone.now().astimezone(UTC).date())
    write_batch(batch, actor=cast.manager, agency=cast.northstar)
    creator.refresh_from_db()
    assert (creator.display_name, creator.country, creator.followers) == ("Unclaimed", "", 70)
    row = last_import_row(creator)
    today = timezone.now().astimezone(UTC).date().isoformat()
    assert row.changes == {
        "source": "csv",
        "platform": "tiktok",
        "followers": [0, 70],
        "snapshots": {today: {"followers": [None, 70]}},
    }
    assert (row.actor, row.agency, row.acting_as) == (cast.manager, cast.northstar, ActingAs.AGENCY)
