"""`make faults`: the portal under faults, on its own PostgreSQL cluster and Redis (never the
machine's), two app processes (gunicorn, 2 workers each) and the task worker. For two minutes a
write load (brand API, `POST /campaigns/{id}/offers` with an Idempotency-Key, retried until
acknowledged) runs while an app worker is SIGKILLed every 10 s, the task worker is killed with
deliveries pending and started again, PostgreSQL is crashed and started again, and the upload
directory (a small tmpfs) fills up during draft uploads. Then the figures, on one line, and a
non-zero exit on any miss. Results: bench/results/<date>-faults.md.

Needs root (tmpfs, `runuser -u postgres`) and PostgreSQL's server binaries (FAULTS_PG_BIN,
default /usr/lib/postgresql/15/bin) and redis-server. Environment: FAULTS_SECONDS (120),
FAULTS_THREADS (6), FAULTS_PORT (58041: the apps on it and the next), FAULTS_PG_PORT (55432),
FAULTS_REDIS_PORT (56379).
"""

# It runs the system's own tools (mount, runuser, pg_ctl, redis-server) with arguments it builds.
# ruff: noqa: S603, S607

import contextlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.faults_checks import Receiver, figures_line, misses

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
SECONDS = int(os.environ.get("FAULTS_SECONDS", "120"))
THREADS = int(os.environ.get("FAULTS_THREADS", "6"))
APP_PORT = int(os.environ.get("FAULTS_PORT", "58041"))
PG_PORT = int(os.environ.get("FAULTS_PG_PORT", "55432"))
REDIS_PORT = int(os.environ.get("FAULTS_REDIS_PORT", "56379"))
MEDIA_BYTES = 4 * 2**20  # the tmpfs standing in for the upload directory
UPLOAD_BYTES = 150 * 1024
DRAIN_SECONDS = 120  # after the load: for the worker and the tick to finish what is pending
RECOVERY_LIMIT = 30
MP4 = b"\x00\x00\x00\x18ftypmp42"


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


class Stage:
    """Everything started here, stopped in reverse order whatever happens (also on Ctrl-C)."""

    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="talentdesk-faults-"))
        self.undo: list = []
        self.logs: list = []

    def start(self, name, command, env, **kwargs):
        out = open(self.tmp / f"{name}.log", "a")  # noqa: SIM115 - closed in close()
        self.logs.append(out)
        process = subprocess.Popen(  # noqa: S603 - our own commands
            [str(c) for c in command],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        return process

    def close(self):
        for step in reversed(self.undo):
            with contextlib.suppress(Exception):
                step()
        for out in self.logs:
            out.close()


def stop_group(process, timeout=15):
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- PostgreSQL and Redis of our own ---------------------------------------------------------


class Postgres:
    def __init__(self, stage: Stage):
        self.stage = stage
        self.data = stage.tmp / "pgdata"
        self.socket = stage.tmp / "pgsock"

    def pg(self, *args, check=True):
        command = ["runuser", "-u", "postgres", "--", str(PG_BIN / args[0]), *map(str, args[1:])]
        out = self.stage.tmp / "postgres.log"
        with open(out, "a") as sink:
            return subprocess.run(command, check=check, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603

    def init(self):
        for path in (self.data, self.socket):
            path.mkdir()
        shutil.chown(self.stage.tmp, "postgres")
        os.chmod(self.stage.tmp, 0o755)  # noqa: S103 - postgres must reach its data dir
        for path in (self.data, self.socket):
            shutil.chown(path, "postgres", "postgres")
        self.pg("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.stage.undo.append(
            lambda: self.pg("pg_ctl", "-D", self.data, "-m", "immediate", "stop", check=False)
        )
        self.start()

    def start(self):
        options = (
            f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {self.socket} "
            "-c max_connections=60 -c shared_buffers=32MB"
        )
        self.pg(
            "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-l",
            self.stage.tmp / "pg-server.log",
            "-w",
            "start",
        )

    def crash(self):
        """As if the server died: no shutdown checkpoint, recovery from the WAL on start."""
        self.pg("pg_ctl", "-D", self.data, "-m", "immediate", "stop")


def start_redis(stage: Stage, env):
    command = ["redis-server", "--port", REDIS_PORT, "--bind", "127.0.0.1", "--save", ""]
    command += ["--appendonly", "no", "--dir", stage.tmp]
    process = stage.start("redis", command, env)
    stage.undo.append(lambda: stop_group(process))
    return process


def mount_media(stage: Stage, path: Path) -> str:
    """A small filesystem for the uploads: tmpfs, or a loop-mounted ext4 file if tmpfs fails."""
    path.mkdir(parents=True)
    tmpfs = ["mount", "-t", "tmpfs", "-o", f"size={MEDIA_BYTES}", "tmpfs", str(path)]
    if subprocess.run(tmpfs, capture_output=True).returncode == 0:  # noqa: S603
        stage.undo.append(lambda: subprocess.run(["umount", "-l", str(path)], check=False))
        return "tmpfs"
    image = stage.tmp / "media.img"
    with open(image, "wb") as f:
        f.truncate(MEDIA_BYTES * 2)
    subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], check=True)  # noqa: S603
    subprocess.run(["mount", "-o", "loop", str(image), str(path)], check=True)  # noqa: S603
    stage.undo.append(lambda: subprocess.run(["umount", "-l", str(path)], check=False))
    return "loop ext4"


# --- HTTP --------------------------------------------------------------------------------------


def http(method, url, body=None, headers=None, timeout=10):
    """(status, headers, body); (None, {}, error text) when nothing came back."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (OSError, urllib.error.URLError) as error:
        return None, {}, str(error).encode()


@dataclass
class Tally:
    acked: dict = field(default_factory=dict)  # key -> offer id (from the first 2xx)
    replay_mismatch: int = 0  # a retry with the same key answered another offer
    refused: list = field(
        default_factory=list
    )  # (key, status, body): a 4xx the load did not expect
    unanswered: list = field(default_factory=list)  # keys given up on (never acknowledged)
    retries: int = 0
    replays: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def offer_body(campaign: str, creator: str, key: str) -> bytes:
    today = datetime.now(UTC).date()
    terms = {
        "price": "900.00",
        "currency": "EUR",
        "deliverables": [{"type": "video", "count": 1, "due": str(today + timedelta(days=20))}],
        "response_deadline": str(today + timedelta(days=7)),
    }
    return json.dumps({"creator": creator, "terms": terms, "note": key}).encode()


def write_until_acknowledged(hosts, token, path, body, key, tally: Tally, stop_at: float):
    """POST with the key until a 2xx (replays of the first answer after that); None if never."""
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Idempotency-Key": key,
    }
    attempt = 0
    while time.monotonic() < stop_at:
        host = hosts[(attempt + hash(key)) % len(hosts)]
        status, answer_headers, answer = http("POST", host + path, body, headers)
        attempt += 1
        if status is not None and 200 <= status < 300:
            if answer_headers.get("Idempotent-Replayed") == "true":
                with tally.lock:
                    tally.replays += 1
            return json.loads(answer)
        if status == 409 and b"idempotency_in_flight" in answer:
            time.sleep(0.2)
        elif status == 429:  # the token's rate limit: wait as told, then the same key again
            time.sleep(min(float(answer_headers.get("Retry-After") or 1), 5))
        elif status is not None and 400 <= status < 500:
            with tally.lock:
                tally.refused.append((key, status, answer[:200].decode(errors="replace")))
            return None
        else:  # killed worker, database away: the same key again, elsewhere
            time.sleep(0.3)
        with tally.lock:
            tally.retries += 1
    with tally.lock:
        tally.unanswered.append(key)
    return None


def load_thread(n, hosts, world, campaigns, tally: Tally, end: float):
    while time.monotonic() < end:
        try:
            campaign = campaigns.pop()
        except IndexError:
            return
        key = f"faults-{n}-{uuid.uuid4().hex[:12]}"
        path = f"/api/v1/campaigns/{campaign}/offers"
        body = offer_body(campaign, world["creator"], key)
        answer = write_until_acknowledged(
            hosts, world["brand_token"], path, body, key, tally, end + 60
        )
        if answer is None:
            continue
        with tally.lock:
            tally.acked[key] = answer["id"]
        if random.random() < 0.2:  # a client that did not see the answer sends it again
            again = write_until_acknowledged(
                hosts, world["brand_token"], path, body, key, tally, end + 60
            )
            if again is not None and again["id"] != answer["id"]:
                with tally.lock:
                    tally.replay_mismatch += 1


# --- the faults --------------------------------------------------------------------------------


def app_workers(masters) -> list[int]:
    import psutil

    pids = []
    for master in masters:
        with contextlib.suppress(psutil.Error):
            pids += [c.pid for c in psutil.Process(master.pid).children()]
    return pids


def health_watch(hosts, seen: dict, stop: threading.Event):
    """Every 0.3 s: each server's /healthz status (None: no answer, e.g. a worker just killed)."""
    while not stop.is_set():
        for host in hosts:
            # A slow answer under load is still an answer: 10 s before it counts as none.
            status, _h, _b = http("GET", host + "/healthz", timeout=10)
            seen.setdefault(host, []).append((time.monotonic(), status))
        time.sleep(0.3)


@dataclass
class Uploads:
    refused_clearly: int = 0
    refused_badly: list = field(default_factory=list)
    stored: dict = field(default_factory=dict)  # deliverable id -> size
    attempts: int = 0
    deliverables: list = field(default_factory=list)  # the ones the uploads may go to


def upload(host, token, deliverable, content: bytes):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="draft.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Idempotency-Key": f"upload-{deliverable}",
    }
    return http("POST", f"{host}/api/v1/deliverables/{deliverable}/drafts/upload", body, headers)


def upload_thread(hosts, world, result: Uploads, full: threading.Event, end: float):
    free = list(world["deliverables"])
    result.deliverables = list(free)
    content = MP4 + os.urandom(UPLOAD_BYTES)
    while time.monotonic() < end and free:
        deliverable = free[0]
        result.attempts += 1
        while True:
            status, _h, answer = upload(
                random.choice(hosts), world["creator_token"], deliverable, content
            )
            if status is None or status in (500, 502, 503):
                time.sleep(0.3)  # a killed worker: the same upload again
                continue
            break
        if status == 201:
            result.stored[free.pop(0)] = len(content)
        elif status == 507 and b"storage is full" in answer:
            result.refused_clearly += 1
        else:
            result.refused_badly.append((status, answer[:200].decode(errors="replace")))
        time.sleep(1.0)


def fill(path: Path) -> Path:
    """Write a filler until the filesystem says ENOSPC."""
    filler = path / "filler"
    with open(filler, "wb") as f, contextlib.suppress(OSError):
        while True:
            f.write(b"\x00" * 65536)
            f.flush()
    return filler


# --- the run -----------------------------------------------------------------------------------


def sql(url, query, *params):
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=5) as conn:
        return conn.execute(query, params).fetchall()


def run() -> dict:
    if not (PG_BIN / "initdb").exists():
        print(
            f"faults: PostgreSQL's initdb is not at {PG_BIN} "
            "(install postgresql, or set FAULTS_PG_BIN)."
        )
        raise SystemExit(2)
    if shutil.which("redis-server") is None:
        print("faults: redis-server is not installed (apt-get install redis-server).")
        raise SystemExit(2)
    if os.geteuid() != 0:
        print("faults: run as root (it mounts a tmpfs and runs PostgreSQL as the postgres user).")
        raise SystemExit(2)
    stage = Stage()
    stage.undo.append(lambda: shutil.rmtree(stage.tmp, ignore_errors=True))
    stage.undo.append(lambda: time.sleep(1))  # the last PostgreSQL files, then the rest
    try:
        return _run(stage)
    finally:
        stage.close()


def _run(stage: Stage) -> dict:
    log(f"stage in {stage.tmp}")
    var = stage.tmp / "var"
    var.mkdir()
    media_kind = mount_media(stage, var / "media")
    database_url = f"postgres://postgres@127.0.0.1:{PG_PORT}/talentdesk_faults"
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        TALENTDESK_VAR_DIR=str(var),
        WEBHOOK_ALLOW_PRIVATE="true",
        API_RATE_LIMIT="100000/min",  # one token for the whole load: faults, not rate limits
        LOG_LEVEL="WARNING",
        GUNICORN_CMD_ARGS="--no-control-socket",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    pg = Postgres(stage)
    pg.init()
    sql(f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres", "SELECT 1")
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:{PG_PORT}/postgres", autocommit=True
    ) as c:
        c.execute("CREATE DATABASE talentdesk_faults")
    start_redis(stage, env)
    receiver = Receiver()
    receiver.start()
    stage.undo.append(receiver.stop)
    log("migrating and loading the demo world")
    # `migrate`, not `prepare`: the API needs no collected (and compressed) static files.
    subprocess.run([BIN / "talentdesk", "migrate", "-v0"], env=env, cwd=ROOT, check=True)  # noqa: S603
    subprocess.run([BIN / "talentdesk", "demo"], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    campaigns = THREADS * SECONDS * 3
    made = subprocess.run(  # noqa: S603
        [BIN / "talentdesk", "shell", "-c", "from bench import faults_world; faults_world.main()"],
        env=env | {"FAULTS_CAMPAIGNS": str(campaigns), "FAULTS_RECEIVER": receiver.url},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    world = json.loads(made.stdout.split("FAULTS-WORLD ", 1)[1])
    receiver.secret = world["webhook_secret"]
    # Nothing pending from the setup: the run counts only what it makes.
    started_at = sql(database_url, "SELECT now()")[0][0]

    hosts = [f"http://127.0.0.1:{APP_PORT + i}" for i in range(2)]
    masters = []
    for i, host in enumerate(hosts):
        bind = host.removeprefix("http://")
        command = [
            BIN / "gunicorn",
            "talentdesk.wsgi",
            "--bind",
            bind,
            "--workers",
            "2",
            "--timeout",
            "20",
        ]
        masters.append(stage.start(f"web-{i}", command, env))
        stage.undo.append(lambda m=masters[-1]: stop_group(m))
    # As scripts/serve runs it: started again whenever it exits (it does on a lost database).
    worker_command = [ROOT / "scripts" / "worker", "--interval", "0.5"]
    worker = {"process": stage.start("worker", worker_command, env)}
    stage.undo.append(lambda: stop_group(worker["process"]))
    for host in hosts:
        deadline = time.monotonic() + 60
        while http("GET", host + "/healthz")[0] != 200:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{host} did not come up (see {stage.tmp}/web-*.log)")
            time.sleep(0.5)
    log(
        f"serving on {', '.join(hosts)}; PostgreSQL :{PG_PORT}, Redis :{REDIS_PORT}, "
        f"uploads on {media_kind}"
    )

    tally, uploads = Tally(), Uploads()
    health: dict = {}
    stop_health = threading.Event()
    full = threading.Event()
    t0 = time.monotonic()
    end = t0 + SECONDS
    pool = list(world["campaigns"])
    threads = [
        threading.Thread(target=load_thread, args=(n, hosts, world, pool, tally, end), daemon=True)
        for n in range(THREADS)
    ]
    threads.append(
        threading.Thread(target=health_watch, args=(hosts, health, stop_health), daemon=True)
    )
    for thread in threads:
        thread.start()
    events = []
    kills = 0
    crash = {"down": None, "up": None}
    timeline = {
        0.25: "worker-kill",
        0.33: "worker-start",
        0.42: "pg-crash",
        0.46: "pg-start",
        0.58: "uploads",
        0.67: "fill",
        0.80: "free",
    }
    pending_at_kill = None
    filler = None
    up_thread = None
    next_kill = t0 + 10
    done_steps = set()
    while time.monotonic() < end:
        now = time.monotonic()
        for share, step in timeline.items():
            if step in done_steps or now < t0 + share * SECONDS:
                continue
            done_steps.add(step)
            if step == "worker-kill":
                pending_at_kill = pending_tasks(database_url)
                os.killpg(worker["process"].pid, signal.SIGKILL)
                worker["process"].wait()
                events.append(f"task worker SIGKILLed ({pending_at_kill} tasks pending)")
            elif step == "worker-start":
                waiting = pending_tasks(database_url)
                worker["process"] = stage.start("worker", worker_command, env)
                events.append(f"task worker started again ({waiting} tasks pending)")
            elif step == "pg-crash":
                pg.crash()
                crash["down"] = time.monotonic()
                events.append("PostgreSQL crashed (pg_ctl stop -m immediate)")
            elif step == "pg-start":
                pg.start()
                crash["up"] = time.monotonic()
                events.append("PostgreSQL started again")
            elif step == "uploads":
                up_thread = threading.Thread(
                    target=upload_thread,
                    args=(hosts, world, uploads, full, t0 + 0.92 * SECONDS),
                    daemon=True,
                )
                up_thread.start()
            elif step == "fill":
                filler = fill(var / "media")
                full.set()
                events.append(
                    f"upload directory filled ({filler.stat().st_size // 1024} KiB filler)"
                )
            elif step == "free":
                filler.unlink()
                full.clear()
                events.append("upload directory freed")
        if now >= next_kill:
            pids = app_workers(masters)
            if pids:
                victim = random.choice(pids)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(victim, signal.SIGKILL)
                kills += 1
            next_kill += 10
        time.sleep(0.1)
    for thread in threads[:-1]:
        thread.join(timeout=90)
    if up_thread:
        up_thread.join(timeout=60)
    log(f"load over: {len(tally.acked)} writes acknowledged, {tally.retries} retries; draining")

    # The tick, as `scripts/serve` runs it (more often): deliveries cut by the faults are retried,
    # and the e-mail and webhook tasks the killed worker held are queued again.
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        if drained(database_url, started_at):
            break
        subprocess.run([BIN / "talentdesk", "tick"], env=env, cwd=ROOT, capture_output=True)
        time.sleep(5)
    time.sleep(1)
    stop_health.set()
    threads[-1].join(timeout=10)
    result = check(database_url, started_at, tally, uploads, receiver, health, crash, var / "media")
    result.update(
        healthz_after_crash=healthz_trace(health, crash),
        kills=kills,
        events=events,
        media=media_kind,
        seconds=SECONDS,
        threads=THREADS,
        pending_at_kill=pending_at_kill,
    )
    return result


def pending_tasks(url) -> int:
    return sql(
        url,
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status IN ('READY', 'RUNNING')",
    )[0][0]


def drained(url, started_at) -> bool:
    pending = sql(
        url,
        "SELECT (SELECT count(*) FROM api_webhookdelivery"
        "        WHERE status = 'pending' AND created_at >= %s)"
        " + (SELECT count(*) FROM django_tasks_database_dbtaskresult"
        "    WHERE status = 'READY' AND enqueued_at >= %s)"
        " + (SELECT count(*) FROM messaging_notification n WHERE n.emailed_at IS NULL"
        "    AND n.id IN (SELECT (t.args_kwargs->'args'->>0)::int"
        "                 FROM django_tasks_database_dbtaskresult t"
        "                 WHERE t.task_path LIKE '%%email_notification' AND t.enqueued_at >= %s))",
        started_at,
        started_at,
        started_at,
    )[0][0]
    return pending == 0


def recovery(health: dict, crash: dict) -> float | None:
    """Seconds from PostgreSQL's start to every server's /healthz answering 200 again."""
    if crash["up"] is None:
        return None
    back = []
    for samples in health.values():
        after = [t for t, status in samples if t >= crash["up"] and status == 200]
        if not after:
            return None
        back.append(after[0] - crash["up"])
    return max(back)


def healthz_trace(health: dict, crash: dict) -> str:
    """Each server's /healthz answers from the crash until it was 200 again (for the results)."""
    if crash["down"] is None:
        return ""
    traces = []
    for host, samples in health.items():
        seen = []
        for t, status in samples:
            if t < crash["down"]:
                continue
            seen.append(f"{t - crash['down']:.0f}s:{status}")
            if crash["up"] and t > crash["up"] and status == 200:
                break
        traces.append(f"{host.rsplit(':', 1)[1]} " + " ".join(seen[:40]))
    return "; ".join(traces)


def saw_503(health: dict, crash: dict) -> bool:
    """Every server said 503 while the database was away, and nothing but 200/503/no answer."""
    if crash["down"] is None:
        return False
    for samples in health.values():
        during = [s for t, s in samples if crash["down"] + 0.5 <= t <= crash["up"]]
        if 503 not in during:
            return False
        if {s for _t, s in samples} - {200, 503, None}:
            return False
    return True


def check(url, started_at, tally, uploads, receiver, health, crash, media: Path) -> dict:
    rows = sql(
        url,
        "SELECT v.note, o.public_id::text FROM campaigns_offer o JOIN campaigns_termsversion v "
        "ON v.offer_id = o.id AND v.number = 1 WHERE v.note LIKE 'faults-%%'",
    )
    by_key: dict = {}
    for key, offer in rows:
        by_key.setdefault(key, []).append(offer)
    lost = sum(1 for key, offer in tally.acked.items() if offer not in by_key.get(key, []))
    duplicates = sum(len(offers) - 1 for offers in by_key.values() if len(offers) > 1)
    duplicates += tally.replay_mismatch
    # Partial: an offer of the run without its terms v1, its deliverable line, its notification,
    # its webhook delivery or its audit event (all written in the offer's one transaction).
    partial = sql(
        url,
        """
        SELECT count(*) FROM campaigns_offer o
        WHERE o.created_at >= %s AND (
          NOT EXISTS (SELECT 1 FROM campaigns_termsversion v
                      WHERE v.offer_id = o.id AND v.number = 1
                      AND jsonb_array_length(v.deliverables) = 1)
          OR NOT EXISTS (SELECT 1 FROM messaging_notification n WHERE n.offer_id = o.id)
          OR (SELECT count(*) FROM api_webhookdelivery d
              WHERE d.payload->'data'->'offer'->>'id' = o.public_id::text) <> 1
        )
        """,
        started_at,
    )[0][0]
    offers = sql(url, "SELECT count(*) FROM campaigns_offer WHERE created_at >= %s", started_at)[0][
        0
    ]
    deliveries = sql(
        url,
        "SELECT event_id::text, status FROM api_webhookdelivery WHERE created_at >= %s",
        started_at,
    )
    expected = {event for event, _status in deliveries}
    delivered = expected & receiver.applied_ids()
    # E-mails: every notification the run enqueued an e-mail for (those whose reader wants one).
    emails = sql(
        url,
        """
        SELECT count(*), count(n.emailed_at) FROM messaging_notification n
        WHERE n.id IN (SELECT (t.args_kwargs->'args'->>0)::int
                       FROM django_tasks_database_dbtaskresult t
                       WHERE t.task_path LIKE '%%email_notification' AND t.enqueued_at >= %s)
        """,
        started_at,
    )[0]
    # A task its killed worker had claimed stays RUNNING (the tick retries its delivery).
    stuck = sql(
        url,
        "SELECT count(*) FROM django_tasks_database_dbtaskresult"
        " WHERE status = 'RUNNING' AND enqueued_at >= %s",
        started_at,
    )[0][0]
    # Uploads: every stored draft has its file, whole; no file without its draft row.
    drafts = sql(
        url,
        "SELECT d.public_id::text, r.file FROM deliverables_draft r "
        "JOIN deliverables_deliverable d "
        "ON d.id = r.deliverable_id WHERE r.file <> '' AND r.submitted_at >= %s",
        started_at,
    )
    # Only the drafts' folder: the demo and the signed deals keep other files (contracts) there.
    files = {
        str(p.relative_to(media))
        for d in uploads.deliverables
        for p in (media / "drafts" / d).rglob("*")
        if p.is_file()
    }
    stored_files = {name for _d, name in drafts}
    upload_partial = len(files - stored_files) + len(stored_files - files)
    upload_partial += sum(
        1
        for d, name in drafts
        if d in uploads.stored
        and (media / name).exists()
        and (media / name).stat().st_size != uploads.stored[d]
    )
    return {
        "acknowledged": len(tally.acked),
        "offers": offers,
        "lost": lost,
        "duplicates": duplicates,
        "partial": partial + upload_partial,
        "tasks_left_running": stuck,
        "partial_offers": partial,
        "partial_uploads": upload_partial,
        "refused": tally.refused,
        "unanswered": len(tally.unanswered),
        "retries": tally.retries,
        "replays": tally.replays,
        "recovery": recovery(health, crash),
        "healthz_503": saw_503(health, crash),
        "events_expected": len(expected),
        "events_delivered": len(delivered),
        "applied_twice": receiver.applied_twice,
        "receiver_duplicates": receiver.duplicates,
        "bad_signatures": receiver.bad_signatures,
        "emails": list(emails),
        "uploads_attempted": uploads.attempts,
        "uploads_stored": len(uploads.stored),
        "uploads_refused_clearly": uploads.refused_clearly,
        "uploads_refused_badly": uploads.refused_badly,
        "recovery_limit": RECOVERY_LIMIT,
    }


def write_results(result: dict, line: str, problems: list[str]) -> Path:
    day = datetime.now(UTC).date().isoformat()
    out = ROOT / "bench" / "results" / f"{day}-faults.md"
    lines = [
        f"# make faults, {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"**{line}**",
        "",
        f"PostgreSQL 15 (own cluster) + Redis, two gunicorn processes × 2 workers, one task worker;"
        f" {result['threads']} client threads for {result['seconds']} s;"
        f" uploads on {result['media']};"
        f" load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| figure | value |",
        "|---|---|",
    ]
    for key in (
        "acknowledged",
        "offers",
        "lost",
        "duplicates",
        "partial",
        "partial_offers",
        "partial_uploads",
        "unanswered",
        "retries",
        "tasks_left_running",
        "replays",
        "kills",
        "pending_at_kill",
        "recovery",
        "healthz_503",
        "events_expected",
        "events_delivered",
        "applied_twice",
        "receiver_duplicates",
        "bad_signatures",
        "emails",
        "uploads_attempted",
        "uploads_stored",
        "uploads_refused_clearly",
        "uploads_refused_badly",
        "refused",
        "healthz_after_crash",
    ):
        value = result.get(key)
        lines.append(f"| {key} | {round(value, 1) if isinstance(value, float) else value} |")
    lines += ["", "Faults, in order:", ""] + [f"- {e}" for e in result["events"]]
    lines += ["", "Misses: " + ("; ".join(problems) if problems else "none"), ""]
    out.write_text("\n".join(lines))
    return out


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    result = run()
    line = figures_line(result)
    problems = misses(result)
    out = write_results(result, line, problems)
    log(f"details in {out.relative_to(ROOT)}")
    for problem in problems:
        print(f"MISS: {problem}")
    print(line, flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
