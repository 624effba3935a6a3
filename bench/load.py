"""`make load DB=postgres|sqlite SCALE=large`: locust, headless, against two app processes (each
gunicorn with 2 workers, on BENCH_PORT+2 and +3) and the task worker, on the database `make bench`
generated (run it first with the same DB and SCALE). Writes
bench/results/<date>-<db>-<scale>-load.json: one row with users, duration, requests, failures,
throughput and latency percentiles over every request.

Environment: LOAD_USERS (100), LOAD_SPAWN_RATE (10/s), LOAD_RUN_TIME (3m), and the bench's
BENCH_PORT, BENCH_DATABASE_URL, TALENTDESK_VAR_DIR.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import BIN, PG_DEFAULT, ROOT, wait_for


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--scale", choices=["small", "large"], default="large")
    args = parser.parse_args(argv)
    users = int(os.environ.get("LOAD_USERS", "100"))
    spawn = os.environ.get("LOAD_SPAWN_RATE", "10")
    run_time = os.environ.get("LOAD_RUN_TIME", "3m")
    base_port = int(os.environ.get("BENCH_PORT", "8031")) + 2
    var = Path(os.environ.get("TALENTDESK_VAR_DIR") or ROOT / "var" / "bench")
    if not (var / f"generated-{args.db}-{args.scale}.json").exists():
        print(f"No {args.db} {args.scale} data in {var}: run `make bench` with them first.")
        return 1
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DEBUG")}
    env["TALENTDESK_VAR_DIR"] = str(var)
    if args.db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{var / f'bench-{args.scale}.sqlite3'}"
    else:
        env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    hosts = [f"http://127.0.0.1:{base_port + i}" for i in range(2)]
    log = open(var / "load-servers.log", "w")  # noqa: SIM115 - closed in finally
    commands = [[BIN / "gunicorn", "talentdesk.wsgi", "--bind", host.removeprefix("http://"),
                 "--workers", "2", "--no-control-socket"] for host in hosts]  # fmt: skip
    commands.append([BIN / "talentdesk", "db_worker", "--interval", "1"])
    processes = [
        subprocess.Popen(  # noqa: S603 - our own commands
            [str(c) for c in command],
            cwd=ROOT,
            env=env,
            stdout=log,  # noqa: S603
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        for command in commands
    ]
    prefix = var / f"load-{args.db}-{args.scale}"
    try:
        for host in hosts:
            wait_for(f"{host}/healthz")
        locust = [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                  "-u", str(users), "-r", spawn, "--run-time", run_time, "--csv", str(prefix),
                  "--only-summary", "--host", hosts[0]]  # fmt: skip
        summary = Path(f"{prefix}-after-sign-in.json")
        summary.unlink(missing_ok=True)
        env_locust = {**env, "BENCH_HOSTS": ",".join(hosts), "BENCH_SCALE": args.scale,
                      "LOAD_SUMMARY": str(summary)}  # fmt: skip
        subprocess.run(locust, cwd=ROOT, env=env_locust, check=False)  # noqa: S603
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()
    with open(f"{prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    row = {
        "name": "load: managers, creators, brands (reads and writes)",
        "db": args.db,
        "scale": args.scale,
        "users": users,
        "app_processes": len(hosts),
        "run_time": run_time,
        "requests": requests,
        "failures": failures,
        "throughput_rps": round(float(total["Requests/s"]), 1),
        "p50_ms": float(total["50%"]),
        "p95_ms": float(total["95%"]),
        "p99_ms": float(total["99%"]),
        "after_sign_in": json.loads(summary.read_text()) if summary.exists() else None,
        "load_average": os.getloadavg()[0],
    }
    day = datetime.now(UTC).date().isoformat()
    out = ROOT / "bench" / "results" / f"{day}-{args.db}-{args.scale}-load.json"
    out.write_text(json.dumps([row], indent=1) + "\n")
    print(json.dumps(row, indent=1))
    print(f"wrote {out}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
