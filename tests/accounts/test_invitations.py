import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from access.models import AuditEvent, AuditEventType
from accounts.models import Invitation, User
from agencies.models import AgencyMembership

pytestmark = pytest.mark.django_db
TEAM = reverse("accounts:team")


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite(client, email, role): post the team page's form; the e-mail, sent once the
    transaction commits, lands in mail.outbox."""

    def post(client, email="new.person@example.com", role="manager"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(TEAM, {"email": email, "role": role})

    return post


def link_in_last_mail():
    return re.search(r"https?://[^/]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)


def test_owner_invites_and_a_new_person_joins_by_signing_up(cast, login, anon, invite):
    assert invite(login(cast.owner)).status_code == 302
    assert mail.outbox[-1].to == ["new.person@example.com"]
    assert AuditEvent.objects.filter(event_type=AuditEventType.MEMBER_INVITED).exists()

    link = link_in_last_mail()
    page = anon.get(link)
    assert "Join Northstar Talent" in page.text
    response = anon.post(link, {"name": "New Person", "password": "a-long-unusual-pass-77"})
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    membership = AgencyMembership.objects.get(user=user, agency=cast.northstar)
    assert membership.role == "manager"
    assert "Northstar Talent" in anon.get("/").text
    assert AuditEvent.objects.filter(event_type=AuditEventType.INVITATION_ACCEPTED).exists()


def test_existing_account_signs_in_then_accepts(cast, login, invite):
    invite(login(cast.owner), email=cast.brand.email)
    link = link_in_last_mail()
    client = login(cast.brand)
    assert client.post(link).status_code == 302
    assert AgencyMembership.objects.filter(user=cast.brand, agency=cast.northstar).exists()


def test_someone_elses_invitation_is_refused_and_changes_nothing(cast, login, invite):
    invite(login(cast.owner), email="somebody@example.com")
    response = login(cast.lumen_owner).post(link_in_last_mail())
    assert response.status_code == 400
    assert "sent to another address" in response.text
    assert not AgencyMembership.objects.filter(
        user=cast.lumen_owner, agency=cast.northstar
    ).exists()


def test_tampered_link_is_refused(cast, login, anon, invite):
    invite(login(cast.owner))
    link = link_in_last_mail()
    response = anon.get(link[:-5] + "xxxx/")
    assert response.status_code == 400
    assert "This invitation link is not valid" in response.text


def test_expired_link_is_refused(cast, login, anon, invite):
    invite(login(cast.owner))
    link = link_in_last_mail()
    with time_machine.travel(timezone.now() + timezone.timedelta(days=15)):
        response = anon.get(link)
    assert response.status_code == 400
    assert "This invitation has expired" in response.text


def test_used_link_is_refused(cast, login, anon, invite):
    invite(login(cast.owner))
    link = link_in_last_mail()
    anon.post(link, {"name": "New Person", "password": "a-long-unusual-pass-77"})
    response = login(cast.owner).get(link)
    assert "This invitation has been used already" in response.text


def test_manager_cannot_invite_staff(cast, login, invite):
    assert invite(login(cast.manager)).status_code == 403
    assert not Invitation.objects.filter(email="new.person@example.com").exists()


def test_invite_with_bad_input_shows_errors_and_creates_nothing(cast, login, invite):
    response = invite(login(cast.owner), email="not-an-address", role="owner")
    assert "Enter a valid email address." in response.text
    assert "Select a valid choice." in response.text
    assert not Invitation.objects.filter(email="not-an-address").exists()


def test_inviting_a_member_again_is_explained(cast, login, invite):
    response = invite(login(cast.owner), email=cast.manager.email)
    assert "This person is a member already." in response.text


def test_creator_has_no_team_page(cast, login):
    assert login(cast.creator).get(TEAM).status_code == 404


def test_17_reinviting_staff_resends_instead_of_listing_twice(cast, login, invite):
    client = login(cast.owner)
    invite(client)
    with time_machine.travel(timezone.now() + timezone.timedelta(days=10)):
        invite(client, email="NEW.person@example.com", role="assistant")
        assert len(mail.outbox) == 2 and mail.outbox[-1].to == ["new.person@example.com"]
        invitation = Invitation.objects.get(email="new.person@example.com")
        assert invitation.role == "assistant"
        assert AuditEvent.objects.filter(event_type=AuditEventType.INVITATION_RESENT).exists()
        page = client.get(TEAM).text
        assert page.count('<div class="row-item invitation">new.person@example.com') == 1
    with time_machine.travel(timezone.now() + timezone.timedelta(days=20)):  # 10 after resend
        link = link_in_last_mail()
        assert "Join Northstar Talent" in Client(HTTP_HOST="127.0.0.1").get(link).text


def test_17_owner_revokes_a_staff_invitation_and_its_link_says_so(cast, login, anon, invite):
    invite(login(cast.owner))
    link = link_in_last_mail()
    invitation = Invitation.objects.get(email="new.person@example.com")
    revoke = reverse("accounts:invitation-revoke", args=[invitation.public_id])
    assert login(cast.manager).post(revoke).status_code == 403
    assert login(cast.lumen_owner).post(revoke).status_code == 404
    assert login(cast.owner).post(revoke).status_code == 302
    assert not Invitation.objects.filter(email="new.person@example.com").exists()
    assert AuditEvent.objects.filter(event_type=AuditEventType.INVITATION_REVOKED).exists()
    response = anon.get(link)
    assert response.status_code == 400 and "This invitation was cancelled." in response.text


def test_17_expired_staff_invitation_is_shown_as_expired_to_send_again(cast, login, invite):
    invite(login(cast.owner))
    with time_machine.travel(timezone.now() + timezone.timedelta(days=15)):
        page = login(cast.owner).get(TEAM).text
        assert "new.person@example.com" in page and "expired" in page and "Send again" in page


def test_17_invite_form_defaults_to_manager(cast, login):
    page = login(cast.owner).get(TEAM).text
    assert '<option value="manager" selected>' in page


def test_17_staff_invitation_subject_with_an_ampersand_is_not_escaped(cast, login, invite):
    cast.northstar.name = "Smith & Co"
    cast.northstar.save()
    invite(login(cast.owner))
    message = mail.outbox[-1]
    assert message.subject == "You are invited to join Smith & Co on talentdesk"
    assert "Smith & Co" in message.body and "&amp;" not in message.body
    html = message.alternatives[0][0]
    assert "Smith &amp; Co" in html and "&amp;amp;" not in html
