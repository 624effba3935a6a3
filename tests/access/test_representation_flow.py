import pytest
from django.urls import reverse

from access.models import (
    AuditEvent,
    AuditEventType,
    Representation,
    SecurityEvent,
    SecurityEventKind,
)
from creators.actions import create_creator_profile

pytestmark = pytest.mark.django_db
INVITE = reverse("agencies:creator-invite")
SAME_ANSWER = "Sent, if this creator exists and is free to be represented."


@pytest.fixture
def free_creator(db):
    from accounts.models import User

    user = User.objects.create_user("free@example.com", "x", name="Free Agent")
    return create_creator_profile(actor=user, handle="free.agent", display_name="Free Agent")


def rep_of(profile, agency):
    return Representation.objects.filter(creator=profile, agency=agency).latest("created_at")


def test_invite_answers_the_same_for_free_unknown_and_represented_creators(
    cast, login, free_creator
):
    client = login(cast.manager)
    answers = []
    for identifier in ("@free.agent", "@nobody.here", "@leo.eats", "creator2@creators.example"):
        response = client.post(INVITE, {"identifier": identifier}, follow=True)
        answers.append(SAME_ANSWER in response.text)
    assert answers == [True, True, True, True]
    assert Representation.objects.proposed().filter(creator=free_creator).count() == 1
    assert not Representation.objects.proposed().filter(creator=cast.leo).exists()
    event = AuditEvent.objects.filter(event_type=AuditEventType.REPRESENTATION_PROPOSED).latest(
        "id"
    )
    assert event.on_behalf_of == free_creator and event.actor == cast.manager


def test_invite_by_email_finds_the_creator(cast, login, free_creator):
    """By e-mail the proposal waits as an invitation (SPEC §9: listed as "invited" whether or
    not the address has an account) until she takes it up from the link."""
    from access.actions import creator_invitation_token
    from access.models import CreatorInvitation

    login(cast.manager).post(INVITE, {"identifier": "FREE@example.com"})
    assert not Representation.objects.filter(creator=free_creator).exists()
    invitation = CreatorInvitation.objects.get(email="free@example.com")
    link = reverse("access:creator-invitation", args=[creator_invitation_token(invitation)])
    login(free_creator.user).post(link, {"verb": "answer"})
    assert rep_of(free_creator, cast.northstar).status == "proposed"


def test_invite_refuses_malformed_input_next_to_the_field(cast, login):
    response = login(cast.manager).post(INVITE, {"identifier": "two words"})
    assert "Enter one handle or one e-mail address." in response.text


def test_creator_accepts_with_chosen_scopes_on_the_consent_page(cast, login, free_creator):
    login(cast.manager).post(INVITE, {"identifier": "@free.agent"})
    rep = rep_of(free_creator, cast.northstar)
    creator = login(free_creator.user)
    page = creator.get(reverse("access:consent", args=[rep.public_id]))
    assert "Change your rate card. Every change is kept in your rate history." in page.text
    prefix = str(rep.public_id)[:8]
    response = creator.post(
        reverse("access:consent", args=[rep.public_id]),
        {
            f"{prefix}-scopes": ["view_insights", "accept_offers"],
            f"{prefix}-ceiling": "1500",
            f"{prefix}-currency": "EUR",
        },
    )
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.status == "active" and rep.scopes == ["view_insights", "accept_offers"]
    assert str(rep.accept_ceiling) == "1500.00" and rep.accept_ceiling_currency == "EUR"
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.REPRESENTATION_ACCEPTED, representation=rep
    ).exists()
    assert "@free.agent" in login(cast.manager).get(reverse("agencies:roster")).text


def test_a_ceiling_without_accept_offers_is_refused_and_nothing_changes(cast, login, free_creator):
    login(cast.manager).post(INVITE, {"identifier": "@free.agent"})
    rep = rep_of(free_creator, cast.northstar)
    prefix = str(rep.public_id)[:8]
    response = login(free_creator.user).post(
        reverse("access:consent", args=[rep.public_id]),
        {
            f"{prefix}-scopes": ["view_insights"],
            f"{prefix}-ceiling": "900",
            f"{prefix}-currency": "EUR",
        },
    )
    assert "A ceiling only applies when the agency may accept offers." in response.text
    rep.refresh_from_db()
    assert rep.status == "proposed"


def test_creator_declines_and_agency_withdraws(cast, login, free_creator):
    login(cast.manager).post(INVITE, {"identifier": "@free.agent"})
    rep = rep_of(free_creator, cast.northstar)
    login(free_creator.user).post(
        reverse("access:proposal-answer", args=[rep.public_id, "decline"])
    )
    rep.refresh_from_db()
    assert (rep.status, rep.end_reason) == ("ended", "declined")

    login(cast.manager).post(INVITE, {"identifier": "@free.agent"})
    rep = rep_of(free_creator, cast.northstar)
    login(cast.manager).post(reverse("agencies:proposal-answer", args=[rep.public_id, "withdraw"]))
    rep.refresh_from_db()
    assert (rep.status, rep.end_reason) == ("ended", "withdrawn")


def test_creator_request_is_answered_by_the_agency_admin_only(cast, login):
    ines = Representation.objects.proposed().get(creator__handle="inkbyines")
    url = reverse("agencies:proposal-answer", args=[ines.public_id, "accept"])
    assert login(cast.lumen_manager).post(url).status_code == 404  # not assigned to them
    login(cast.lumen_owner).post(url)
    ines.refresh_from_db()
    assert ines.status == "active" and ines.scopes == [
        "view_insights",
        "negotiate",
        "message_brands",
    ]
    assert ines.lead_manager == cast.lumen_owner


def test_creator_asks_an_agency_and_cannot_ask_twice(cast, login, free_creator):
    client = login(free_creator.user)
    data = {"agency": cast.lumen.pk, "scopes": ["view_insights"], "currency": "EUR"}
    assert client.post(reverse("access:request-agency"), data).status_code == 302
    again = client.post(reverse("access:request-agency"), data)
    assert "A proposal with this agency is open already." in again.text
    assert Representation.objects.proposed().filter(creator=free_creator).count() == 1


def test_represented_creator_cannot_ask_another_agency(cast, login):
    response = login(cast.creator).post(
        reverse("access:request-agency"),
        {"agency": cast.lumen.pk, "scopes": ["view_insights"], "currency": "EUR"},
    )
    assert "An agency represents you already." in response.text


def test_creator_changes_scopes_and_the_audit_keeps_old_and_new(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    prefix = str(rep.public_id)[:8]
    login(cast.creator).post(
        reverse("access:scopes-change", args=[rep.public_id]),
        {f"{prefix}-scopes": ["view_insights", "negotiate"], f"{prefix}-currency": "EUR"},
    )
    rep.refresh_from_db()
    assert rep.scopes == ["view_insights", "negotiate"] and rep.accept_ceiling is None
    event = AuditEvent.objects.filter(event_type=AuditEventType.SCOPES_CHANGED).latest("id")
    assert event.changes["scopes"][1] == ["view_insights", "negotiate"]
    assert event.acting_as == "creator" and event.on_behalf_of == cast.maya


def test_changing_someone_elses_scopes_is_refused_and_logged_as_a_security_event(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    prefix = str(rep.public_id)[:8]
    audited = AuditEvent.objects.count()
    response = login(cast.creator2).post(
        reverse("access:scopes-change", args=[rep.public_id]),
        {f"{prefix}-scopes": ["view_insights"]},
    )
    assert response.status_code == 404
    rep.refresh_from_db()
    assert "accept_offers" in rep.scopes
    assert AuditEvent.objects.count() == audited  # nobody's chain names the attempt
    refusal = SecurityEvent.objects.filter(kind=SecurityEventKind.ACCESS_DENIED).latest("id")
    assert refusal.user == cast.creator2 and str(rep.public_id) in refusal.path


def test_revocation_applies_to_every_live_session_on_the_next_request(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    page = reverse("creators:creator", args=[rep.creator.public_id])
    laptop, phone = login(cast.manager), login(cast.manager)
    assert laptop.get(page).status_code == phone.get(page).status_code == 200

    creator = login(cast.creator)
    assert (
        "Stop Northstar Talent" in creator.get(reverse("access:revoke", args=[rep.public_id])).text
    )
    creator.post(reverse("access:revoke", args=[rep.public_id]))

    assert laptop.get(page).status_code == 404
    assert phone.get(page).status_code == 404
    assert "@mayamoves" not in phone.get(reverse("agencies:roster")).text
    rep.refresh_from_db()
    assert (rep.end_reason, rep.ended_by) == ("revoked_by_creator", cast.creator)


def test_owner_removes_a_creator_after_confirming(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    owner = login(cast.owner)
    url = reverse("agencies:creator-remove", args=[rep.public_id])
    assert "Remove @mayamoves from the roster?" in owner.get(url).text
    assert login(cast.manager).post(url).status_code == 403
    rep.refresh_from_db()
    assert rep.status == "active"
    owner.post(url)
    rep.refresh_from_db()
    assert (rep.status, rep.end_reason) == ("ended", "removed_by_agency")
    assert AuditEvent.objects.filter(event_type=AuditEventType.REPRESENTATION_REMOVED).exists()


def test_owner_assigns_the_team_and_the_new_manager_sees_the_creator(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    page = reverse("creators:creator", args=[rep.creator.public_id])
    assert login(cast.manager2).get(page).status_code == 404
    login(cast.owner).post(
        reverse("agencies:creator-team", args=[rep.public_id]),
        {"lead_manager": cast.manager2.pk, "team": [cast.manager.pk]},
    )
    assert login(cast.manager2).get(page).status_code == 200
    event = AuditEvent.objects.filter(event_type=AuditEventType.TEAM_ASSIGNED).latest("id")
    assert event.changes["lead_manager"] == [cast.manager.email, cast.manager2.email]


def test_team_assignment_refuses_people_outside_the_agency(cast, login):
    rep = Representation.objects.active().get(creator=cast.maya)
    response = login(cast.owner).post(
        reverse("agencies:creator-team", args=[rep.public_id]),
        {"lead_manager": cast.lumen_owner.pk},
    )
    assert "Select a valid choice." in response.text
    rep.refresh_from_db()
    assert rep.lead_manager == cast.manager
