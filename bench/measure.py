"""Measure each target over real HTTP against a running server, with its two floors:

* framework floor: the bare view /bench/floor on the same server (full middleware, no SQL);
* SQL floor: the page's own queries, captured in-process with CaptureQueriesContext and replayed
  directly on the same database, each replay timed as a whole.

ratio = page p95 / (framework p95 + SQL p95). Requests run one after another (warm, after a few
unmeasured ones), so the figures are latencies, not throughput.
"""

import http.client
import re
import statistics
import time
from urllib.parse import urlencode, urlsplit

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.generate import PASSWORD
from bench.targets import PERSONAS, TARGETS, Context, Target

WARMUP = 10
PAGE_P95_MS, API_P95_MS, MAX_RATIO, MAX_QUERIES = 150, 60, 2.5, 15
# Pages allowed more, each with why (to be brought back under MAX_QUERIES):
QUERY_BUDGET: dict[str, int] = {}


def max_queries(name: str) -> int:
    return QUERY_BUDGET.get(name, MAX_QUERIES)


class HttpClient:
    """A tiny cookie-keeping client: one connection per request, as gunicorn's sync workers
    close each connection anyway."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent = {"Host": f"{self.host}:{self.port}", **self.headers, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, data

    def login(self, email: str) -> None:
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page answered {status}")
        form = {"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        status, _body = self.request(
            "POST",
            "/accounts/login/",
            body=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {email} failed ({status})")

    def timed(self, path: str, count: int) -> list[float]:
        for _ in range(WARMUP):
            self.expect_ok(path)
        times = []
        for _ in range(count):
            start = time.perf_counter()
            self.expect_ok(path)
            times.append((time.perf_counter() - start) * 1000)
        return times

    def expect_ok(self, path: str) -> None:
        status, _body = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def _api_token(email: str) -> str:
    """A read token for the API targets (the command exists once /api/v1 is merged)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("token", "create", email, "--scope", "read", stdout=out)
    return out.getvalue().strip().split()[-1]


def page_queries(target: Target, path: str, headers: dict) -> list[str]:
    """The SQL the page runs for this persona, captured in-process."""
    from accounts.models import User

    client = Client(SERVER_NAME="127.0.0.1", headers=headers)
    if not target.api:
        client.force_login(User.objects.get(email=PERSONAS[target.persona]))
    client.get(path)  # warm the process (templates, translations, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"in-process GET {path} answered {response.status_code}")
    return [query["sql"] for query in captured.captured_queries]


def sql_floor(queries: list[str], count: int) -> list[float]:
    """Replay the captured queries `count` times (fetching every row); each replay in a
    transaction rolled back at the end, so savepoints and session writes replay harmlessly."""
    # The replay is its own transaction: the page's own BEGIN/COMMIT (a cache write) would nest,
    # which SQLite refuses.
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    queries = [sql for sql in queries if not sql.lstrip().upper().startswith(control)]
    times = []
    for i in range(count + WARMUP):
        with transaction.atomic():
            start = time.perf_counter()
            with connection.cursor() as cursor:
                for sql in queries:
                    cursor.execute(sql)
                    if cursor.description is not None:
                        cursor.fetchall()
            elapsed = (time.perf_counter() - start) * 1000
            transaction.set_rollback(True)
        if i >= WARMUP:
            times.append(elapsed)
    return times


def measure(base_url: str, *, db: str, scale: str, requests: int = 200, log=print) -> list[dict]:
    import os

    load_start = os.getloadavg()[0]
    context = Context()
    anonymous = HttpClient(base_url)
    framework = percentile(anonymous.timed("/bench/floor", requests), 95)
    log(f"framework floor p95 {framework:.1f} ms")
    clients: dict[tuple[str, bool], HttpClient] = {}
    rows = []
    for target in TARGETS:
        email = PERSONAS[target.persona]
        key = (target.persona, target.api)
        headers = {}
        if key not in clients:
            clients[key] = HttpClient(base_url)
            if target.api:
                clients[key].headers["Authorization"] = f"Bearer {_api_token(email)}"
            else:
                clients[key].login(email)
        if target.api:
            headers = dict(clients[key].headers)
        path = context.path(target)
        times = clients[key].timed(path, requests)
        queries = page_queries(target, path, headers)
        floor = percentile(sql_floor(queries, requests), 95)
        p95 = percentile(times, 95)
        row = {
            "name": target.name,
            "db": db,
            "scale": scale,
            "requests": len(times),
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(p95, 1),
            "p99_ms": round(percentile(times, 99), 1),
            "queries": len(queries),
            "framework_floor_ms": round(framework, 1),
            "sql_floor_ms": round(floor, 1),
            "ratio": round(p95 / (framework + floor), 2),
        }
        log(" | ".join(f"{k}={v}" for k, v in row.items() if k not in ("db", "scale")))
        rows.append(row)
    # Other work on the machine slows every figure: say how busy it was.
    rows.append(
        {
            "name": "machine",
            "db": db,
            "scale": scale,
            "cpus": os.cpu_count(),
            "load_average_1m_start": round(load_start, 2),
            "load_average_1m_end": round(os.getloadavg()[0], 2),
        }
    )
    return rows


def verdict(row: dict) -> str:
    """Which SPEC targets a page row misses ("" when it meets them all)."""
    limit = API_P95_MS if row["name"].startswith("API") else PAGE_P95_MS
    missed = []
    if row["p95_ms"] > limit:
        missed.append(f"p95 > {limit} ms")
    if row["ratio"] > MAX_RATIO:
        missed.append(f"ratio > {MAX_RATIO}")
    if row["queries"] > max_queries(row["name"]):
        missed.append(f"queries > {max_queries(row['name'])}")
    return ", ".join(missed)


def markdown(rows: list[dict]) -> str:
    """The results as a Markdown table (page rows; other rows listed below it)."""
    pages = [r for r in rows if "p95_ms" in r]
    lines = [
        "| target | requests | p50 ms | p95 ms | p99 ms | queries | framework floor ms "
        "| SQL floor ms | ratio | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in pages:
        missed = verdict(r)
        lines.append(
            f"| {r['name']} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} "
            f"| {r['queries']} | {r['framework_floor_ms']} | {r['sql_floor_ms']} | {r['ratio']} "
            f"| {'met' if not missed else 'missed: ' + missed} |"
        )
    for r in rows:
        if "p95_ms" not in r:
            fields = ", ".join(f"{k} {v}" for k, v in r.items() if k not in ("name",))
            lines.append(f"\n- **{r['name']}**: {fields}")
    return "\n".join(lines) + "\n"
