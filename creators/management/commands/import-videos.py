import sys

from django.core.management import CommandError

from creators.management.commands._importing import (
    ImportCommand,
    add_platform_argument,
    duplicates,
    mapping_from,
    today,
)
from creators.staged_import import import_video_csv


class Command(ImportCommand):
    help = (
        "Import videos from a CSV file of any size (all rows or none; streamed, so memory does "
        "not grow with the file)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--map",
            action="append",
            metavar="FIELD=COLUMN",
            help="Read FIELD from COLUMN (a header name, or #N for the N-th column).",
        )
        add_platform_argument(parser)

    def import_file(self, path, options, *, dry_run):
        mapping = mapping_from(options.get("map"))
        progress = _progress if sys.stderr.isatty() else None
        self.repeated: list = []
        try:
            with open(path, "rb") as stream:  # decoded line by line: errors name their line
                summary = import_video_csv(
                    stream,
                    mapping,
                    snapshot_day=options.get("snapshot_day"),
                    today=today(),
                    duplicates=duplicates(options),
                    repeated=self.repeated,
                    dry_run=dry_run,
                    on_progress=progress,
                    platform=options["platform"],
                )
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file", returncode=2) from None
        finally:
            if progress is not None:
                sys.stderr.write("\n")
        return "csv", summary


def _progress(rows: int) -> None:
    sys.stderr.write(f"\r  {rows:,} rows checked")
    sys.stderr.flush()
