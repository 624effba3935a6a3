from django.core.management import BaseCommand

from deliverables.actions import deem_approvals


class Command(BaseCommand):
    help = "Approve drafts the brand did not review within the agreed window (safe to rerun)."

    def handle(self, *args, **options):
        self.stdout.write(f"{deem_approvals()} draft(s) approved automatically.")
