"""`talentdesk backup DIR`: the database and the uploaded files, with a manifest."""

from django.core.management import BaseCommand, CommandError

from talentdesk import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup, or pg_dump -Fc) and the uploaded files "
        "into DIR, with manifest.json (see docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="an empty (or new) directory")
        parser.add_argument("--force", action="store_true", help="write into a non-empty DIR")

    def handle(self, *args, directory, force, **options):
        try:
            manifest = backup.backup(directory, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backed up {manifest['engine']}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['files']} files into {directory}."
        )
