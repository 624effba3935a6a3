"""Issue 17: an agency proposes representation to an e-mail address with no account. The
invitation is e-mailed (subject, text, HTML), waits on the roster as "invited", is taken up
when she signs up from the link, and is answered (accept with scopes, or decline); it
expires, can be revoked, and re-inviting sends it again instead of listing it twice."""

import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from access.models import (
    AuditEvent,
    AuditEventType,
    CreatorInvitation,
    Representation,
    SecurityEvent,
)
from accounts.models import User
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
INVITE = reverse("agencies:creator-invite")
ROSTER = reverse("agencies:roster")
SAME_ANSWER = "Sent, if this creator exists and is free to be represented."
NEW = "nina.new@example.com"
PINNED = 12  # queries of the roster, whatever the number of invitations


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite(client, identifier): post the roster's invite form; the e-mail lands in the
    outbox once the transaction commits."""

    def post(client, identifier=NEW, message="We love your cooking videos."):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(INVITE, {"identifier": identifier, "message": message}, follow=True)

    return post


def link_in(message):
    return re.search(r"https?://[^/]+(/access/invitations/\S+/)", message.body).group(1)


def sign_up_from(anon, link, *, name="Nina New", handle="nina.cooks"):
    """Open the link, sign up with allauth (the address locked and verified by the link), set
    up a creator profile: the proposal is waiting."""
    page = anon.get(link)
    assert page.status_code == 200 and "Create my account" in page.text
    signup = reverse("account_signup") + "?next=" + link
    form = anon.get(signup)
    assert f'value="{NEW}"' in form.text and "readonly" in form.text
    response = anon.post(
        signup,
        {"name": name, "email": "someone.else@example.com", "password1": "a-long-unusual-pass-77"},
    )
    assert response.status_code == 302 and response["Location"] == link
    user = User.objects.get(email=NEW)  # the locked, invited address, not the one typed
    assert user.emailaddress_set.get().verified
    response = anon.get(link)
    assert response["Location"] == reverse("creators:profile-create")
    response = anon.post(
        reverse("creators:profile-create"),
        {"handle": handle, "display_name": name, "country": "FR", "categories": ["food"]},
    )
    assert response.status_code == 302, response.content
    return user


def test_17_invitation_to_a_new_address_is_mailed_and_listed_as_invited(cast, login, invite):
    response = invite(login(cast.manager))
    assert SAME_ANSWER in response.text
    invitation = CreatorInvitation.objects.get(email=NEW)
    assert invitation.agency == cast.northstar and invitation.representation is None
    message = mail.outbox[-1]
    assert message.to == [NEW]
    assert message.subject == "Northstar Talent invites you to be represented on talentdesk"
    assert "Create your account with this address" in message.body
    html = message.alternatives[0][0]
    assert "Create your account to answer" in html and link_in(message) in html
    assert "We love your cooking videos." in message.body
    roster = login(cast.manager).get(ROSTER).text
    assert NEW in roster and "invited by e-mail" in roster
    assert AuditEvent.objects.filter(event_type=AuditEventType.CREATOR_INVITED).exists()


def test_17_an_address_with_an_account_is_listed_the_same(cast, login, invite, outsider):
    """SPEC §9: the list reveals no account; only the e-mail differs (sign in, not sign up)."""
    invite(login(cast.manager), identifier=outsider.email)
    invite(login(cast.manager), identifier=NEW)
    assert "Sign in to accept or decline" in mail.outbox[-2].body
    assert "Create your account" in mail.outbox[-1].body
    roster = login(cast.manager).get(ROSTER).text
    rows = re.findall(r'<li class="row-item invitation">(.*?)</li>', roster, re.S)
    noise = r"[\w.+-]+@[\w.-]+|/[0-9a-f-]{36}/|name=\"csrfmiddlewaretoken\" value=\"\w+\""
    shapes = {re.sub(noise, "", row) for row in rows}
    assert len(rows) == 2 and len(shapes) == 1
    assert not Representation.objects.filter(creator__user=outsider).exists()


def test_17_new_creator_signs_up_from_the_link_and_accepts_with_two_scopes(
    cast, login, anon, invite
):
    invite(login(cast.manager))
    link = link_in(mail.outbox[-1])
    outbox = len(mail.outbox)
    user = sign_up_from(anon, link)
    assert len(mail.outbox) == outbox  # no verification mail, no second proposal mail
    rep = Representation.objects.get(creator__user=user, agency=cast.northstar)
    assert rep.status == "proposed" and rep.proposed_by_user == cast.manager
    assert rep.message == "We love your cooking videos."
    home = anon.get("/").text
    assert "Northstar Talent asks to represent you." in home
    assert reverse("access:consent", args=[rep.public_id]) in home
    # The link now leads to the proposal.
    response = anon.post(link, {"verb": "answer"})
    assert response["Location"] == reverse("access:consent", args=[rep.public_id])
    prefix = str(rep.public_id)[:8]
    response = anon.post(
        reverse("access:consent", args=[rep.public_id]),
        {f"{prefix}-scopes": ["view_insights", "negotiate"], f"{prefix}-currency": "EUR"},
    )
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.status == "active" and rep.scopes == ["view_insights", "negotiate"]
    roster = login(cast.manager).get(ROSTER).text
    assert "@nina.cooks" in roster and NEW not in roster  # on the roster, no longer "invited"
    invitation = CreatorInvitation.objects.get(email=NEW)
    assert invitation.claimed_at is not None and invitation.representation == rep


def test_17_existing_creator_signs_in_and_declines(cast, login, invite):
    invite(login(cast.manager), identifier=cast.creator2.email)  # Leo (represented by Lumen)
    link = link_in(mail.outbox[-1])
    assert not Representation.objects.filter(creator=cast.leo, agency=cast.northstar).exists()
    leo = login(cast.creator2)
    page = leo.get(link)
    assert 'value="answer"' in page.text and 'value="decline"' in page.text
    response = leo.post(link, {"verb": "decline"})
    assert response["Location"] == reverse("access:my-managers")
    rep = Representation.objects.get(creator=cast.leo, agency=cast.northstar)
    assert (rep.status, rep.end_reason) == ("ended", "declined")
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.REPRESENTATION_DECLINED, representation=rep
    ).exists()
    again = leo.get(link)
    assert 'value="answer"' not in again.text and reverse("access:my-managers") in again.text


def test_17_someone_elses_link_is_refused(cast, login, invite):
    invite(login(cast.manager))
    response = login(cast.creator2).post(link_in(mail.outbox[-1]), {"verb": "answer"})
    assert response.status_code == 400 and "notice--error" in response.text
    assert CreatorInvitation.objects.get(email=NEW).claimed_at is None


def test_17_invitation_expires(cast, login, anon, invite, settings):
    invite(login(cast.manager))
    link = link_in(mail.outbox[-1])
    later = timezone.now() + timezone.timedelta(days=settings.INVITATION_MAX_AGE_DAYS, hours=1)
    with time_machine.travel(later):
        response = anon.get(link)
        assert response.status_code == 400
        assert "This invitation has expired. Ask the agency to send you a new one." in (
            response.text
        )
        roster = login(cast.manager).get(ROSTER).text
        assert NEW in roster and "expired" in roster
        assert not CreatorInvitation.objects.pending().exists()


def test_17_reinviting_resends_instead_of_listing_twice(cast, login, anon, invite, settings):
    invite(login(cast.manager))
    first = link_in(mail.outbox[-1])
    later = timezone.now() + timezone.timedelta(days=settings.INVITATION_MAX_AGE_DAYS - 1)
    with time_machine.travel(later):
        invite(login(cast.owner), identifier=NEW.upper(), message="")
    assert CreatorInvitation.objects.filter(email=NEW).count() == 1
    assert mail.outbox[-1].to == [NEW] and len(mail.outbox) == 2
    assert AuditEvent.objects.filter(event_type=AuditEventType.CREATOR_INVITATION_RESENT).exists()
    invitation = CreatorInvitation.objects.get(email=NEW)
    assert invitation.message == "We love your cooking videos."  # kept when none is given
    with time_machine.travel(later + timezone.timedelta(days=3)):  # counted from the resend
        assert anon.get(first).status_code == 200
        assert login(cast.owner).get(ROSTER).text.count(f"<strong>{NEW}</strong>") == 1


def test_17_revoked_invitation_link_says_so(cast, login, anon, invite):
    invite(login(cast.manager))
    link = link_in(mail.outbox[-1])
    invitation = CreatorInvitation.objects.get(email=NEW)
    revoke = reverse("agencies:creator-invitation-revoke", args=[invitation.public_id])
    assert login(cast.lumen_owner).post(revoke).status_code == 404  # another agency
    assert login(cast.assistant).post(revoke).status_code == 404  # not theirs to see
    assert login(cast.manager).post(revoke).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.filter(event_type=AuditEventType.CREATOR_INVITATION_REVOKED).exists()
    response = anon.get(link)
    assert response.status_code == 400 and "The agency withdrew this invitation." in response.text
    assert NEW not in login(cast.manager).get(ROSTER).text
    anon.post(link)
    assert SecurityEvent.objects.filter(kind="invitation_invalid").exists()
    # A new invitation to the same address is a new one.
    invite(login(cast.manager))
    assert CreatorInvitation.objects.open().filter(email=NEW).count() == 1


def test_17_tampered_link_is_refused(anon, cast, login, invite):
    invite(login(cast.manager))
    response = anon.get(link_in(mail.outbox[-1])[:-6] + "xxxxx/")
    assert response.status_code == 400 and "not valid" in response.text


def test_17_subject_with_an_ampersand_is_not_escaped(cast, login, invite):
    cast.northstar.name = "Smith & Co <Talent>"
    cast.northstar.save()
    invite(login(cast.manager))
    message = mail.outbox[-1]
    assert message.subject == "Smith & Co <Talent> invites you to be represented on talentdesk"
    assert "Smith & Co <Talent>" in message.body and "&amp;" not in message.body
    html = message.alternatives[0][0]
    assert "Smith &amp; Co &lt;Talent&gt;" in html and "&amp;amp;" not in html


def test_17_invitation_in_the_recipients_language(cast, login, invite, outsider, monkeypatch):
    """A new address gets the inviting member's language; an account its own."""
    from talentdesk.lib import mail as mail_module

    languages = []
    render = mail_module.render_mail

    def spy(name, context, *, language):
        languages.append(language)
        return render(name, context, language=language)

    monkeypatch.setattr(mail_module, "render_mail", spy)
    cast.manager.language = "fr"
    cast.manager.save()
    outsider.language = "en"
    outsider.save()
    invite(login(cast.manager))
    invite(login(cast.manager), identifier=outsider.email)
    assert languages == ["fr", "en"]
    assert len(mail.outbox[-1].alternatives) == 1  # subject, text and HTML


def test_17_roster_query_count_is_pinned_with_invitations(cast, login, invite):
    client = login(cast.owner)
    for n in range(3):
        invite(client, identifier=f"pinned{n}@example.com")
    few = count_queries(lambda: client.get(ROSTER))
    for n in range(3, 12):
        invite(client, identifier=f"pinned{n}@example.com")
    many = count_queries(lambda: client.get(ROSTER))
    assert few == many == PINNED
