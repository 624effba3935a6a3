"""Drafts and attachments in S3-compatible object storage (a local fake: moto), still private."""

import re

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws

from deliverables.models import Draft
from messaging.models import Message
from talentdesk.lib.env import storage_settings

pytestmark = pytest.mark.django_db
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"s3 bytes" * 16
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
BUCKET = "talentdesk-test"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture
def s3(settings, monkeypatch):
    """S3 storage configured from the environment, as in production, against an in-process fake."""
    for name, value in {
        "S3_BUCKET": BUCKET,
        "S3_REGION": "eu-west-3",
        "S3_PREFIX": "media/",
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client(
            "s3",
            region_name="eu-west-3",
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
        )
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": storage_settings()}
        yield client


def keys(client):
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def assert_private(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert all(g["Grantee"].get("URI") != ALL_USERS for g in grants)


def test_a_draft_uploaded_on_the_page_lands_privately_in_the_bucket(cast, login, signed, s3):
    item = signed.deliverables.order_by("number").first()
    page = reverse("deliverables:deliverable", args=[item.public_id])
    upload = SimpleUploadedFile("my holiday.mp4", MP4, content_type="video/mp4")
    response = login(cast.manager).post(page, {"step": "draft", "file": upload, "caption": "v1"})
    assert response.status_code == 302
    draft = Draft.objects.get(deliverable=item)
    [key] = keys(s3)
    # A random name under the prefix, nothing of the uploader's file name.
    assert re.fullmatch(rf"media/drafts/{item.public_id}/[0-9a-f]{{32}}", key)
    assert key == f"media/{draft.file.name}" and "holiday" not in key
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == MP4
    assert_private(s3, key)
    url = reverse("deliverables:draft-file", args=[item.public_id, 1])
    for user in (cast.brand, cast.creator, cast.manager):
        response = login(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == MP4
        assert response["Cache-Control"] == "private, no-store"
    for user in (cast.outsider_brand, cast.lumen_manager, cast.manager2):
        assert login(user).get(url).status_code == 404, user.email
    assert key not in login(cast.brand).get(page).text  # the page links to the app, not to S3


def test_a_message_attachment_goes_to_the_bucket_and_only_readers_get_it(cast, login, signed, s3):
    thread = reverse("messaging:thread", args=[signed.public_id])
    upload = SimpleUploadedFile("moodboard.png", PNG, content_type="image/png")
    login(cast.brand).post(thread, {"body": "The moodboard", "attachment": upload})
    message = Message.objects.get(offer=signed, body="The moodboard")
    [key] = keys(s3)
    assert key == f"media/{message.attachment.name}" and key.startswith("media/attachments/")
    assert_private(s3, key)
    url = reverse("messaging:attachment", args=[signed.public_id, message.pk])
    assert b"".join(login(cast.creator).get(url).streaming_content) == PNG
    assert login(cast.outsider_brand).get(url).status_code == 404


def test_without_a_bucket_files_stay_on_the_local_disk(monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    assert storage_settings() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_storage_settings_read_the_endpoint_and_refuse_a_bad_one(monkeypatch):
    monkeypatch.setenv("S3_BUCKET", "media")
    monkeypatch.setenv("S3_ENDPOINT_URL", "https://minio.internal:9000")
    monkeypatch.delenv("S3_ACCESS_KEY_ID", raising=False)
    options = storage_settings()["OPTIONS"]
    assert options["endpoint_url"] == "https://minio.internal:9000"
    assert options["default_acl"] is None and "access_key" not in options
    monkeypatch.setenv("S3_ENDPOINT_URL", "minio.internal:9000")
    with pytest.raises(ImproperlyConfigured, match="S3_ENDPOINT_URL"):
        storage_settings()
