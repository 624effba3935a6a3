"""Changing one's e-mail address: it applies once the new address is verified, after the
password was asked again, and the old address is told (AU-6, AL-2)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
NEW = "hannah.reyes@northstar-mail.example"


def test_a_new_address_applies_only_once_verified_and_the_old_one_is_told(
    cast, login, mailoutbox, django_capture_on_commit_callbacks
):
    client = login(cast.owner)
    asked = client.post(reverse("account_email"), {"email": NEW, "action_add": ""})
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email=NEW).exists()
    with django_capture_on_commit_callbacks(execute=True):
        replayed = client.post(asked["Location"], {"password": "demo-pass-2026"}, follow=True)
    assert replayed.status_code == 200
    cast.owner.refresh_from_db()
    assert cast.owner.email == "owner@northstar.example"  # not before the new one is verified
    assert mailoutbox[-1].to == [NEW]
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
    cast.owner.refresh_from_db()
    assert cast.owner.email == NEW
    assert list(EmailAddress.objects.filter(user=cast.owner).values_list("email", flat=True)) == [
        NEW
    ]
    told = [m for m in mailoutbox if m.to == ["owner@northstar.example"]]
    assert told and NEW in told[-1].body
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.EMAIL_CHANGED, email=NEW).exists()
    event = AuditEvent.objects.filter(event_type=AuditEventType.PROFILE_UPDATED).latest("id")
    assert event.changes["email"] == ["owner@northstar.example", NEW]

    client.post(reverse("account_logout"))
    signed_in = client.post(reverse("account_login"), {"login": NEW, "password": "demo-pass-2026"})
    assert signed_in["Location"] == "/"


def test_an_address_of_another_account_is_not_revealed(cast, login, mailoutbox):
    client = login(cast.manager)
    page = client.post(
        reverse("account_email"), {"email": "owner@northstar.example", "action_add": ""}
    )
    # Asked for the password first, as for any address: nothing tells the address is taken.
    assert page["Location"].startswith(reverse("account_reauthenticate"))
