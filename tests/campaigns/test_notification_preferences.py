"""Per-user, per-kind notification choices: in the app and/or by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from campaigns import actions
from messaging import preferences
from messaging.models import Notification, NotificationPreference
from messaging.tasks import email_notification
from tests.campaigns.conftest import role_of

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def decline(offer, cast, capture):
    with capture(execute=True):
        actions.decide_offer(
            offer,
            "decline_creator",
            role=role_of(cast.creator, "creator"),
            actor=cast.creator,
            reason="Busy",
        )


def test_everything_is_on_by_default(cast, login):
    assert preferences.choices_for(cast.brand) == {
        k: {"in_app", "email"} for k in preferences.KINDS
    }
    page = login(cast.brand).get(reverse("messaging:preferences")).text
    assert page.count("checked") == 2 * len(preferences.KINDS)
    assert "New offers" in page and "Messages" in page


def test_a_kind_turned_off_by_email_sends_no_mail_but_keeps_the_in_app_row(
    cast, login, offer, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    form = {kind: ["in_app", "email"] for kind in preferences.KINDS} | {"offer_changes": ["in_app"]}
    response = login(cast.brand).post(reverse("messaging:preferences"), form)
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        event_type=AuditEventType.PROFILE_UPDATED, actor=cast.brand
    ).exists()
    mail.outbox.clear()
    decline(offer, cast, django_capture_on_commit_callbacks)
    told = Notification.objects.filter(offer=offer, event=AuditEventType.OFFER_DECLINED)
    assert told.filter(user=cast.brand, in_app=True).exists()
    recipients = {m.to[0] for m in mail.outbox}
    assert "brand@glowskin.example" not in recipients
    assert "camille@glowskin.example" in recipients  # her colleague is unaffected
    page = login(cast.brand).get(reverse("messaging:notifications")).text
    assert f"{offer.campaign.name} → {offer.creator.at_handle}" in page


def test_a_kind_turned_off_in_the_app_creates_no_visible_row_but_still_emails(
    cast, login, offer, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    form = {kind: ["in_app", "email"] for kind in preferences.KINDS} | {"offer_changes": ["email"]}
    login(cast.brand).post(reverse("messaging:preferences"), form)
    mail.outbox.clear()
    decline(offer, cast, django_capture_on_commit_callbacks)
    mine = Notification.objects.filter(
        user=cast.brand, offer=offer, event=AuditEventType.OFFER_DECLINED
    )
    assert not mine.filter(in_app=True).exists()
    assert "brand@glowskin.example" in {m.to[0] for m in mail.outbox}
    page = login(cast.brand).get(reverse("messaging:notifications")).text
    assert f"{offer.campaign.name} → {offer.creator.at_handle}" not in page
    camille = Notification.objects.get(
        user__email="camille@glowskin.example", offer=offer, event=AuditEventType.OFFER_DECLINED
    )
    assert camille.in_app


def test_both_channels_off_creates_nothing_and_other_kinds_still_arrive(
    cast, login, offer, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    form = {kind: ["in_app", "email"] for kind in preferences.KINDS} | {"offer_changes": []}
    login(cast.brand).post(reverse("messaging:preferences"), form)
    decline(offer, cast, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(
        user=cast.brand, offer=offer, event=AuditEventType.OFFER_DECLINED
    ).exists()
    assert NotificationPreference.objects.filter(user=cast.brand).count() == 1
    assert preferences.choices_for(cast.brand)["messages"] == {"in_app", "email"}


def test_the_email_task_rechecks_the_choice_when_it_runs(cast, offer):
    mail.outbox.clear()
    note = Notification.objects.create(
        user=cast.manager, offer=offer, actor_name="Camille", event=int(AuditEventType.OFFER_SENT)
    )
    NotificationPreference.objects.create(user=cast.manager, kind="offers", email=False)
    email_notification.call(note.pk)
    assert mail.outbox == []


def test_the_form_refuses_unknown_channels_and_saves_nothing(cast, login):
    client = login(cast.brand)
    form = {kind: ["in_app", "email"] for kind in preferences.KINDS} | {"messages": ["sms"]}
    response = client.post(reverse("messaging:preferences"), form)
    assert response.status_code == 200
    assert "only “in the app” and “by e-mail” exist" in response.text
    assert not NotificationPreference.objects.filter(user=cast.brand).exists()


def test_the_page_needs_a_login_and_is_linked_from_notifications_and_profile(cast, login, anon):
    assert anon.get(reverse("messaging:preferences")).status_code == 302
    client = login(cast.manager)
    url = reverse("messaging:preferences")
    assert url in client.get(reverse("messaging:notifications")).text
    assert url in client.get(reverse("accounts:profile")).text
