"""`talentdesk audit verify [--anchors FILE]` walks every chain of the audit log (exit 0 OK,
1 broken); `talentdesk audit anchor [--if-due]` appends the chains' heads to the anchor file."""

import sys

from django.conf import settings
from django.core.management import BaseCommand

from access import anchors, audit


class Command(BaseCommand):
    help = "Check the audit log's keyed chains, or anchor their heads outside the database."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="Verify every chain (exit 0 intact, 1 otherwise).")
        check.add_argument(
            "--anchors",
            metavar="FILE",
            help="an anchor file (AUDIT_ANCHOR_FILE): every anchored row and chain must be there",
        )
        write = sub.add_parser("anchor", help="Append the chains' heads to AUDIT_ANCHOR_FILE.")
        write.add_argument("--file", metavar="FILE", help="another anchor file than the setting's")
        write.add_argument(
            "--if-due",
            action="store_true",
            help="only when the last anchor is AUDIT_ANCHOR_MINUTES old (what `tick` runs)",
        )

    def handle(self, *args, action, **options):
        if action == "anchor":
            path = options["file"] or settings.AUDIT_ANCHOR_FILE
            line = anchors.anchor(path=path, only_if_due=options["if_due"])
            if line is not None:
                count, kind = len(line["chains"]), line["kind"]
                self.stdout.write(f"Anchored {count} chains ({kind}) in {path}.")
            return
        points = None
        if options["anchors"]:
            try:
                points = anchors.read(options["anchors"])
            except anchors.AnchorError as error:
                self.stdout.write(f"BROKEN: {error}")
                sys.exit(1)
        result = audit.verify(points)
        if result.ok:
            against = f", {result.anchored_chains} of them against the anchors" if points else ""
            done = f"{result.rows} rows in {result.chains} chains verified{against}"
            self.stdout.write(f"OK: {done}.")
            sys.exit(0)
        self.stdout.write(f"BROKEN: {result.problem}")
        sys.exit(1)
