import json

from django.core.management import CommandError
from django.utils import timezone

from creators.management.commands._importing import ImportCommand
from creators.sources.tiktok_json import parse_payload


class Command(ImportCommand):
    help = (
        "Import a TikTok API payload (Display, Research, Business, Creator Marketplace, TikTok One "
        "or web itemStruct JSON), detected automatically. All of it or nothing."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--handle", default=None, help="The creator, for payloads that do not name one."
        )

    def parse(self, text, options):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"not JSON: {error}", returncode=1) from None
        return parse_payload(data, fetched_at=timezone.now(), handle=options.get("handle"))
