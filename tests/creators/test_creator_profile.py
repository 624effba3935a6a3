import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from creators.models import CreatorProfile

pytestmark = pytest.mark.django_db
CREATE = reverse("creators:profile-create")


def test_user_creates_a_creator_profile(outsider, login):
    client = login(outsider)
    response = client.post(
        CREATE,
        {
            "handle": "@Ola.Out",
            "display_name": "Ola Out",
            "country": "se",
            "categories": ["travel", "food"],
            "languages": ["en"],
            "is_listed": "on",
        },
    )
    assert response.status_code == 302
    profile = CreatorProfile.objects.get(user=outsider)
    assert profile.handle == "ola.out" and profile.country == "SE"
    assert sorted(profile.categories.values_list("slug", flat=True)) == ["food", "travel"]
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.CREATOR_PROFILE_CREATED, on_behalf_of=profile
    ).exists()


def test_a_taken_handle_is_refused_next_to_the_field(outsider, login):
    response = login(outsider).post(CREATE, {"handle": "@MayaMoves", "display_name": "Fake Maya"})
    assert "This handle belongs to another creator." in response.text
    assert not CreatorProfile.objects.filter(user=outsider).exists()


def test_a_malformed_handle_is_refused(outsider, login):
    response = login(outsider).post(CREATE, {"handle": "maya moves!", "display_name": "M"})
    assert "only letters, digits, dots and underscores" in response.text


def test_creator_edits_their_profile_and_it_is_audited(cast, login):
    client = login(cast.creator)
    response = client.post(
        reverse("creators:profile-edit"),
        {
            "display_name": "Maya O.",
            "country": "GB",
            "bio": "Dance and fitness.",
            "categories": ["dance"],
            "languages": ["en", "fr"],
        },
    )
    assert response.status_code == 302
    cast.maya.refresh_from_db()
    assert cast.maya.display_name == "Maya O." and not cast.maya.is_listed
    event = AuditEvent.objects.filter(event_type=AuditEventType.CREATOR_PROFILE_UPDATED).latest(
        "id"
    )
    assert event.changes["categories"] == [["dance", "fitness"], ["dance"]]


def test_agency_staff_have_no_creator_profile_page(cast, login):
    assert login(cast.manager).get(reverse("creators:profile-edit")).status_code == 404
