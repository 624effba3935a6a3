from django.core.management import BaseCommand

from creators.models import CreatorProfile
from creators.rollup import refresh_metrics


class Command(BaseCommand):
    help = "Recompute every creator's 30-day metrics rollup (run daily: the window moves)."

    def handle(self, *args, **options):
        count = 0
        for creator in CreatorProfile.objects.iterator():
            refresh_metrics(creator)
            count += 1
        self.stdout.write(f"Metrics refreshed for {count} creators.")
