"""`talentdesk bench generate --scale small|large` fills an empty database with benchmark data;
`talentdesk bench measure ...` measures a running server (started by `make bench`, see
bench/harness.py) and writes the results."""

import json

from django.core.management import BaseCommand, CommandError

from bench.generate import SCALES, generate


class Command(BaseCommand):
    help = "Benchmark data and measurements (see docs/performance.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="Fill an empty, migrated database.")
        gen.add_argument("--scale", choices=sorted(SCALES), default="small")
        gen.add_argument("--seed", type=int, default=8)
        gen.add_argument("--json", action="store_true", help="Print timings and counts as JSON.")
        measure = sub.add_parser("measure", help="Measure a running server over HTTP.")
        measure.add_argument("--base-url", required=True)
        measure.add_argument("--db", required=True)
        measure.add_argument("--scale", required=True)
        measure.add_argument("--requests", type=int, default=200)
        measure.add_argument("--out", required=True, help="Where the JSON rows go.")
        measure.add_argument("--extra", default="", help="JSON file of extra rows to append.")

    def handle(self, *args, action, **options):
        if action == "generate":
            log = (lambda _line: None) if options["json"] else self.stdout.write
            try:
                result = generate(options["scale"], seed=options["seed"], log=log)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            if options["json"]:
                self.stdout.write(json.dumps(result))
            else:
                total = sum(result["rows"].values())
                self.stdout.write(f"{total} rows in {result['seconds']}s")
            return
        from bench.measure import markdown, measure

        rows = measure(
            options["base_url"],
            db=options["db"],
            scale=options["scale"],
            requests=options["requests"],
            log=self.stdout.write,
        )
        if options["extra"]:
            with open(options["extra"]) as extra:
                rows += json.load(extra)
        with open(options["out"], "w") as out:
            json.dump(rows, out, indent=1)
            out.write("\n")
        table = options["out"].removesuffix(".json") + ".md"
        with open(table, "w") as out:
            out.write(markdown(rows))
        self.stdout.write(f"wrote {options['out']} and {table}")
