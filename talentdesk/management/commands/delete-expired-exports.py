from django.core.management import BaseCommand

from talentdesk.lifecycle.exports import delete_expired_copies


class Command(BaseCommand):
    help = 'Delete the "download my data" zips whose link has expired (safe to run twice).'

    def handle(self, *args, **options):
        self.stdout.write(f"{delete_expired_copies()} expired copy(ies) deleted.")
