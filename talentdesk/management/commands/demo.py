import os

from django.core.management import BaseCommand, CommandError
from django.test.utils import override_settings

from talentdesk import demo

DUMMY_MAILER = "django.core.mail.backends.dummy.EmailBackend"
DUMMY_TASKS = "django.tasks.backends.dummy.DummyBackend"


class Command(BaseCommand):
    help = "Load the demo data (agencies, brands, creators, representations) into the database."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete all data first.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty database without DATABASE_URL (used by make run).",
        )
        parser.add_argument("--print-logins", action="store_true", help="Print the demo logins.")

    def handle(self, *args, reset=False, if_empty=False, print_logins=False, **options):
        if if_empty:
            if os.environ.get("DATABASE_URL"):
                self.stdout.write("DATABASE_URL is set: no demo data is loaded.")
                return
            if not demo.is_empty():
                self._logins(print_logins)
                return
        elif reset:
            demo.reset()
        elif not demo.is_empty():
            raise CommandError("The database has data already. Use --reset to replace it.")
        # The demo's proposals would e-mail fictional creators: keep them out of the console.
        # ...and their e-mail notifications would queue for the worker: queue them nowhere.
        quiet = {
            "MAILERS": {"default": {"BACKEND": DUMMY_MAILER}},
            "TASKS": {"default": {"BACKEND": DUMMY_TASKS}},
        }
        with override_settings(**quiet):
            demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self._logins(print_logins)

    def _logins(self, print_logins):
        if not print_logins or not demo.has_demo_users():
            return
        self.stdout.write(f"\nDemo logins (password for all: {demo.PASSWORD}):")
        for login in demo.LOGINS:
            self.stdout.write(f"  {login.email:<30} {login.what}")
        self.stdout.write(
            "These are demo accounts: they sign in without the second factor that agency "
            "owners and admins need on real accounts (docs/accounts.md).\n"
        )
