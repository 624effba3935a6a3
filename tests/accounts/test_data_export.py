""" "Download my data": the account page asks, the task builds the zip (JSON and the uploaded
files), an e-mail brings the link, the link works for its owner alone and only for a while."""

import io
import json
import re
import zipfile
from datetime import timedelta
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from access.models import AuditEvent, AuditEventType
from accounts.models import DataExport, DataExportStatus, User
from deliverables import actions as work
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"maya's draft" + b"\x00" * 32
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def exported(cast, signed, login, settings, django_capture_on_commit_callbacks):
    """Maya uploads a draft, then asks for her data from the account page."""
    settings.TASKS = IMMEDIATE
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    item = signed.deliverables.order_by("number").first()
    work.submit_draft(item, upload=SimpleUploadedFile("cut.png", PNG, "image/png"), **creator)
    client = login(cast.creator, "creator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lifecycle:data-export"))
    assert response.status_code == 302
    return client, DataExport.objects.get(user=cast.creator)


def link_in(message) -> str:
    return re.search(r"https?://[^\s\"<]+/accounts/data/[0-9a-f-]+/", message.body).group(0)


def test_17_export_task_builds_a_zip_of_json_and_uploaded_files(cast, exported, signed):
    client, export = exported
    assert export.status == DataExportStatus.READY and export.size > 0
    assert export.expires_at - export.completed_at == timedelta(days=7)
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.DATA_EXPORT_REQUESTED, actor=cast.creator
    ).exists()
    message = mail.outbox[-1]
    assert message.to == [cast.creator.email]
    assert "ready" in message.subject and message.alternatives  # text and HTML
    response = client.get(urlparse(link_in(message)).path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["account"][0]["email"] == "creator@creators.example"
    assert "password" not in data["account"][0]
    assert data["creator_profile"][0]["handle"] == "mayamoves"
    assert any(r["status"] == "active" for r in data["representations"])
    assert signed.pk in [offer["id"] for offer in data["offers"]]
    assert data["contracts"] and data["signatures"] and data["drafts"] and data["audit_events"]
    assert all("token_hash" not in t for t in data["api_tokens"])
    [draft_file] = [name for name in archive.namelist() if name.startswith("files/drafts/")]
    assert archive.read(draft_file) == PNG
    assert draft_file in data["files"]


def test_17_export_link_is_for_its_owner_only(cast, exported, login, anon):
    _client, export = exported
    url = reverse("lifecycle:data-download", args=[export.public_id])
    assert login(cast.creator2, "creator").get(url).status_code == 404
    assert login(cast.owner).get(url).status_code == 404
    assert anon.get(url).status_code == 302  # to the sign-in page, then the owner check


def test_17_export_link_expires_and_the_copy_is_deleted(cast, exported):
    client, export = exported
    url = reverse("lifecycle:data-download", args=[export.public_id])
    stored = export.file.name
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    export.refresh_from_db()
    assert not export.file and not export.file.storage.exists(stored)


def test_17_one_export_at_a_time_and_the_page_says_so(cast, login, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client = login(cast.creator, "creator")
    client.post(reverse("lifecycle:data-export"))
    response = client.post(reverse("lifecycle:data-export"), follow=True)
    assert DataExport.objects.filter(user=cast.creator).count() == 1
    assert "being prepared already" in response.content.decode()
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Your copy is being prepared" in page


def test_17_account_page_offers_the_download_and_the_closure(cast, login):
    page = login(cast.creator, "creator").get(reverse("accounts:profile")).content.decode()
    assert reverse("lifecycle:data-export") in page
    assert reverse("lifecycle:close") in page


def test_17_tick_deletes_expired_copies_nobody_downloaded(cast, exported):
    _client, export = exported
    stored = export.file.name
    call_command("delete-expired-exports", stdout=StringIO())
    assert export.file.storage.exists(stored)  # still valid
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    out = StringIO()
    call_command("delete-expired-exports", stdout=out)
    assert out.getvalue().startswith("1 ")
    export.refresh_from_db()
    assert not export.file and not export.file.storage.exists(stored)


def test_17_export_email_is_in_the_owners_language(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    User.objects.filter(pk=cast.creator2.pk).update(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.creator2, "creator").post(reverse("lifecycle:data-export"))
    with translation.override("fr"):
        subject = gettext("Your talentdesk data is ready to download")
        body = gettext("Download it (sign in first, with this account):")
    message = mail.outbox[-1]
    assert message.subject.endswith(subject) and body in message.body
    assert message.alternatives[0][1] == "text/html"


def test_17_export_of_an_agency_owner_holds_memberships_and_tokens(cast, bearer):
    from talentdesk.lifecycle.exports import write_zip

    bearer(cast.owner)  # a token of hers
    archive = zipfile.ZipFile(io.BytesIO(write_zip(cast.owner)))
    data = json.loads(archive.read("data.json"))
    assert data["agency_memberships"][0]["role"] == "owner"
    assert data["api_tokens"] and "token_hash" not in data["api_tokens"][0]
    assert "creator_profile" not in data and archive.namelist() == ["data.json"]
