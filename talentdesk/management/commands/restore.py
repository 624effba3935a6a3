"""`talentdesk restore DIR`: a `talentdesk backup` into the database DATABASE_URL names."""

from django.core.management import BaseCommand, CommandError

from talentdesk import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `talentdesk backup` into the database DATABASE_URL names and "
        "MEDIA_ROOT; checks every table's row count against the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="a directory made by `backup`")
        parser.add_argument(
            "--force", action="store_true", help="replace a database or upload directory with data"
        )

    def handle(self, *args, directory, force, **options):
        try:
            done = backup.restore(directory, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {done.engine}: {done.tables} tables, {done.rows} rows, {done.files} files. "
            "Next: talentdesk migrate (if this version is newer), talentdesk audit verify."
        )
