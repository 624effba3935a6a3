"""A draft upload that meets a full disk (ENOSPC) is refused with a message the user can act on:
no 500, no half-written file, no draft row (issue 21, `make faults` does it for real)."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from api import actions as api_actions
from tests.api.conftest import api_client
from tests.campaigns.conftest import role_of
from tests.deliverables.test_deliverables import video

pytestmark = pytest.mark.django_db
MESSAGE = "The file could not be stored: the server"


@pytest.fixture
def full_disk(monkeypatch):
    """The storage writes part of the file, then the disk is full."""

    def save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(b"\x00" * 10)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def test_21_full_disk_upload_refused_clearly(cast, login, signed, settings, full_disk):
    item = signed.deliverables.first()
    url = reverse("deliverables:deliverable", args=[item.public_id])
    response = login(cast.creator).post(url, {"step": "draft", "file": video()})
    assert response.status_code == 200
    assert MESSAGE in response.text and "send a link to the draft instead" in response.text
    assert not item.drafts.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_21_full_disk_upload_refused_clearly_by_the_api(cast, signed, settings, full_disk):
    item = signed.deliverables.first()
    raw = api_actions.create_token(
        cast.creator, name="t", scope="write", role_key=role_of(cast.creator, "creator").key
    )[1]
    response = api_client(raw).post(
        f"/api/v1/deliverables/{item.public_id}/drafts/upload", {"file": video()}
    )
    assert response.status_code == 507  # Insufficient Storage, with the message
    assert response.json()["code"] == "storage_full"
    assert MESSAGE in response.json()["message"]
    assert not item.drafts.exists()
    assert stored_files(settings.MEDIA_ROOT) == []
