from django.core.management import BaseCommand

from campaigns.actions import today
from campaigns.usage import remind_usage_rights


class Command(BaseCommand):
    help = "Tell the creator side of deals whose usage rights end in 14 or 3 days (safe twice)."

    def handle(self, *args, **options):
        self.stdout.write(f"{remind_usage_rights(today())} usage-rights reminder(s) sent.")
