from django.core.management import BaseCommand

from creators.web_imports import STALE_AFTER, fail_stopped_jobs


class Command(BaseCommand):
    help = (
        "Mark failed the web imports queued or running with no progress for "
        f"{int(STALE_AFTER.total_seconds() // 60)} minutes: their worker died (safe to run twice)."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{fail_stopped_jobs()} stopped import(s) marked failed.")
