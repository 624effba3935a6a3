import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access.models import AuditEventType
from messaging.models import Notification
from messaging.tasks import email_notification

pytestmark = pytest.mark.django_db


def note_for(user, offer):
    return Notification.objects.create(
        user=user, offer=offer, actor_name="Camille Roux", event=int(AuditEventType.OFFER_SENT)
    )


def test_a_notification_email_is_sent_once_even_if_the_task_runs_twice(cast, offer):
    mail.outbox.clear()
    note = note_for(cast.manager, offer)
    email_notification.call(note.pk)
    email_notification.call(note.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["manager@northstar.example"]
    assert message.subject == "Offer sent: Summer glow"
    assert "Offer sent by Camille Roux" in message.body
    assert "Offer sent by Camille Roux" in message.alternatives[0][0]


def test_emails_follow_the_readers_language_and_preference(cast, offer):
    mail.outbox.clear()
    cast.creator.language = "fr"
    cast.creator.save()
    email_notification.call(note_for(cast.creator, offer).pk)
    assert mail.outbox[-1].subject == "Offre envoyée\u00a0: Summer glow"
    cast.manager.email_notifications = False
    cast.manager.save()
    email_notification.call(note_for(cast.manager, offer).pk)
    assert len(mail.outbox) == 1


def test_offer_steps_queue_emails_after_commit(
    cast, offer, django_capture_on_commit_callbacks, settings
):
    from campaigns import actions
    from tests.campaigns.conftest import role_of

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.decide_offer(
            offer,
            "decline_creator",
            role=role_of(cast.creator, "creator"),
            actor=cast.creator,
            reason="Busy",
        )
    assert {m.to[0] for m in mail.outbox} >= {"brand@glowskin.example"}
    english = [m for m in mail.outbox if m.to == ["brand@glowskin.example"]]
    french = [m for m in mail.outbox if m.to == ["camille@glowskin.example"]]  # reads French
    assert english[0].subject.startswith("Offer declined")
    assert french[0].subject.startswith("Offre refusée")


def test_deadline_reminders_reach_the_side_that_must_act_once(cast, offer):
    from datetime import timedelta

    from campaigns.actions import today
    from campaigns.models import Offer
    from messaging.reminders import send_reminders

    Offer.objects.filter(pk=offer.pk).update(response_deadline=today() + timedelta(days=1))
    event = int(AuditEventType.DEADLINE_REMINDER)
    assert send_reminders() >= 1
    reminded = set(
        Notification.objects.filter(offer=offer, event=event).values_list("user__email", flat=True)
    )
    assert "manager@northstar.example" in reminded and "brand@glowskin.example" not in reminded
    before = Notification.objects.filter(event=event).count()
    # Nothing new to say: the second tick reads three empty lists (offers, deliverables, the
    # agency's tasks: issue 20) and writes nothing.
    with CaptureQueriesContext(connection) as queries:
        assert send_reminders() == 0
    assert len(queries) == 3
    assert Notification.objects.filter(event=event).count() == before


def test_17_plain_text_parts_are_not_html_escaped(cast, offer):
    """A campaign called "Smith & Co's <launch>" reads as typed in the subject and the text
    part; only the HTML part escapes it."""
    mail.outbox.clear()
    offer.campaign.name = "Smith & Co's <launch>"
    offer.campaign.save(update_fields=["name"])
    note = Notification.objects.create(
        user=cast.manager,
        offer=offer,
        actor_name="O'Neil & Sons",
        event=int(AuditEventType.OFFER_SENT),
    )
    email_notification.call(note.pk)
    message = mail.outbox[-1]
    assert message.subject == "Offer sent: Smith & Co's <launch>"
    assert "Offer sent by O'Neil & Sons on \"Smith & Co's <launch>\"" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    html = message.alternatives[0][0]
    assert "Smith &amp; Co&#x27;s &lt;launch&gt;" in html and "<launch>" not in html
