"""Imports through the API (issue 15): the web page's rules — agency members who may act, the
whole file checked at once through the permission decision, nothing stored when a row is bad —
then the job queued for the background task and polled."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from access.models import Representation
from creators.models import CreatorProfile, ImportJob, StatSnapshot, Video
from tests.api.conftest import body

pytestmark = pytest.mark.django_db
IMPORTS = "/api/v1/imports"
CREATORS_CSV = "handle,followers\nmayamoves,4321000\n"


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def upload(client, text, kind="creators", name="file.csv", **fields):
    data = {"kind": kind, "file": SimpleUploadedFile(name, text.encode()), **fields}
    return client.post(IMPORTS, data)


def videos_csv(handles, rows=3, bad=()):
    lines = ["id,create_time,user_name,n_plays,n_likes,n_comments,n_shares"]
    for i in range(rows):
        plays = "many" if i in bad else str(5000 + i)
        lines.append(
            f"9{i:018d},{1732000000 + i * 3600},{handles[i % len(handles)]},{plays},50,5,2"
        )
    return "\n".join(lines) + "\n"


def nothing_stored(before_jobs):
    return (
        ImportJob.objects.count() == before_jobs
        and not Video.objects.filter(video_id__startswith="9000").exists()
    )


def test_a_good_creators_file_is_queued_then_written_by_the_task(
    cast, bearer, django_capture_on_commit_callbacks
):
    client = bearer(cast.manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, CREATORS_CSV)
    assert response.status_code == 202, response.content
    job = body(response)
    assert job["status"] == "queued" and job["rows"] == 1 and job["done"] == 0
    assert job["problems"] == [] and job["problem_count"] == 0 and job["summary"] == {}
    assert response["Location"] == f"http://127.0.0.1/api/v1/imports/{job['id']}"
    stored = ImportJob.objects.get(public_id=job["id"])
    assert stored.agency == cast.northstar and stored.created_by == cast.manager
    assert CreatorProfile.objects.get(pk=cast.maya.pk).followers != 4321000  # not yet
    assert len(callbacks) == 1  # the task is enqueued once the job is committed

    callbacks[0]()  # the commit: the (immediate) task runs
    polled = client.get(response["Location"])
    assert polled.status_code == 200
    done = body(polled)
    assert done["status"] == "done" and done["done"] == done["rows"] == 1
    assert done["percent"] == 100 and done["summary"]["creators_updated"] == 1
    assert done["finished_at"] is not None and done["created_by"]
    assert CreatorProfile.objects.get(pk=cast.maya.pk).followers == 4321000
    assert StatSnapshot.objects.filter(creator=cast.maya, followers=4321000).exists()


def test_the_options_are_stored_on_the_job(cast, bearer):
    response = upload(
        bearer(cast.manager),
        "Username,Subscribers\nmayamoves,1200\n",
        mapping="handle=#1, followers=Subscribers",
        duplicates="keep_last",
        snapshot_day="2026-11-02",
    )
    assert response.status_code == 202, response.content
    job = ImportJob.objects.get(public_id=body(response)["id"])
    assert job.mapping == {"handle": "#1", "followers": "Subscribers"}
    assert job.duplicates == "keep_last" and str(job.snapshot_day) == "2026-11-02"
    out = body(response)
    assert out["duplicates"] == "keep_last" and out["snapshot_day"] == "2026-11-02"
    assert out["mapping"] == {"handle": "#1", "followers": "Subscribers"}


def test_jobs_are_polled_and_listed_page_by_page_for_the_agency_only(cast, bearer):
    manager = bearer(cast.manager)
    first = body(upload(manager, CREATORS_CSV))
    second = body(upload(manager, videos_csv(["mayamoves"]), kind="videos"))
    page = body(manager.get(IMPORTS + "?page_size=1"))
    assert page["count"] >= 2 and page["results"][0]["id"] == second["id"]
    assert page["next"] is not None
    following = body(manager.get(page["next"]))
    assert following["results"][0]["id"] == first["id"]
    assert body(bearer(cast.owner).get(f"{IMPORTS}/{first['id']}"))["id"] == first["id"]

    other = bearer(cast.lumen_owner)
    listed = other.get(IMPORTS + "?page_size=100")
    assert listed.status_code == 200 and first["id"] not in listed.content.decode()
    missing = other.get(f"{IMPORTS}/{first['id']}")
    assert missing.status_code == 404
    assert body(missing) == {"code": "not_found", "message": "Not found.", "fields": {}}


def test_bad_rows_answer_422_with_every_problem_and_nothing_is_stored(cast, bearer):
    jobs = ImportJob.objects.count()
    response = upload(
        bearer(cast.manager), videos_csv(["mayamoves"], rows=5, bad=(1, 3)), kind="videos"
    )
    assert response.status_code == 422
    refusal = body(response)
    assert refusal["code"] == "invalid" and refusal["problem_count"] == 2
    assert "nothing was imported" in refusal["message"]
    assert refusal["problems"] == [
        {"line": 3, "field": "n_plays", "message": "not a number: 'many'"},
        {"line": 5, "field": "n_plays", "message": "not a number: 'many'"},
    ]
    assert nothing_stored(jobs)


def test_the_first_thousand_problems_are_named_and_all_are_counted(cast, bearer):
    jobs = ImportJob.objects.count()
    bad = videos_csv(["mayamoves"], rows=1500, bad=range(1500))
    refusal = body(upload(bearer(cast.manager), bad, kind="videos"))
    assert refusal["problem_count"] == 1500 and len(refusal["problems"]) == 1000
    assert refusal["problems"][0]["line"] == 2
    assert nothing_stored(jobs)


def test_issue15_item2_other_agency_creator_api_import_refused(cast, bearer):
    """A Northstar manager's file naming Lumen's @leo.eats: refused by name, nothing changed."""
    jobs, leo_followers = ImportJob.objects.count(), cast.leo.followers
    text = "handle,followers\nmayamoves,1\nleo.eats,99\n"
    response = upload(bearer(cast.manager), text)
    assert response.status_code == 422
    assert body(response)["problems"] == [
        {"line": 3, "field": "handle", "message": "@leo.eats is not a creator you may act for"}
    ]
    assert nothing_stored(jobs)
    assert CreatorProfile.objects.get(pk=cast.leo.pk).followers == leo_followers
    assert CreatorProfile.objects.get(pk=cast.maya.pk).followers != 1


def test_issue15_item2_unassigned_manager_api_import_refused(cast, bearer):
    """Northstar's second manager is not on Maya's team: the decision says no, as on the page."""
    jobs = ImportJob.objects.count()
    response = upload(bearer(cast.manager2), CREATORS_CSV)
    assert response.status_code == 422
    problems = body(response)["problems"]
    assert problems == [
        {"line": 2, "field": "handle", "message": "@mayamoves is not a creator you may act for"}
    ]
    assert nothing_stored(jobs)


def test_statistics_need_her_view_insights(cast, bearer):
    Representation.objects.filter(creator=cast.maya, status="active").update(scopes=[])
    response = upload(bearer(cast.manager), CREATORS_CSV)
    assert response.status_code == 422
    assert "has not shared their insights" in body(response)["problems"][0]["message"]


def test_a_read_token_cannot_import(cast, bearer):
    jobs = ImportJob.objects.count()
    response = upload(bearer(cast.manager, scope="read"), CREATORS_CSV)
    assert response.status_code == 403 and body(response)["code"] == "forbidden"
    assert "read-only" in body(response)["message"]
    assert ImportJob.objects.count() == jobs


def test_brand_and_creator_tokens_are_refused_and_see_no_job(cast, bearer):
    job = body(upload(bearer(cast.manager), CREATORS_CSV))
    jobs = ImportJob.objects.count()
    for client in (bearer(cast.brand, "brand"), bearer(cast.creator, "creator")):
        refused = upload(client, CREATORS_CSV)
        assert refused.status_code == 403 and "agency staff" in body(refused)["message"]
        assert client.get(IMPORTS).status_code == 403
        assert client.get(f"{IMPORTS}/{job['id']}").status_code == 404
    assert ImportJob.objects.count() == jobs


def test_an_assistant_may_follow_imports_but_not_start_one(cast, bearer):
    job = body(upload(bearer(cast.manager), CREATORS_CSV))
    assistant = bearer(cast.assistant)
    refused = upload(assistant, CREATORS_CSV)
    assert refused.status_code == 403 and "not import" in body(refused)["message"]
    assert assistant.get(f"{IMPORTS}/{job['id']}").status_code == 200


def test_bad_kind_date_mapping_and_text_are_422_in_the_usual_format(cast, bearer):
    client = bearer(cast.manager)
    jobs = ImportJob.objects.count()
    kind = upload(client, CREATORS_CSV, kind="spreadsheet")
    assert kind.status_code == 422 and body(kind)["code"] == "invalid"
    assert list(body(kind)["fields"]) == ["kind"]
    day = upload(client, CREATORS_CSV, snapshot_day="02/11/2026")
    assert day.status_code == 422 and list(body(day)["fields"]) == ["snapshot_day"]
    mapping = upload(client, CREATORS_CSV, mapping="followers")
    assert mapping.status_code == 422 and "FIELD=COLUMN" in body(mapping)["fields"]["mapping"][0]
    latin = client.post(
        IMPORTS, {"kind": "creators", "file": SimpleUploadedFile("x.csv", "é".encode("latin-1"))}
    )
    assert latin.status_code == 422
    assert body(latin)["fields"] == {"file": ["The file is not UTF-8 text."]}
    missing = client.post(IMPORTS, {"kind": "creators"})
    assert missing.status_code == 422 and "file" in body(missing)["fields"]
    unknown = upload(client, CREATORS_CSV, owner="someone")
    assert unknown.status_code == 422 and "owner" in body(unknown)["fields"]
    assert ImportJob.objects.count() == jobs


def test_a_file_over_the_import_limit_is_413(cast, bearer, settings):
    client = bearer(cast.manager)
    settings.IMPORT_MAX_BYTES = 16
    response = upload(client, CREATORS_CSV)
    assert response.status_code == 413 and body(response)["code"] == "too_large"
    assert "upload limit" in body(response)["fields"]["file"][0]
    settings.MAX_UPLOAD_BYTES = 16  # stopped while streaming: the file never arrives whole
    streamed = upload(client, CREATORS_CSV * 10)
    assert streamed.status_code == 413 and body(streamed)["code"] == "too_large"
    assert not ImportJob.objects.filter(created_by=cast.manager).exists()


def test_a_tiktok_payload_names_its_creator_with_handle(cast, bearer):
    """A Display API user info without `username`: the `handle` field says whose it is."""
    client = bearer(cast.manager)
    payload = json.dumps(
        {
            "data": {"user": {"display_name": "Maya", "follower_count": 777, "video_count": 3}},
            "error": {"code": "ok", "message": "", "log_id": "1"},
        }
    )
    unnamed = upload(client, payload, kind="tiktok", name="p.json")
    assert (
        unnamed.status_code == 422
        and "no creator handle" in body(unnamed)["problems"][0]["message"]
    )
    named = upload(client, payload, kind="tiktok", name="p.json", handle="@mayamoves")
    assert named.status_code == 202, named.content
    assert ImportJob.objects.get(public_id=body(named)["id"]).handle == "mayamoves"
    broken = upload(client, "{not json", kind="tiktok", name="p.json")
    assert broken.status_code == 422 and "not valid JSON" in body(broken)["problems"][0]["message"]


def test_a_retry_with_the_same_idempotency_key_stores_one_job(cast, bearer):
    client = bearer(cast.manager)
    jobs = ImportJob.objects.count()
    headers = {"Idempotency-Key": "import-1"}
    first = client.post(
        IMPORTS,
        {"kind": "creators", "file": SimpleUploadedFile("c.csv", CREATORS_CSV.encode())},
        headers=headers,
    )
    again = client.post(
        IMPORTS,
        {"kind": "creators", "file": SimpleUploadedFile("c.csv", CREATORS_CSV.encode())},
        headers=headers,
    )
    assert first.status_code == again.status_code == 202
    assert again["Idempotent-Replayed"] == "true" and again.content == first.content
    assert ImportJob.objects.count() == jobs + 1


def test_refusals_speak_french(cast, bearer):
    client = bearer(cast.manager)
    text = "handle,followers\nleo.eats,99\n"
    data = {"kind": "creators", "file": SimpleUploadedFile("c.csv", text.encode())}
    refusal = body(client.post(IMPORTS, data, headers={"Accept-Language": "fr"}))
    assert refusal["message"] == "Le fichier a 1 problème\u00a0: rien n'a été importé."
    brand = bearer(cast.brand, "brand")
    data = {"kind": "creators", "file": SimpleUploadedFile("c.csv", text.encode())}
    refused = body(brand.post(IMPORTS, data, headers={"Accept-Language": "fr"}))
    assert refused["message"].startswith("Les imports sont réservés")
