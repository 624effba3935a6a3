"""E-mails about notifications, sent by the background worker after the transaction commits."""

from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from access.models import AuditEventType
from messaging import preferences
from messaging.models import Notification, NotificationPreference
from talentdesk.lib.mail import render_mail

MAX_ATTEMPTS = 5


def wants_email(note) -> bool:
    """Checked again at sending time: the user may have turned this kind off since."""
    if not note.user.email_notifications:
        return False
    kind = preferences.kind_of(note.event)
    return not NotificationPreference.objects.filter(
        user=note.user_id, kind=kind, email=False
    ).exists()


@task()
def email_notification(notification_id: int) -> None:
    """Send one notification's e-mail once: a second run (or a duplicate task) sends nothing;
    a failure is retried later with a growing delay."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user", "offer__campaign__brand", "offer__creator")
            .filter(pk=notification_id)
            .first()
        )
        if note is None or note.emailed_at is not None or not wants_email(note):
            return
        note.email_attempts += 1
        try:
            context = {"note": note, "what": dict(AuditEventType.choices).get(note.event, "")}
            subject, text, html = render_mail(
                "emails/notification", context, language=note.user.language
            )
            send_mail(subject, text, None, [note.user.email], html_message=html)
        except Exception:  # noqa: BLE001 - any delivery failure is retried, then given up
            note.save(update_fields=["email_attempts"])
            if note.email_attempts < MAX_ATTEMPTS:
                delay = timedelta(minutes=2**note.email_attempts)
                transaction.on_commit(
                    lambda: email_notification.using(run_after=timezone.now() + delay).enqueue(
                        notification_id
                    )
                )
            return
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at", "email_attempts"])
