"""`talentdesk tick`: the once-a-minute jobs in one process (one Django start-up, not four)."""

import logging

from django.core.management import BaseCommand, call_command

JOBS = [
    "expire-offers",
    "deem-approvals",
    "remind-deadlines",
    "requeue-stalled-tasks",
    "send-webhooks",
    "fail-stopped-imports",
    "mark-overdue",
    "remind-usage-rights",
    "delete-expired-exports",
    "anchor-audit",
]
log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the due jobs once: " + ", ".join(JOBS) + " (each safe if two ticks overlap)."

    def handle(self, *args, **options):
        failed = []
        for job in JOBS:
            try:
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # one broken job must not keep the others from running
                log.exception("tick: %s failed", job)
                failed.append(job)
        if failed:
            self.stderr.write(f"tick: failed: {', '.join(failed)}")
            raise SystemExit(1)
