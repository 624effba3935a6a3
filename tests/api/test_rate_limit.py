"""Rate limits per caller, counted in the shared cache: a 429 with Retry-After past the limit,
and the same count seen by two separate server processes."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from api import actions as api_actions
from tests.api.conftest import api_client, role_of


def test_past_the_limit_callers_get_429_with_retry_after(cast, settings):
    settings.API_RATE_LIMIT = "5/min"
    raw = api_actions.create_token(
        cast.owner, name="x", scope="read", role_key=role_of(cast.owner, "agency").key
    )[1]
    client = api_client(raw)
    codes = [client.get("/api/v1/offers").status_code for _ in range(7)]
    assert codes == [200] * 5 + [429] * 2
    refused = client.get("/api/v1/offers")
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    other = api_client(
        api_actions.create_token(
            cast.brand, name="y", scope="read", role_key=role_of(cast.brand, "brand").key
        )[1]
    )
    assert other.get("/api/v1/offers").status_code == 200  # counted per caller


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(transactional_db):
    """Two gunicorn processes on different ports, one database (the test's) and its cache."""
    from django.conf import settings

    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = os.environ | {
        "DATABASE_URL": url,
        "API_RATE_LIMIT": "6/min",
        "TALENTDESK_VAR_DIR": str(settings.VAR_DIR),
    }
    ports, procs = [_free_port(), _free_port()], []
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    for port in ports:
        procs.append(
            subprocess.Popen(
                [gunicorn, "talentdesk.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    for port in ports:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
    yield ports
    for proc in procs:
        proc.terminate()
        proc.wait(10)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two processes share PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_server_processes_share_one_count(two_servers):
    from talentdesk import demo

    if demo.is_empty():
        demo.load()
    from tests.conftest import build_cast

    cast = build_cast()
    raw = api_actions.create_token(
        cast.owner, name="x", scope="read", role_key=role_of(cast.owner, "agency").key
    )[1]
    codes = []
    for i in range(8):  # alternate between the two processes
        request = urllib.request.Request(
            f"http://127.0.0.1:{two_servers[i % 2]}/api/v1/offers",
            headers={"Authorization": f"Bearer {raw}", "Host": "127.0.0.1"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                codes.append(response.status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)
    assert codes == [200] * 6 + [429] * 2
