from creators.management.commands._importing import (
    ImportCommand,
    add_platform_argument,
    duplicates,
    mapping_from,
    today,
)
from creators.sources.csv_files import read_csv


class Command(ImportCommand):
    help = "Import creators from a CSV file (all rows or none)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--map",
            action="append",
            metavar="FIELD=COLUMN",
            help="Read FIELD from COLUMN (a header name, or #N for the N-th column).",
        )
        add_platform_argument(parser)

    def parse(self, text, options):
        return read_csv(
            text,
            "creators",
            mapping_from(options.get("map")),
            snapshot_day=options.get("snapshot_day"),
            today=today(),
            duplicates=duplicates(options),
            platform=options["platform"],
        )
