"""`talentdesk metrics HANDLE [--days N | --videos N] [--as-of YYYY-MM-DD] [--json]`."""

import json
import sys
from datetime import date

from django.core.management import BaseCommand, CommandError

from creators.metrics import compute
from creators.models import CreatorProfile, normalize_handle


class Command(BaseCommand):
    help = "Show a creator's performance metrics over a window (SPEC §3 definitions)."

    def add_arguments(self, parser):
        parser.add_argument("handle")
        window = parser.add_mutually_exclusive_group()
        window.add_argument("--days", type=int, default=None, help="Window in days (default 30).")
        window.add_argument("--videos", type=int, default=None, help="The N latest videos.")
        parser.add_argument("--as-of", default=None, help="Last day of the window (YYYY-MM-DD).")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, handle, days=None, videos=None, as_of=None, json=False, **options):
        if days is not None and days < 1 or videos is not None and videos < 1:
            raise CommandError("--days and --videos must be at least 1", returncode=2)
        try:
            as_of_day = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(f"--as-of wants YYYY-MM-DD, got {as_of!r}", returncode=2) from None
        creator = CreatorProfile.objects.filter(handle=normalize_handle(handle)).first()
        if creator is None:
            self.stderr.write(f"Unknown creator handle: @{normalize_handle(handle)}")
            sys.exit(1)
        metrics = (
            compute(creator, days=days if videos is None else None, videos=videos, as_of=as_of_day)
            if videos
            else compute(creator, days=days or 30, as_of=as_of_day)
        )
        data = metrics.as_json()
        if json:
            self.stdout.write(_dumps(data))
            return
        for key, value in data.items():
            self.stdout.write(f"{key:<22} {'not available' if value is None else value}")


def _dumps(data) -> str:
    return json.dumps(data)
