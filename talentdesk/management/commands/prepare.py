from django.core.management import BaseCommand, call_command


class Command(BaseCommand):
    help = "Make the database and static files ready to serve: migrate, cache table, collectstatic."

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        self.stdout.write("Database migrated and static files collected.")
