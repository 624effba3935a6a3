"""Issue 17: the team page changes a member's role and removes a member (owners and admins;
only an owner touches owners; the last owner stays), every change audited."""

import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, Representation
from agencies.models import AgencyMembership
from brands.models import BrandMembership
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
TEAM = reverse("accounts:team")
PINNED = 7  # queries of the team page, whatever the number of members and invitations


def membership(user, agency):
    return AgencyMembership.objects.get(user=user, agency=agency)


def role_url(m):
    return reverse("accounts:member-role", args=[m.pk])


def remove_url(m):
    return reverse("accounts:member-remove", args=[m.pk])


def test_17_owner_changes_a_members_role_and_it_is_audited(cast, login):
    aisha = membership(cast.manager2, cast.northstar)
    response = login(cast.owner).post(role_url(aisha), {"role": "admin"})
    assert response.status_code == 302
    aisha.refresh_from_db()
    assert aisha.role == "admin"
    event = AuditEvent.objects.filter(event_type=AuditEventType.MEMBER_ROLE_CHANGED).latest("id")
    assert event.changes == {"role": ["manager", "admin"]} and event.actor == cast.owner


def test_17_manager_cannot_change_roles_nor_remove(cast, login):
    aisha = membership(cast.manager2, cast.northstar)
    client = login(cast.manager)
    assert client.post(role_url(aisha), {"role": "admin"}).status_code == 403
    assert client.post(remove_url(aisha)).status_code == 403
    aisha.refresh_from_db()
    assert aisha.role == "manager"
    assert 'action="' + role_url(aisha) not in client.get(TEAM).text


def test_17_another_agency_gets_404(cast, login):
    aisha = membership(cast.manager2, cast.northstar)
    client = login(cast.lumen_owner)
    assert client.post(role_url(aisha), {"role": "admin"}).status_code == 404
    assert client.get(remove_url(aisha)).status_code == 404
    assert client.post(remove_url(aisha)).status_code == 404
    assert AgencyMembership.objects.filter(pk=aisha.pk).exists()


def test_17_the_last_owner_stays(cast, login):
    hannah = membership(cast.owner, cast.northstar)
    client = login(cast.owner)
    client.post(role_url(hannah), {"role": "admin"})
    client.post(remove_url(hannah))
    hannah.refresh_from_db()
    assert hannah.role == "owner"
    page = client.get(TEAM, follow=True).text
    assert "This is the last owner." in client.post(remove_url(hannah), follow=True).text
    assert "Owner" in page


def test_17_only_an_owner_makes_or_touches_an_owner(cast, login):
    hannah = membership(cast.owner, cast.northstar)
    aisha = membership(cast.manager2, cast.northstar)
    aisha.role = "admin"
    aisha.save()
    tom = membership(cast.assistant, cast.northstar)
    admin = login(cast.manager2)
    admin.post(role_url(tom), {"role": "owner"})
    admin.post(remove_url(hannah))
    tom.refresh_from_db()
    assert tom.role == "assistant" and AgencyMembership.objects.filter(pk=hannah.pk).exists()
    # An admin manages the others; an owner can hand ownership on, then step down.
    assert admin.post(role_url(tom), {"role": "manager"}).status_code == 302
    tom.refresh_from_db()
    assert tom.role == "manager"
    login(cast.owner).post(role_url(aisha), {"role": "owner"})
    login(cast.owner).post(role_url(hannah), {"role": "admin"})
    hannah.refresh_from_db()
    assert hannah.role == "admin"


def test_17_owner_removes_a_member_who_loses_the_hat_and_the_lead(cast, login):
    marco = membership(cast.manager, cast.northstar)
    led = Representation.objects.filter(agency=cast.northstar, lead_manager=cast.manager)
    assert led.exists()
    client = login(cast.owner)
    confirm = client.get(remove_url(marco))
    assert confirm.status_code == 200 and "Remove Marco Bianchi from Northstar Talent?" in (
        confirm.text
    )
    assert client.post(remove_url(marco)).status_code == 302
    assert not AgencyMembership.objects.filter(pk=marco.pk).exists()
    assert not led.exists()
    event = AuditEvent.objects.filter(event_type=AuditEventType.MEMBER_REMOVED).latest("id")
    assert event.changes["role"] == ["manager", None] and event.agency == cast.northstar
    assert login(cast.manager).get(reverse("agencies:roster")).status_code == 404


def test_17_brand_owner_manages_the_brand_team(cast, login):
    from accounts.models import User

    extra = User.objects.create_user("member@glowskin.example", "x", name="Gus Member")
    member = BrandMembership.objects.create(brand=cast.glowskin, user=extra, role="member")
    client = login(cast.brand)
    assert client.get(TEAM).status_code == 200
    assert '<option value="member" selected>' in client.get(TEAM).text
    client.post(reverse("accounts:member-role", args=[member.pk]), {"role": "owner"})
    member.refresh_from_db()
    assert member.role == "owner"
    client.post(reverse("accounts:member-remove", args=[member.pk]))
    assert not BrandMembership.objects.filter(pk=member.pk).exists()


def test_17_team_page_query_count_is_pinned(cast, login, django_capture_on_commit_callbacks):
    from accounts.models import User

    client = login(cast.owner)
    client.get(TEAM)
    few = count_queries(lambda: client.get(TEAM))
    for n in range(6):
        user = User.objects.create_user(f"extra{n}@northstar.example", "x", name=f"Extra {n}")
        AgencyMembership.objects.create(agency=cast.northstar, user=user, role="manager")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(TEAM, {"email": f"invitee{n}@example.com", "role": "manager"})
    many = count_queries(lambda: client.get(TEAM))
    assert few == many == PINNED
