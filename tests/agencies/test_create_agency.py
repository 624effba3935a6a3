import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from agencies.models import Agency, AgencyMembership

pytestmark = pytest.mark.django_db


def test_user_creates_an_agency_and_wears_its_hat(outsider, login):
    client = login(outsider)
    response = client.post(
        reverse("agencies:agency-create"), {"name": "Orbit Talent", "country": "fr", "website": ""}
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Orbit Talent")
    assert agency.country == "FR"
    assert AgencyMembership.objects.get(agency=agency).role == "owner"
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.AGENCY_CREATED, agency=agency
    ).exists()
    assert "Orbit Talent" in client.get("/").text


def test_agency_form_explains_bad_input(outsider, login):
    response = login(outsider).post(
        reverse("agencies:agency-create"), {"name": "", "website": "not a url"}
    )
    assert "This field is required." in response.text
    assert "Enter a valid URL." in response.text
    assert not Agency.objects.filter(website="not a url").exists()
