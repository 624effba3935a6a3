"""`talentdesk anchor-audit`: `audit anchor --if-due`, as `talentdesk tick` runs it every minute."""

from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Anchor the audit chains' heads when the last anchor is AUDIT_ANCHOR_MINUTES old."

    def handle(self, *args, **options):
        call_command("audit", "anchor", "--if-due", stdout=self.stdout, stderr=self.stderr)
