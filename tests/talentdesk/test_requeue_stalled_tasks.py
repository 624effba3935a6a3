"""A task whose worker was killed mid-run stays RUNNING for ever; the tick queues the idempotent
ones (e-mail, webhook) again after TASK_STALLED_SECONDS (issue 21, found by `make faults`)."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from messaging.tasks import email_notification

pytestmark = pytest.mark.django_db


def running(task_path: str, started_ago: int) -> DBTaskResult:
    result = email_notification.enqueue(1)
    row = DBTaskResult.objects.get(pk=result.id)
    row.status, row.task_path = "RUNNING", task_path
    row.started_at = timezone.now() - timedelta(seconds=started_ago)
    row.save()
    return row


def test_21_a_stalled_email_or_webhook_task_is_queued_again(settings):
    settings.TASK_STALLED_SECONDS = 120
    stalled_email = running("messaging.tasks.email_notification", 600)
    stalled_hook = running("api.webhooks.send_webhook", 600)
    still_running = running("messaging.tasks.email_notification", 30)
    other = running("talentdesk.lifecycle.tasks.build_export", 600)  # not known to be idempotent
    call_command("requeue-stalled-tasks")
    statuses = {
        row.pk: row.status
        for row in DBTaskResult.objects.filter(
            pk__in=[stalled_email.pk, stalled_hook.pk, still_running.pk, other.pk]
        )
    }
    assert statuses[stalled_email.pk] == statuses[stalled_hook.pk] == "READY"
    assert statuses[still_running.pk] == statuses[other.pk] == "RUNNING"
    assert DBTaskResult.objects.ready().filter(pk=stalled_email.pk).exists()
