"""Scale-out, for real: two app servers (separate gunicorn processes, different ports) and two
task workers share one PostgreSQL database and one Redis. Nothing a request needs may live in one
process: a session made on one server works on the other, failed sign-ins counted on one lock
the account on the other, and a task enqueued by either runs exactly once.

Runs only when SCALEOUT_DATABASE_URL (a PostgreSQL database this test may drop and recreate) and
REDIS_URL are set: scripts/test's last stage sets them (`pytest -m scaleout`).
"""

import os
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.generate import PASSWORD, brand_slug, creator_email, owner_email
from bench.harness import fresh_postgres, stop, wait_for
from bench.measure import HttpClient

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
DATABASE_URL = os.environ.get("SCALEOUT_DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
FIRST_PORT = int(os.environ.get("SCALEOUT_PORT", "8041"))
PORTS = [FIRST_PORT, FIRST_PORT + 1]
FAILURES_ALLOWED = 3

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(
        not (DATABASE_URL.startswith("postgres") and REDIS_URL),
        reason="needs SCALEOUT_DATABASE_URL (PostgreSQL) and REDIS_URL (scripts/test sets them)",
    ),
]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two gunicorn servers and two db_workers on one fresh database; yields the base URLs."""
    import redis

    var = tmp_path_factory.mktemp("scaleout")
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        TALENTDESK_VAR_DIR=str(var),
        LOGIN_FAILURES_PER_ACCOUNT=str(FAILURES_ALLOWED),
        LOG_LEVEL="WARNING",
    )
    redis.Redis.from_url(REDIS_URL).flushdb()
    fresh_postgres(DATABASE_URL)
    subprocess.run([BIN / "talentdesk", "prepare"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [BIN / "talentdesk", "bench", "generate", "--scale", "small", "--json"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    processes, logs = [], []

    def start(name, command):
        log = open(var / f"{name}.log", "w")  # noqa: SIM115 - closed below
        logs.append(log)
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        processes.append(process)

    for port in PORTS:
        start(
            f"web-{port}",
            [
                BIN / "gunicorn",
                "talentdesk.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
        )
    for n in range(2):
        start(f"worker-{n}", [BIN / "talentdesk", "db_worker", "--interval", "0.2"])
    try:
        for port in PORTS:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        yield {"a": f"http://127.0.0.1:{PORTS[0]}", "b": f"http://127.0.0.1:{PORTS[1]}", "var": var}
    finally:
        stop(processes, timeout=20)
        for log in logs:
            log.close()


def moved(client: HttpClient, base_url: str) -> HttpClient:
    """The same browser (cookies) talking to the other server."""
    other = HttpClient(base_url)
    other.cookies = dict(client.cookies)
    return other


def sql(query: str, *params):
    import psycopg

    with psycopg.connect(DATABASE_URL.replace("postgres://", "postgresql://", 1)) as conn:
        return conn.execute(query, params).fetchall()


def test_a_session_made_on_one_server_works_on_the_other(cluster):
    on_a = HttpClient(cluster["a"])
    on_a.login(owner_email(brand_slug(0)))
    on_b = moved(on_a, cluster["b"])
    status, page = on_b.request("GET", "/offers/?tab=pending")
    assert status == 200
    assert b"Brand 0000" in page
    anonymous = HttpClient(cluster["b"])
    assert anonymous.request("GET", "/offers/")[0] == 302  # the cookie is what signs in


def test_failed_sign_ins_on_one_server_lock_the_account_on_the_other(cluster):
    email = creator_email(7)

    def attempt(base_url, password):
        client = HttpClient(base_url)
        _status, page = client.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"login": email, "password": password, "csrfmiddlewaretoken": token}
        return client.request(
            "POST",
            "/accounts/login/",
            body=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )[0]

    for _ in range(FAILURES_ALLOWED):
        assert attempt(cluster["a"], "wrong password") == 200  # the form again, with an error
    # The right password, on the other server: refused, because the count is shared.
    assert attempt(cluster["b"], PASSWORD) == 429
    # Another account is untouched on either server.
    HttpClient(cluster["b"]).login(creator_email(8))


def test_a_task_enqueued_by_either_server_runs_exactly_once(cluster):
    offers = sql(
        "SELECT o.public_id FROM campaigns_offer o JOIN creators_creatorprofile c "
        "ON c.id = o.creator_id WHERE c.handle = %s ORDER BY o.id LIMIT 2",
        "creator00000",
    )
    assert len(offers) == 2
    client = HttpClient(cluster["a"])
    client.login(creator_email(0))
    for (public_id,), base_url in zip(offers, [cluster["a"], cluster["b"]], strict=True):
        writer = moved(client, base_url)
        path = f"/notifications/offers/{public_id}/"
        _status, page = writer.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"body": f"Scale-out check via {base_url}", "csrfmiddlewaretoken": token}
        status, _body = writer.request(
            "POST",
            path,
            body=urlencode(form),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 302
    notifications = sql("SELECT id FROM messaging_notification")
    assert len(notifications) >= 2  # the brand side of each offer is told
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pending = sql(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status NOT IN ('SUCCESSFUL', 'FAILED')"
        )[0][0]
        if pending == 0:
            break
        time.sleep(0.5)
    results = sql(
        "SELECT status, worker_ids, args_kwargs FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE %s",
        "%email_notification",
    )
    assert len(results) == len(notifications)
    assert {status for status, _workers, _args in results} == {"SUCCESSFUL"}
    assert all(len(workers) == 1 for _status, workers, _args in results)  # claimed once
    ran_for = sorted(args["args"][0] for _status, _workers, args in results)
    assert ran_for == sorted(pk for (pk,) in notifications)  # one task per notification
    emailed = sql("SELECT emailed_at IS NOT NULL, email_attempts FROM messaging_notification")
    assert set(emailed) == {(True, 1)}
    # Each e-mail was printed once, by whichever worker ran it.
    printed = sum(
        (cluster["var"] / f"worker-{n}.log").read_text().count("Subject:") for n in range(2)
    )
    assert printed == len(notifications)
