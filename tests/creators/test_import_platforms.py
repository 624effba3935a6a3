"""Issue 15 item 9: handles and statistics belong to a platform. A file is imported for one
platform (TikTok by default); an Instagram file never changes a TikTok follower count, and each
platform's figures are stored (and shown) apart."""

import contextlib
import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from creators.importing import write_batch
from creators.metrics import compute
from creators.models import (
    CreatorHandle,
    CreatorProfile,
    ImportJob,
    SourceMetric,
    StatSnapshot,
    Video,
)
from creators.sources.csv_files import read_csv
from creators.sources.records import ImportFailed
from tests.api.conftest import body

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 20)
INSTAGRAM_CSV = (
    "Influencer insta name,instagram name,Followers,Authentic engagement,Engagement avg\n"
    "maya.insta,Maya IG,48.5M,383.1K,637K\n"
)


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def maya(cast):
    """Maya with her TikTok followers on DAY, and her Instagram handle on her profile."""
    StatSnapshot.objects.update_or_create(
        creator=cast.maya, platform="tiktok", day=DAY, defaults={"followers": 182_000}
    )
    CreatorHandle.objects.create(creator=cast.maya, platform="instagram", handle="maya.insta")
    cast.maya.refresh_from_db()
    return cast.maya


def instagram(text=INSTAGRAM_CSV, **options):
    return read_csv(text, "creators", snapshot_day=DAY, platform="instagram", **options)


def tiktok_figures(creator):
    creator.refresh_from_db()
    snapshots = StatSnapshot.objects.filter(creator=creator, platform="tiktok")
    return creator.followers, list(snapshots.values_list("day", "followers"))


def test_issue15_item9_an_instagram_file_never_changes_tiktok_followers(maya):
    before = tiktok_figures(maya)
    write_batch(instagram())
    assert tiktok_figures(maya) == before
    ig = StatSnapshot.objects.get(creator=maya, platform="instagram")
    assert (ig.day, ig.followers) == (DAY, 48_500_000)
    figures = SourceMetric.objects.filter(creator=maya, platform="instagram")
    assert dict(figures.values_list("name", "value")) == {
        "authentic_engagements": 383_100,
        "average_engagements": 637_000,
    }
    assert not SourceMetric.objects.filter(creator=maya, platform="tiktok").exists()
    assert compute(maya, as_of=DAY).followers == 182_000  # her metrics are TikTok's
    maya.refresh_from_db()
    assert maya.display_name != "Maya IG"  # a TikTok profile's fields are not Instagram's


def test_issue15_item9_her_tiktok_handle_is_not_her_instagram_handle_for_an_agency(
    maya, cast, login
):
    """An agency's Instagram file names creators by their Instagram handle, as she gave it on
    her profile; her TikTok handle there is refused with the reason, and nothing is written."""
    client = login(cast.manager)
    text = "handle,followers\nmayamoves,5\n"
    file = SimpleUploadedFile("i.csv", text.encode())
    data = {"kind": "creators", "platform": "instagram", "file": file}
    response = client.post(reverse("agencies:imports"), data)
    assert response.status_code == 422
    assert "@mayamoves is not the Instagram handle of a creator you may act for" in response.text
    assert not StatSnapshot.objects.filter(platform="instagram").exists()
    assert not ImportJob.objects.exists()


def test_issue15_item9_an_agency_imports_her_instagram_figures_by_her_instagram_handle(
    maya, cast, login, django_capture_on_commit_callbacks
):
    before = tiktok_figures(maya)
    client = login(cast.manager)
    data = {
        "kind": "creators",
        "platform": "instagram",
        "snapshot_day": DAY.isoformat(),
        "file": SimpleUploadedFile("instagram.csv", INSTAGRAM_CSV.encode()),
    }
    response = client.post(reverse("agencies:imports"), data)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.platform == "instagram"
    page = client.get(reverse("agencies:import", args=[job.public_id])).text
    assert "handles and figures on Instagram" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agencies:import", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == "done", job.problems
    assert StatSnapshot.objects.get(creator=maya, platform="instagram").followers == 48_500_000
    assert tiktok_figures(maya) == before
    maya.refresh_from_db()
    assert maya.display_name != "Maya IG"


def test_issue15_item9_a_tiktok_payload_is_never_another_platform(cast, login, bearer):
    payload = SimpleUploadedFile("p.json", json.dumps({"data": {}}).encode())
    page = login(cast.manager).post(
        reverse("agencies:imports"), {"kind": "tiktok", "platform": "youtube", "file": payload}
    )
    assert "A TikTok API payload holds TikTok figures." in page.text
    payload.seek(0)
    api = bearer(cast.manager).post(
        "/api/v1/imports", {"kind": "tiktok", "platform": "youtube", "file": payload}
    )
    assert api.status_code == 422 and "platform" in api.text
    assert not ImportJob.objects.exists()


def test_issue15_item9_the_api_imports_for_the_platform_it_is_given(
    maya, cast, bearer, django_capture_on_commit_callbacks
):
    file = SimpleUploadedFile("instagram.csv", INSTAGRAM_CSV.encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = bearer(cast.manager).post(
            "/api/v1/imports",
            {
                "kind": "creators",
                "platform": "instagram",
                "snapshot_day": "2026-11-20",
                "file": file,
            },
        )
    assert response.status_code == 202, response.content
    job = body(response)
    assert job["platform"] == "instagram"
    assert StatSnapshot.objects.get(creator=maya, platform="instagram").followers == 48_500_000
    assert maya.followers == CreatorProfile.objects.get(pk=maya.pk).followers


def test_issue15_item9_the_operator_files_an_unknown_handle_under_the_unclaimed_profile(db):
    """The operator's Instagram file: a handle nobody has on Instagram goes to the unclaimed
    profile of that name (made when there is none), never to a claimed one."""
    unclaimed = CreatorProfile.objects.create(handle="charlidamelio", display_name="Charli")
    text = "handle,display_name,followers\ncharlidamelio,Charli IG,50M\nnew.face,New Face,2K\n"
    summary = write_batch(instagram(text))
    assert summary["handles_added"] == 2 and summary["creators_created"] == 1
    unclaimed.refresh_from_db()
    assert (unclaimed.display_name, unclaimed.followers) == ("Charli", 0)
    new = CreatorProfile.objects.get(handle="new.face")
    assert (new.display_name, new.followers, new.user) == ("New Face", 0, None)
    handles = CreatorHandle.objects.filter(platform="instagram")
    assert dict(handles.values_list("handle", "creator")) == {
        "charlidamelio": unclaimed.pk,
        "new.face": new.pk,
    }
    ig = StatSnapshot.objects.filter(platform="instagram").values_list("creator", "followers")
    assert dict(ig) == {unclaimed.pk: 50_000_000, new.pk: 2_000}
    assert not StatSnapshot.objects.filter(creator__in=[unclaimed, new], platform="tiktok").exists()


def test_issue15_item9_a_claimed_profile_of_that_name_is_a_row_error(cast):
    text = "handle,followers\nleo.eats,5\nmayamoves,6\n"
    with pytest.raises(ImportFailed) as failure:
        write_batch(instagram(text))
    reasons = [(p.line, p.reason) for p in failure.value.problems]
    assert reasons == [
        (
            2,
            "no profile has the Instagram handle @leo.eats, and the profile @leo.eats is "
            "claimed: she adds her Instagram handle on her profile",
        ),
        (
            3,
            "no profile has the Instagram handle @mayamoves, and the profile @mayamoves is "
            "claimed: she adds her Instagram handle on her profile",
        ),
    ]
    assert not CreatorHandle.objects.exists()
    assert not StatSnapshot.objects.filter(platform="instagram").exists()


def videos_csv(handle, video_id="7000000000000000001", views=900):
    return (
        "id,create_time,user_name,n_plays,n_likes,n_comments,n_shares,n_followers\n"
        f"{video_id},{int(datetime(2026, 11, 19, tzinfo=UTC).timestamp())},{handle},{views},"
        "90,3,2,777\n"
    )


def test_issue15_item9_a_video_id_is_unique_on_its_platform_only(maya):
    write_batch(read_csv(videos_csv("mayamoves", views=100), "videos", snapshot_day=DAY))
    tiktok = compute(maya, as_of=date(2026, 11, 20), days=30)
    write_batch(
        read_csv(
            videos_csv("maya.insta", views=5000), "videos", snapshot_day=DAY, platform="instagram"
        )
    )
    videos = Video.objects.filter(video_id="7000000000000000001")
    assert sorted(videos.values_list("platform", "views")) == [
        ("instagram", 5000),
        ("tiktok", 100),
    ]
    assert compute(maya, as_of=date(2026, 11, 20), days=30) == tiktok  # TikTok's only
    assert StatSnapshot.objects.get(creator=maya, platform="instagram", day=DAY).followers == 777


def run_videos_command(tmp_path, text, *args):
    path = tmp_path / "videos.csv"
    path.write_text(text)
    out = io.StringIO()
    with contextlib.suppress(SystemExit):  # exit 1 on a refused file: its JSON says why
        call_command(
            "import-videos", str(path), "--json", "--snapshot-day=2026-11-20", *args, stdout=out
        )
    return json.loads(out.getvalue())


def test_issue15_item9_the_streamed_video_import_keeps_platforms_apart(maya, tmp_path):
    before = tiktok_figures(maya)
    run_videos_command(tmp_path, videos_csv("mayamoves", views=100))
    result = run_videos_command(
        tmp_path, videos_csv("maya.insta", views=5000), "--platform=instagram"
    )
    assert result["ok"] and result["platform"] == "instagram", result
    assert result["videos_created"] == 1 and result["videos_updated"] == 0
    videos = Video.objects.filter(video_id="7000000000000000001", creator=maya)
    assert sorted(videos.values_list("platform", "views")) == [
        ("instagram", 5000),
        ("tiktok", 100),
    ]
    assert StatSnapshot.objects.get(creator=maya, platform="instagram", day=DAY).followers == 777
    after = tiktok_figures(maya)
    assert after[0] == before[0]
    assert (DAY, 777) in after[1] and (DAY, 182_000) not in after[1]  # the TikTok file's own
    again = run_videos_command(
        tmp_path, videos_csv("maya.insta", views=6000), "--platform=instagram"
    )
    assert again["videos_updated"] == 1
    assert Video.objects.get(video_id="7000000000000000001", platform="instagram").views == 6000


def test_issue15_item9_the_streamed_import_files_new_handles_and_refuses_claimed_ones(
    cast, tmp_path
):
    created = run_videos_command(
        tmp_path, videos_csv("someone.new", views=10), "--platform=youtube"
    )
    assert created["ok"] and created["creators_created"] == 1 and created["handles_added"] == 1
    profile = CreatorProfile.objects.get(handle="someone.new")
    assert CreatorHandle.objects.get(platform="youtube", handle="someone.new").creator == profile
    assert Video.objects.get(creator=profile).platform == "youtube"
    refused = run_videos_command(
        tmp_path, videos_csv("leo.eats", "7000000000000000002"), "--platform=youtube"
    )
    assert not refused["ok"]
    assert "the profile @leo.eats is claimed" in refused["problems"][0]["reason"]
    assert not Video.objects.filter(video_id="7000000000000000002").exists()
