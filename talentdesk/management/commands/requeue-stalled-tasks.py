"""`talentdesk requeue-stalled-tasks` (in the tick): a task whose worker was killed while it ran
stays RUNNING for ever (the queue has no lease). The short tasks that are safe to run twice (an
e-mail: sent once, under a row lock; a webhook delivery: claimed under a lease) are put back in the
queue once they have been RUNNING longer than TASK_STALLED_SECONDS; other tasks are left alone."""

from datetime import timedelta

from django.conf import settings
from django.core.management import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

IDEMPOTENT = ["messaging.tasks.email_notification", "api.webhooks.send_webhook"]


class Command(BaseCommand):
    help = "Queue again the e-mail and webhook tasks whose worker died while running them."

    def handle(self, *args, **options):
        horizon = timezone.now() - timedelta(seconds=settings.TASK_STALLED_SECONDS)
        count = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, task_path__in=IDEMPOTENT, started_at__lt=horizon
        ).update(status=TaskResultStatus.READY, started_at=None)
        if count:
            self.stdout.write(f"{count} stalled tasks queued again")
