import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from creators.models import ImportJob, Video
from creators.sources.csv_files import read_csv
from creators.sources.tiktok_json import parse_payload

pytestmark = pytest.mark.django_db
IMPORTS = reverse("agencies:imports")


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def upload(client, text, kind="videos", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile("videos.csv", text.encode()), **extra}
    return client.post(IMPORTS, data)


def csv_for(handles, rows=3, bad=None):
    lines = ["id,create_time,user_name,n_plays,n_likes,n_comments,n_shares"]
    for i in range(rows):
        plays = "many" if i == bad else str(5000 + i)
        lines.append(
            f"8{i:018d},{1732000000 + i * 3600},{handles[i % len(handles)]},{plays},50,5,2"
        )
    return "\n".join(lines) + "\n"


def test_a_good_upload_is_previewed_then_imported_in_the_background(
    cast, login, django_capture_on_commit_callbacks
):
    client = login(cast.manager)
    response = upload(client, csv_for(["mayamoves"]))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "ready" and job.rows == 3
    preview = client.get(reverse("agencies:import", args=[job.public_id])).text
    assert "3 rows are ready to import" in preview and "8000000000000000000" in preview
    assert "<td>n_plays</td><td>views <code>views</code></td>" in preview  # what each column feeds
    assert not Video.objects.filter(video_id__startswith="8").exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agencies:import", args=[job.public_id]))
    job.refresh_from_db()
    assert job.status == "done" and job.summary["videos_created"] == 3 and job.content == ""
    assert Video.objects.filter(video_id__startswith="8", creator=cast.maya).count() == 3
    status = client.get(
        reverse("agencies:import", args=[job.public_id]),
        headers={"HX-Request": "true", "HX-Target": "import-status"},
    )
    assert status.text.lstrip().startswith('<div id="import-status"')


def test_bad_rows_are_listed_with_line_and_column_and_nothing_is_kept(cast, login):
    response = upload(login(cast.manager), csv_for(["mayamoves"], rows=5, bad=3))
    assert response.status_code == 422
    assert "Nothing was imported" in response.text
    assert "<td>5</td><td>n_plays</td><td>not a number: &#x27;many&#x27;</td>" in response.text
    assert not ImportJob.objects.exists()


def test_rows_about_creators_the_agency_does_not_represent_are_refused(cast, login):
    response = upload(login(cast.manager), csv_for(["mayamoves", "leo.eats"]))
    assert response.status_code == 422
    assert "@leo.eats is not a creator you may act for" in response.text
    assert not Video.objects.filter(video_id__startswith="8").exists()


def test_not_utf8_and_bad_mapping_are_explained(cast, login):
    client = login(cast.manager)
    latin = client.post(
        IMPORTS, {"kind": "videos", "file": SimpleUploadedFile("x.csv", "é".encode("latin-1"))}
    )
    assert "The file is not UTF-8 text." in latin.text


def test_issue15_columns_are_chosen_in_the_preview_not_on_a_command_line(cast, login):
    """A file whose handle column has an unknown name is kept for the mapping step (nothing
    written); choosing the column in the form makes it ready."""
    client = login(cast.manager)
    text = csv_for(["mayamoves"]).replace("user_name", "who")
    response = upload(client, text)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == "settings"
    page = client.get(reverse("agencies:import", args=[job.public_id])).text
    assert "no column for handle: choose one in the column mapping" in page
    assert "--map" not in page and 'name="map_handle"' in page
    assert '<td>who</td><td><span class="muted">ignored</span></td>' in page
    url = reverse("agencies:import", args=[job.public_id])
    chosen = client.post(
        url,
        {
            "action": "check",
            "map_handle": "#3",
            "map_video_id": "#1",
            "map_posted_at": "#2",
            "map_views": "#4",
            "map_likes": "#5",
            "map_comments": "#6",
            "map_shares": "#7",
            "duplicates": "refuse",
        },
    )
    job.refresh_from_db()
    assert chosen.status_code == 302 and job.status == "ready" and job.rows == 3
    assert job.mapping["handle"] == "#3" and job.mapping["followers"] == ""
    assert not Video.objects.filter(video_id__startswith="8").exists()


def test_issue15_repeated_rows_can_keep_the_last_and_the_preview_lists_them(cast, login):
    client = login(cast.manager)
    text = csv_for(["mayamoves"]) + "8000000000000000000,1732000000,mayamoves,9,1,1,1\n"
    refused = upload(client, text)
    assert refused.status_code == 422 and "is repeated: it is also on line 2" in refused.text
    kept = upload(client, text, duplicates="keep_last")
    job = ImportJob.objects.get()
    assert kept.status_code == 302 and job.status == "ready" and job.rows == 3
    page = client.get(reverse("agencies:import", args=[job.public_id])).text
    assert "1 key is repeated: the last row of each is kept." in page
    assert "8000000000000000000: lines 2, 5" in page


def test_issue15_every_problem_is_counted_and_the_first_thousand_named(cast, login):
    lines = ["id,create_time,user_name,n_plays,n_likes,n_comments,n_shares"]
    lines += [f"7{i:018d},1732000000,mayamoves,lots,1,1,1" for i in range(1200)]
    response = upload(login(cast.manager), "\n".join(lines) + "\n")
    assert response.status_code == 422
    assert "Nothing was imported: 1200 problems." in response.text
    assert response.text.count("not a number: &#x27;lots&#x27;") == 1000
    assert "… and 200 more." in response.text


@pytest.mark.parametrize("kind", ["creators", "videos", "tiktok"])
def test_issue15_each_sample_file_downloads_and_reads_as_it_is(cast, login, kind):
    sample = login(cast.manager).get(reverse("agencies:import-sample", args=[kind]))
    assert sample.status_code == 200 and "attachment" in sample["Content-Disposition"]
    text = sample.content.decode()
    if kind == "tiktok":
        batch = parse_payload(json.loads(text), fetched_at=timezone.now())
    else:
        batch = read_csv(text, kind, today=timezone.now().date())
    assert batch.creators or batch.videos
    assert batch.snapshots  # its account figures are read too


def test_assistants_cannot_import_and_other_agencies_cannot_see_a_job(cast, login):
    assert login(cast.assistant).get(IMPORTS).status_code == 403
    upload(login(cast.manager), csv_for(["mayamoves"]))
    job = ImportJob.objects.get()
    url = reverse("agencies:import", args=[job.public_id])
    assert login(cast.lumen_owner).get(url).status_code == 404
    assert login(cast.creator).get(url).status_code == 404


def test_an_import_asks_the_permission_decision_for_each_creator(cast, login):
    """Web imports went by the agency alone: a manager not assigned to Maya (404 on her page)
    could rewrite her figures, and so could her lead manager after she withdrew every scope."""
    from access.models import Representation

    csv = b"handle,display_name,followers\nmayamoves,Maya Okafor,1\n"

    def upload(user):
        file = SimpleUploadedFile("creators.csv", csv, content_type="text/csv")
        return login(user).post(reverse("agencies:imports"), {"kind": "creators", "file": file})

    refused = upload(cast.manager2)
    assert refused.status_code == 422 and "not a creator you may act for" in refused.text
    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=[])
    refused = upload(cast.manager)
    assert refused.status_code == 422 and "not shared their insights" in refused.text
    assert not ImportJob.objects.filter(created_by__in=[cast.manager, cast.manager2]).exists()


def test_issue15_the_result_lists_what_changed_for_each_creator(
    cast, login, django_capture_on_commit_callbacks
):
    client = login(cast.manager)
    upload(client, csv_for(["mayamoves"]))
    job = ImportJob.objects.get()
    url = reverse("agencies:import", args=[job.public_id])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "start"})
    job.refresh_from_db()
    assert job.summary["creators"] == {"mayamoves": {"videos_created": 3}}
    page = client.get(url).text
    assert 'id="import-changes"' in page and "@mayamoves" in page
    assert "videos created: 3" in page


def test_issue15_only_who_uploaded_a_file_sees_its_rows_and_starts_it(cast, login):
    """Another member may not be assigned to these creators: the preview is their figures."""
    upload(login(cast.manager), csv_for(["mayamoves"]))
    job = ImportJob.objects.get()
    url = reverse("agencies:import", args=[job.public_id])
    other = login(cast.manager2)
    page = other.get(url).text
    assert "8000000000000000000" not in page and 'id="import-not-yours"' in page
    assert other.post(url, {"action": "start"}).status_code == 403
    job.refresh_from_db()
    assert job.status == "ready"


def test_issue15_what_changed_reads_as_each_language_writes_it():
    from django.utils import translation

    from creators.templatetags.insights import change_lines

    changes = {"videos_created": 2, "followers": [17910, 18000]}
    assert change_lines(changes) == ["videos created: 2", "followers: 17910 → 18000"]
    with translation.override("fr"):
        assert change_lines(changes)[0] == "vidéos créées\u00a0: 2"


def test_the_videos_sample_still_imports_weeks_later(cast, login, time_machine):
    """The sample was dated 2026-11-28/29: a week later it was refused as too old to date."""
    time_machine.move_to("2027-03-15 09:00Z")
    sample = login(cast.manager).get(reverse("agencies:import-sample", args=["videos"]))
    batch = read_csv(sample.content.decode(), "videos", today=timezone.now().date())
    assert batch.videos and batch.snapshots
    assert "2027-03-14T12:05:00Z" in sample.content.decode()
