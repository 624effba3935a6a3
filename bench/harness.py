"""`make bench DB=sqlite|postgres SCALE=small|large`: a fresh database, the generated data, the
production server started as `make run` starts it (scripts/serve: gunicorn with 2 workers, the
task worker and the tick), then `talentdesk bench measure` over HTTP; results land in
bench/results/<date>-<db>-<scale>.json and .md. Before the server starts, the video CSV import is
measured at two sizes (bench/imports.py), each in a fresh database of its own. Everything started
here is stopped at the end.

Environment: BENCH_PORT (8031), BENCH_DATABASE_URL (PostgreSQL, default
postgres://postgres@127.0.0.1:5432/talentdesk_bench_<scale>), BENCH_REQUESTS (200), BENCH_REUSE=1
to keep the database generated earlier for the same DB and scale, TALENTDESK_VAR_DIR (var/bench).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from bench import imports

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/talentdesk_bench_{scale}"


def run(args, env, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    command = [str(a) for a in args]
    return subprocess.run(command, env=env, cwd=ROOT, check=True, **kwargs)  # noqa: S603


def _admin(url: str, *statements: str, dbname: str = "postgres") -> None:
    """Run statements in autocommit on the server of `url` ({name} is the database's name)."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
        password=config["PASSWORD"] or None,
        dbname=dbname.format(name=config["NAME"]),
        autocommit=True,
    ) as conn:
        for statement in statements:
            conn.execute(statement.format(name=config["NAME"]))


def fresh_postgres(url: str) -> None:
    _admin(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', 'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    _admin(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def settle_postgres(url: str) -> None:
    """Statistics and visibility maps up to date, as autovacuum keeps them in production (a
    reused data set may have new indexes or rows from an earlier run); fast when clean."""
    _admin(url, "VACUUM ANALYZE", dbname="{name}")


def stop(processes, timeout: int = 30) -> None:
    """Stop processes started with start_new_session=True, with their children: TERM to each
    group, then KILL to any group still there after `timeout` seconds."""
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_for(url: str, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer {url} within {seconds}s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", choices=["small", "large"], default="small")
    args = parser.parse_args(argv)
    # A TERM (e.g. from a CI timeout) unwinds like Ctrl-C: the server below is always stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    port = int(os.environ.get("BENCH_PORT", "8031"))
    requests = int(os.environ.get("BENCH_REQUESTS", "200"))
    reuse = os.environ.get("BENCH_REUSE", "") in ("1", "true", "yes")
    var = Path(os.environ.get("TALENTDESK_VAR_DIR") or ROOT / "var" / "bench")
    var.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DEBUG")}
    env.update(TALENTDESK_VAR_DIR=str(var), BENCH_FLOOR="true", HOST="127.0.0.1", PORT=str(port))
    # Several gunicorn masters share one host here: without this, each would take over the same
    # default control socket, and a `gunicornc` meant for another could stop ours.
    env["GUNICORN_CMD_ARGS"] = (env.get("GUNICORN_CMD_ARGS", "") + " --no-control-socket").strip()
    if args.db == "sqlite":
        database = var / f"bench-{args.scale}.sqlite3"
        env["DATABASE_URL"] = f"sqlite:///{database}"
    else:
        env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT.format(**vars(args)))
    marker = var / f"generated-{args.db}-{args.scale}.json"
    # Reuse only the very database that was generated (a marker names it).
    same = marker.exists() and json.loads(marker.read_text()).get("database") == env["DATABASE_URL"]

    if not (reuse and same):
        if args.db == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
        else:
            fresh_postgres(env["DATABASE_URL"])
        run([BIN / "talentdesk", "prepare"], env)
        out = run(
            [BIN / "talentdesk", "bench", "generate", "--scale", args.scale, "--json"],
            env,
            capture_output=True,
            text=True,
        )
        generated = json.loads(out.stdout.strip().splitlines()[-1])
        marker.write_text(json.dumps(generated | {"database": env["DATABASE_URL"]}))
    else:
        run([BIN / "talentdesk", "prepare"], env)
    generated = json.loads(marker.read_text())
    print(f"data: {sum(generated['rows'].values())} rows, generated in {generated['seconds']}s")

    extra = var / "extra-rows.json"
    generation = {
        "name": "generate data set",
        "db": args.db,
        "scale": args.scale,
        "seconds": generated["seconds"],
        "rows": sum(generated["rows"].values()),
    }
    extra.write_text(json.dumps([generation, *import_rows(args, env, var)]))
    if args.db == "postgres":
        settle_postgres(env["DATABASE_URL"])
    log = open(var / "serve.log", "w")  # noqa: SIM115 - closed in finally
    serve = [str(ROOT / "scripts" / "serve")]  # exactly what `make run` serves with
    server = subprocess.Popen(  # noqa: S603 - our own script
        serve, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/bench/floor")
        day = datetime.now(UTC).date().isoformat()
        out = ROOT / "bench" / "results" / f"{day}-{args.db}-{args.scale}.json"
        out.parent.mkdir(exist_ok=True)
        run(
            [
                BIN / "talentdesk",
                "bench",
                "measure",
                "--base-url",
                f"http://127.0.0.1:{port}",
                "--db",
                args.db,
                "--scale",
                args.scale,
                "--requests",
                requests,
                "--out",
                out,
                "--extra",
                extra,
            ],
            env,
        )
        print(out.with_suffix(".md").read_text())
    finally:
        stop([server])
        log.close()
    return 0


def import_rows(args, env: dict, var: Path) -> list[dict]:
    """The video CSV import at two sizes, each into a fresh migrated database of its own (so the
    page measurements' data set is left as it was)."""
    rows = []
    for size in imports.SIZES[args.scale]:
        import_env = dict(env)
        if args.db == "sqlite":
            database = var / "bench-import.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{database}{suffix}").unlink(missing_ok=True)
            import_env["DATABASE_URL"] = f"sqlite:///{database}"
        else:
            import_env["DATABASE_URL"] = env["DATABASE_URL"] + "_import"
            fresh_postgres(import_env["DATABASE_URL"])
        run([BIN / "talentdesk", "migrate", "-v0"], import_env)
        path = imports.write_csv(var / f"videos-{size}.csv", size)
        result = imports.timed_import(path, import_env, BIN, ROOT)
        plain = imports.plain_load(path, import_env["DATABASE_URL"])
        rows.append(imports.row(size, args.db, args.scale, result, plain))
        path.unlink()
        if args.db == "postgres":  # else its autovacuum would run during the page measurements
            drop_postgres(import_env["DATABASE_URL"])
        print(" | ".join(f"{k}={v}" for k, v in rows[-1].items()), flush=True)
    return rows


if __name__ == "__main__":
    sys.exit(main())
