from django.core.management import BaseCommand

from money.actions import mark_overdue


class Command(BaseCommand):
    help = "Mark issued invoices past their due date overdue (safe to run twice)."

    def handle(self, *args, **options):
        self.stdout.write(f"{mark_overdue()} invoice(s) overdue.")
