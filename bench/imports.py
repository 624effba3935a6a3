"""The import benchmark: a generated video CSV imported by `talentdesk import-videos` (the command
an operator runs) into a fresh, migrated database, timed, with the process's peak memory read from
the kernel (`wait4`), and set beside a plain bulk load of the same file (COPY on PostgreSQL,
`executemany` on SQLite) into a bare table with the file's columns and no checks.

Run by bench/harness.py at two sizes with the same 2,000 creators (the largest agency's roster):
peak memory equal at both sizes is what "streaming" means.
"""

import csv
import os
import random
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

CREATORS = 2000
# The columns of a real export (tiktok-top-creator-videos-2020), the ones the importer reads.
HEADER = [
    "id",
    "create_time",
    "user_name",
    "video_length",
    "n_likes",
    "n_shares",
    "n_comments",
    "n_plays",
    "n_followers",
]
SIZES = {"small": [10_000, 100_000], "large": [100_000, 1_000_000]}
MAX_SECONDS = 60
MAX_PEAK_MB = 300


def write_csv(path: Path, rows: int, *, creators: int = CREATORS, seed: int = 8) -> Path:
    """`rows` videos spread evenly over `creators` handles, posted over the last year."""
    rng = random.Random(seed)
    now = int(datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0).timestamp())
    year = int(timedelta(days=365).total_seconds())
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(rows):
            creator = i % creators
            plays = rng.randint(1_000, 5_000_000)
            likes = plays * rng.randint(2, 15) // 100
            writer.writerow(
                [
                    7_400_000_000_000_000_000 + i,
                    now - rng.randint(0, year),
                    f"import_creator_{creator:04d}",
                    rng.randint(8, 90),
                    likes,
                    likes // rng.randint(20, 60),
                    likes // rng.randint(10, 40),
                    plays,
                    10_000 + creator * 37 + i // creators,
                ]
            )
    return path


def timed_import(path: Path, env: dict, bin_dir: Path, cwd: Path) -> dict:
    """Run the import command; its wall time and peak resident memory (from the kernel)."""
    command = [str(bin_dir / "talentdesk"), "import-videos", str(path), "--json"]
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own command
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    # wait4 gives this child's own rusage: ru_maxrss is its peak RSS in KiB on Linux.
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    out, err = process.stdout.read(), process.stderr.read()
    process.stdout.close()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"import failed: {err.decode()[-2000:]}")
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "summary": out.decode()}


def plain_load(path: Path, database_url: str) -> float:
    """Seconds to bulk-load the same file with no checks into a bare table of its columns."""
    types = ", ".join(
        f"{name} {'text' if name in ('id', 'user_name') else 'bigint'}" for name in HEADER
    )
    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(database_url.removeprefix("sqlite:///"))
        try:
            conn.execute("DROP TABLE IF EXISTS bench_plain_load")
            conn.execute(f"CREATE TABLE bench_plain_load ({types})")
            started = time.perf_counter()
            with path.open(newline="", encoding="utf-8") as source:
                reader = csv.reader(source)
                next(reader)
                marks = ", ".join("?" * len(HEADER))
                conn.executemany(f"INSERT INTO bench_plain_load VALUES ({marks})", reader)  # noqa: S608
            conn.commit()
            seconds = time.perf_counter() - started
            conn.execute("DROP TABLE bench_plain_load")
            return seconds
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_plain_load")
        conn.execute(f"CREATE TABLE bench_plain_load ({types})")
        started = time.perf_counter()
        statement = "COPY bench_plain_load FROM STDIN (FORMAT csv, HEADER true)"
        with conn.cursor() as cursor, path.open("rb") as source, cursor.copy(statement) as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        conn.execute("DROP TABLE bench_plain_load")
        return seconds


def row(rows: int, db: str, scale: str, result: dict, plain_seconds: float) -> dict:
    missed = []
    if result["seconds"] > MAX_SECONDS:
        missed.append(f"> {MAX_SECONDS} s")
    if result["peak_mb"] > MAX_PEAK_MB:
        missed.append(f"peak > {MAX_PEAK_MB} MB")
    return {
        "name": f"import {rows:,}-row video CSV",
        "db": db,
        "scale": scale,
        "rows": rows,
        "creators": CREATORS,
        "seconds": round(result["seconds"], 1),
        "rows_per_second": round(rows / result["seconds"]),
        "peak_mb": round(result["peak_mb"], 1),
        "plain_load_seconds": round(plain_seconds, 1),
        "ratio_to_plain_load": round(result["seconds"] / plain_seconds, 1),
        "targets": "missed: " + ", ".join(missed) if missed else "met",
    }
