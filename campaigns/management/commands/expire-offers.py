from django.core.management import BaseCommand

from campaigns.actions import expire_offers


class Command(BaseCommand):
    help = "Expire pending offers whose response deadline has passed (safe to run twice)."

    def handle(self, *args, **options):
        self.stdout.write(f"{expire_offers()} offer(s) expired.")
