""" "Close my account": confirmed with the password, the person's data goes, the other parties'
records stay with "Closed account" in place of her name, the audit chain still verifies, her
representations end, and nothing she held opens the account any more."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from access.models import (
    AuditEvent,
    AuditEventType,
    EndReason,
    Representation,
    RepresentationStatus,
)
from accounts.models import User
from agencies.models import AgencyMembership, AgencyRole
from api.models import ApiToken
from campaigns import actions as deal
from campaigns.models import Offer
from campaigns.transitions import HOLDING, PENDING, OfferStatus
from creators.models import CreatorProfile
from deliverables import actions as work
from money import actions as money
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
PASSWORD = "maya-closes-2026"


def close_url():
    return reverse("lifecycle:close")


def audit_verify() -> str:
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", stdout=out)
    assert exit_.value.code == 0, out.getvalue()
    return out.getvalue()


def ready_to_close(cast):
    """Maya cancels her demo deals under way first (a signed deal blocks closure)."""
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    for offer in Offer.objects.filter(creator=cast.maya, status__in=HOLDING):
        deal.decide_offer(offer, "cancel_creator", reason="Moving on", **creator)
    cast.creator.set_password(PASSWORD)
    cast.creator.save()


def complete(offer, cast):
    creator = {"role": role_of(cast.creator, "creator"), "actor": cast.creator}
    brand = {"role": role_of(cast.brand, "brand"), "actor": cast.brand}
    for n, item in enumerate(offer.deliverables.order_by("number")):
        work.submit_draft(item, link="https://drive.example.com/v", **creator)
        work.give_feedback(item, body="", kind="approval", **brand)
        url = f"https://www.tiktok.com/@mayamoves/video/73100000000000{n:02d}"
        work.mark_posted(item, url=url, **creator)
        work.verify(item, **brand)


@pytest.fixture
def invoiced(cast, signed):
    """Maya's signed deal, invoiced by Northstar for her to GlowSkin, then completed."""
    manager = {"role": role_of(cast.manager, "agency"), "actor": cast.manager}
    invoice = money.draft_invoice(
        offer=signed, milestones=[signed.milestones.get(number=1)], **manager
    )
    money.issue_invoice(invoice=invoice, **manager)
    complete(signed, cast)
    signed.refresh_from_db()
    assert signed.status == OfferStatus.COMPLETED
    invoice.refresh_from_db()
    return signed, invoice


def close_as(client, password=PASSWORD, confirm="on"):
    return client.post(close_url(), {"password": password, "confirm": confirm})


def test_17_closure_keeps_contract_and_invoice_pages_without_her_name(
    cast, invoiced, login, django_capture_on_commit_callbacks
):
    offer, invoice = invoiced
    ready_to_close(cast)
    brand, agency = login(cast.brand, "brand"), login(cast.owner)
    contract_url = reverse("campaigns:contract", args=[offer.public_id])
    document_url = reverse("campaigns:contract-document", args=[offer.public_id, "html"])
    invoice_url = reverse("money:invoice", args=[invoice.public_id])
    assert "Maya Okafor" in brand.get(document_url).content.decode()
    assert "Maya Okafor" in brand.get(invoice_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = close_as(login(cast.creator, "creator"))
    assert response.status_code == 200
    assert "Your account is closed" in response.content.decode()
    for client, url in [
        (brand, contract_url),
        (brand, document_url),
        (brand, invoice_url),
        (agency, invoice_url),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Maya Okafor" not in page and "mayamoves" not in page, url
        assert "Closed account" in page or url == contract_url
    user = User.objects.get(pk=cast.creator.pk)
    assert user.name == "Closed account" and user.email.endswith("@closed.invalid")
    assert user.closed_at and not user.is_active and not user.has_usable_password()
    profile = CreatorProfile.objects.get(pk=cast.maya.pk)
    assert profile.handle.startswith("closed-") and not profile.is_listed
    assert profile.bio == profile.avatar_url == profile.legal_name == ""
    assert not profile.handles.exists()
    assert AuditEvent.objects.filter(event_type=AuditEventType.ACCOUNT_CLOSED).get().actor_name == (
        "Closed account"
    )
    assert "OK:" in audit_verify()


def test_17_closure_kills_tokens_sessions_and_sign_in(cast, login, bearer, settings):
    ready_to_close(cast)
    api = bearer(cast.creator, "creator", scope="read")
    other_device = login(cast.creator, "creator")
    assert api.get("/api/v1/notifications").status_code == 200
    assert other_device.get(reverse("accounts:profile")).status_code == 200
    Authenticator.objects.create(user=cast.creator, type=Authenticator.Type.TOTP, data={})
    assert close_as(login(cast.creator, "creator")).status_code == 200
    assert api.get("/api/v1/notifications").status_code == 401
    assert other_device.get(reverse("accounts:profile")).status_code == 302
    assert not ApiToken.objects.filter(user=cast.creator, revoked_at__isnull=True).exists()
    assert ApiToken.objects.filter(user=cast.creator).exists()  # revoked, audited, kept
    assert not Authenticator.objects.filter(user=cast.creator).exists()
    assert not EmailAddress.objects.filter(user=cast.creator).exists()
    assert not UserSession.objects.filter(user=cast.creator).exists()
    fresh = Client(HTTP_HOST="127.0.0.1")
    for login_name in ("creator@creators.example", User.objects.get(pk=cast.creator.pk).email):
        fresh.post(reverse("account_login"), {"login": login_name, "password": PASSWORD})
        assert "_auth_user_id" not in fresh.session
    audit_verify()


def test_17_closure_ends_representations_and_open_offers(cast, offer, login):
    ready_to_close(cast)
    rep = Representation.objects.get(creator=cast.maya, status=RepresentationStatus.ACTIVE)
    assert offer.status == OfferStatus.OFFERED
    assert close_as(login(cast.creator, "creator")).status_code == 200
    rep.refresh_from_db()
    assert rep.status == RepresentationStatus.ENDED
    assert rep.end_reason == EndReason.REVOKED_BY_CREATOR
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.REPRESENTATION_REVOKED, representation=rep
    ).exists()
    assert not Representation.objects.filter(creator=cast.maya).exclude(status="ended").exists()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert not Offer.objects.filter(creator=cast.maya, status__in=PENDING).exists()
    audit_verify()


def test_17_wrong_password_or_no_confirmation_closes_nothing(cast, login):
    ready_to_close(cast)
    client = login(cast.creator, "creator")
    page = client.get(close_url())
    assert page.status_code == 200 and "cannot be undone" in page.content.decode()
    assert "That is not your password" in close_as(client, password="nope").content.decode()
    assert close_as(client, confirm="").status_code == 200
    user = User.objects.get(pk=cast.creator.pk)
    assert user.closed_at is None and user.is_active and user.name == "Maya Okafor"


def test_17_last_owner_must_hand_over_first(cast, login):
    cast.owner.set_password(PASSWORD)
    cast.owner.save()
    client = login(cast.owner)
    page = client.get(close_url())
    assert page.status_code == 409
    assert "You are the last owner of Northstar Talent" in page.content.decode()
    assert close_as(client).status_code == 409
    assert User.objects.get(pk=cast.owner.pk).closed_at is None
    AgencyMembership.objects.filter(user=cast.manager, agency=cast.northstar).update(
        role=AgencyRole.OWNER
    )
    assert close_as(client).status_code == 200
    assert not AgencyMembership.objects.filter(user=cast.owner).exists()
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.MEMBER_REMOVED, agency=cast.northstar
    ).exists()
    audit_verify()


def test_17_a_signed_deal_under_way_blocks_closure(cast, signed, login):
    cast.creator.set_password(PASSWORD)
    cast.creator.save()
    client = login(cast.creator, "creator")
    response = close_as(client)
    assert response.status_code == 409
    assert "signed deal" in response.content.decode()
    assert User.objects.get(pk=cast.creator.pk).closed_at is None


def test_17_audit_pages_name_the_closed_account_and_keep_the_chain(cast, login):
    ready_to_close(cast)
    agency = login(cast.owner)
    activity = reverse("access:activity")
    before = agency.get(activity + "?actor=Maya+Okafor").content.decode()
    assert before.count("Maya Okafor") > 1
    close_as(login(cast.creator, "creator"))
    revoked = AuditEvent.objects.get(
        event_type=AuditEventType.REPRESENTATION_REVOKED, agency=cast.northstar, actor=cast.creator
    )
    assert revoked.actor_name == "Closed account" and "mayamoves" not in revoked.target_label
    assert AuditEvent.objects.filter(actor=cast.creator, actor_name="Maya Okafor").exists()
    page = agency.get(activity).content.decode()
    assert "Closed account" in page
    assert not re.search(
        r"<td[^>]*>Maya Okafor", page
    )  # her older rows keep the name their hash covers,
    # and show the closed account instead
    found = agency.get(activity + "?actor=Maya+Okafor").content.decode()
    assert not re.search(r"<td[^>]*>Maya Okafor", found) and "Closed account" not in found
    csv = b"".join(agency.get(activity + "?format=csv").streaming_content).decode()
    assert ",Maya Okafor," not in csv and ",Closed account," in csv
    audit_verify()


def test_17_confirmation_step_speaks_the_users_language(cast, login):
    ready_to_close(cast)
    User.objects.filter(pk=cast.creator.pk).update(language="fr")
    client = login(cast.creator, "creator")
    client.cookies["django_language"] = "fr"
    page = client.get(close_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with translation.override("fr"):
        for text in (
            "Close my account?",
            "This cannot be undone.",
            "Yes: close my account for good",
        ):
            assert gettext(text) in page
    assert 'lang="fr"' in page


def test_17_confirmation_step_query_count(cast, login, django_assert_num_queries):
    """Session, user, the three blocker checks, the last export, then the hats for the header."""
    client = login(cast.creator2, "creator")
    with django_assert_num_queries(9):
        assert client.get(close_url()).status_code == 200
