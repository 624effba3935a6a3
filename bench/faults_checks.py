"""What `make faults` judges by, without Django (tested in tests/bench/test_faults_checks.py): the
idempotent webhook receiver, the one-line figures, and the misses that fail the run."""

import hashlib
import hmac
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """A webhook receiver as docs/api.md tells integrators to write one: it checks the signature
    and applies each event once, deduplicating on Talentdesk-Event-Id (a repeat is acknowledged
    with 200 and not applied again)."""

    def __init__(self, secret: str = ""):
        self.secret = secret
        self.lock = threading.Lock()
        self.applied: dict[str, int] = {}  # event id -> times applied (must stay 1)
        self.received: dict[str, int] = {}  # event id -> deliveries received
        self.bad_signatures = 0
        self.server = None

    @property
    def duplicates(self) -> int:
        """Deliveries received more than once (allowed: at least once), not applied again."""
        return sum(n - 1 for n in self.received.values())

    @property
    def applied_twice(self) -> int:
        return sum(1 for n in self.applied.values() if n > 1)

    def applied_ids(self) -> set[str]:
        with self.lock:
            return set(self.applied)

    def signed(self, body: bytes, timestamp: str, signature: str) -> bool:
        mac = hmac.new(self.secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        return hmac.compare_digest(f"v1={mac.hexdigest()}", signature or "")

    def receive(self, event_id: str, body: bytes, timestamp: str, signature: str) -> int:
        """The status to answer; applies the event the first time it is seen."""
        if not event_id or not self.signed(body, timestamp, signature):
            with self.lock:
                self.bad_signatures += 1
            return 401
        with self.lock:
            self.received[event_id] = self.received.get(event_id, 0) + 1
            if event_id not in self.applied:
                self.applied[event_id] = 1  # the side effect, once
        return 200

    def start(self, host: str = "127.0.0.1") -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver.receive(
                    self.headers.get("Talentdesk-Event-Id", ""),
                    body,
                    self.headers.get("Talentdesk-Timestamp", ""),
                    self.headers.get("Talentdesk-Signature", ""),
                )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/talentdesk"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def figures_line(r: dict) -> str:
    recovery = "none" if r["recovery"] is None else f"{round(r['recovery'])} s"
    sent, total = r["emails"][1], r["emails"][0]
    clear = "yes" if r["uploads_refused_clearly"] and not r["uploads_refused_badly"] else "no"
    return (
        f"{r['lost']} acknowledged writes lost, {r['duplicates']} duplicates, "
        f"{r['partial']} partial rows, recovery {recovery}, "
        f"{r['events_delivered']}/{r['events_expected']} events delivered, "
        f"{sent}/{total} e-mails sent, upload refused clearly: {clear}"
    )


LINE = re.compile(
    r"(?P<lost>\d+) acknowledged writes lost, (?P<duplicates>\d+) duplicates, "
    r"(?P<partial>\d+) partial rows, recovery (?P<recovery>\d+ s|none), "
    r"(?P<delivered>\d+)/(?P<events>\d+) events delivered, "
    r"(?P<sent>\d+)/(?P<emails>\d+) e-mails sent, upload refused clearly: (?P<clear>yes|no)$"
)


def parse_figures(line: str) -> dict | None:
    """The figures back from the line (for CI or a later comparison); None if it is not one."""
    found = LINE.search(line.strip())
    if not found:
        return None
    out: dict = {k: int(v) for k, v in found.groupdict().items() if v.isdigit()}
    out["recovery"] = None if found["recovery"] == "none" else int(found["recovery"].split()[0])
    out["clear"] = found["clear"] == "yes"
    return out


def misses(r: dict) -> list[str]:
    """Every way the run failed its pass criteria, in words (empty: passed)."""
    problems = []
    if r["acknowledged"] == 0:
        problems.append("no write was acknowledged: the load did not run")
    if r["lost"]:
        problems.append(f"{r['lost']} acknowledged writes are not in the database")
    if r["duplicates"]:
        problems.append(f"{r['duplicates']} duplicate rows for retried keys")
    if r["partial"]:
        problems.append(f"{r['partial']} partial rows")
    if r["refused"]:
        problems.append(f"{len(r['refused'])} writes refused with a 4xx, e.g. {r['refused'][0]}")
    if r["unanswered"]:
        problems.append(f"{r['unanswered']} writes never acknowledged despite retries")
    if r["recovery"] is None or r["recovery"] > r["recovery_limit"]:
        problems.append(f"recovery {r['recovery']} s, over {r['recovery_limit']} s")
    if not r["healthz_503"]:
        problems.append("/healthz did not answer 503 on every server while the database was away")
    if r["events_expected"] == 0 or r["events_delivered"] < r["events_expected"]:
        problems.append(f"{r['events_delivered']}/{r['events_expected']} events delivered")
    if r["applied_twice"] or r["bad_signatures"]:
        problems.append(
            f"receiver: {r['applied_twice']} applied twice, {r['bad_signatures']} bad signatures"
        )
    if r["emails"][0] == 0 or r["emails"][1] < r["emails"][0]:
        problems.append(f"{r['emails'][1]}/{r['emails'][0]} e-mails sent")
    if not r["uploads_refused_clearly"]:
        problems.append("no upload met the full disk")
    if r["uploads_refused_badly"]:
        problems.append(f"uploads refused without the message: {r['uploads_refused_badly'][:3]}")
    if not r["uploads_stored"]:
        problems.append("no upload was stored")
    return problems
