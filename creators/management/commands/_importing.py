"""What the import commands share: reading, reporting problems, exit codes (docs/cli.md)."""

import argparse
import json
import sys
from datetime import UTC, date

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from creators.importing import write_batch
from creators.models import Platform
from creators.sources.records import ImportFailed

SHOWN_PROBLEMS = 100


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count; write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print a JSON summary.")
        parser.add_argument(
            "--snapshot-day",
            type=_day,
            metavar="YYYY-MM-DD",
            help="The date of the file's figures (followers...), when it has no date column "
            "and is not from today.",
        )
        parser.add_argument(
            "--duplicates",
            choices=["refuse", "keep-last"],
            default="refuse",
            help="A handle or video id repeated in the file: refuse the file (default), or keep "
            "the last row of each (they are listed).",
        )

    def read_text(self, path: str) -> str:
        try:
            with open(path, encoding="utf-8-sig") as handle:
                return handle.read()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file", returncode=2) from None
        except UnicodeDecodeError:
            self.fail([f"{path}: not UTF-8 text"], as_json=False)

    def parse(self, text, options):  # pragma: no cover - each command defines it
        raise NotImplementedError

    def import_file(self, path: str, options, *, dry_run: bool) -> tuple[str, dict]:
        """(source, summary) once written; ImportFailed when nothing was."""
        batch = self.parse(self.read_text(path), options)
        self.repeated = batch.repeated
        return batch.source, write_batch(batch, dry_run=dry_run)

    def handle(self, *args, file, dry_run=False, json=False, **options):
        try:
            source, summary = self.import_file(file, options, dry_run=dry_run)
        except ImportFailed as failure:
            self.fail(
                [str(p) for p in failure.problems],
                as_json=json,
                problems=failure.problems,
                total=failure.total,
            )
        repeated = getattr(self, "repeated", [])
        result = {"ok": True, "dry_run": dry_run, "source": source, **summary}
        if "platform" in options:
            result["platform"] = options["platform"]
        if repeated:
            result["repeated"] = [{"key": key, "lines": lines} for key, lines in repeated]
        if json:
            self.stdout.write(_json(result))
        else:
            verb = "Checked (dry run, nothing written)" if dry_run else "Imported"
            counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(summary.items()))
            self.stdout.write(f"{verb}: {counts or 'nothing new'}.")
            if repeated:
                self.stdout.write(f"Kept the last row of {len(repeated)} repeated key(s):")
                for key, lines in repeated:
                    self.stdout.write(f"  {key}: lines {', '.join(map(str, lines))}")

    def fail(self, lines, *, as_json, problems=(), total=None):
        total = total if total is not None else len(lines)
        if as_json:
            self.stdout.write(
                _json(
                    {
                        "ok": False,
                        "problem_count": total,
                        "problems": [
                            {"line": p.line, "column": p.column, "reason": p.reason}
                            for p in list(problems)[:SHOWN_PROBLEMS]
                        ],
                    }
                )
            )
        else:
            self.stderr.write(f"Nothing was imported: {total} problem(s).")
            for line in lines[:SHOWN_PROBLEMS]:
                self.stderr.write(f"  {line}")
            if total > SHOWN_PROBLEMS:
                self.stderr.write(f"  … and {total - SHOWN_PROBLEMS} more.")
        sys.exit(1)


def add_platform_argument(parser) -> None:
    parser.add_argument(
        "--platform",
        choices=Platform.values,
        default=Platform.TIKTOK,
        help="The platform of the file's handles and figures (default: tiktok). Each "
        "platform's figures are kept apart.",
    )


def mapping_from(pairs) -> dict[str, str]:
    mapping = {}
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise CommandError(f"--map wants FIELD=COLUMN, got {pair!r}", returncode=2)
        mapping[field.strip()] = column.strip()
    return mapping


def _day(text: str):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def duplicates(options) -> str:
    return "keep_last" if options.get("duplicates") == "keep-last" else "refuse"


def today():
    return timezone.now().astimezone(UTC).date()


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)
