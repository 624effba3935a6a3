"""`talentdesk audit verify`: walk every hash chain of the audit log (exit 0 OK, 1 broken)."""

import sys

from django.core.management import BaseCommand

from access import audit


class Command(BaseCommand):
    help = "Check the business audit log's hash chains; report the first broken row."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Verify every chain (exit 0 when intact, 1 otherwise).")

    def handle(self, *args, action, **options):
        result = audit.verify()
        if result.ok:
            self.stdout.write(f"OK: {result.rows} rows in {result.chains} chains verified.")
            sys.exit(0)
        self.stdout.write(f"BROKEN: {result.problem}")
        sys.exit(1)
