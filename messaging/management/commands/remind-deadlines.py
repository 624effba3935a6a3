from django.core.management import BaseCommand

from messaging.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind whoever must act of offer and deliverable deadlines within two days (once each)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_reminders()} reminder(s) sent.")
