import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from accounts.models import User
from tests.helpers import with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform_admin(db):
    admin = User.objects.create_superuser("root@talentdesk.example", "x", name="Platform Admin")
    with_second_factor(admin)
    return admin


def test_a_change_in_the_admin_site_writes_the_audit_log(cast, login, platform_admin):
    client = login(platform_admin)
    url = reverse("admin:creators_creatorprofile_change", args=[cast.maya.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "display_name": "Maya (edited by support)",
            "handle": "mayamoves",
            "country": "GB",
            "languages": '["en"]',
            "bio": "",
            "avatar_url": "",
            "followers": cast.maya.followers,
            "is_listed": "on",
            "handles-TOTAL_FORMS": "0",
            "handles-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.filter(event_type=AuditEventType.ADMIN_CHANGE).latest("id")
    assert event.actor == platform_admin and event.acting_as == "admin"
    assert event.changes["display_name"][1] == "Maya (edited by support)"


def test_audit_rows_cannot_be_edited_from_the_admin(cast, login, platform_admin):
    event = AuditEvent.objects.first()
    client = login(platform_admin)
    url = reverse("admin:access_auditevent_change", args=[event.pk])
    assert client.post(url, {"actor_name": "Mallory"}).status_code == 403
    assert client.get(reverse("admin:access_auditevent_delete", args=[event.pk])).status_code == 403
