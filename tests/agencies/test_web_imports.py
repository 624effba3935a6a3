import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from creators.models import ImportJob, Video

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
    assert "n_plays (#4)" in preview  # the mapping preview
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
    mapping = upload(client, csv_for(["mayamoves"]), mapping="views")
    assert "Write each mapping as FIELD=COLUMN" in mapping.text


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
