"""The judge of `make faults` (bench/faults_checks.py): the idempotent receiver, the figures line
and the misses that fail the run."""

import hashlib
import hmac
import json
import time
import urllib.request

from bench.faults_checks import Receiver, figures_line, misses, parse_figures

PASSING = {
    "acknowledged": 214,
    "lost": 0,
    "duplicates": 0,
    "partial": 0,
    "refused": [],
    "unanswered": 0,
    "recovery": 4.4,
    "recovery_limit": 30,
    "healthz_503": True,
    "events_expected": 214,
    "events_delivered": 214,
    "applied_twice": 0,
    "bad_signatures": 0,
    "emails": [428, 428],
    "uploads_refused_clearly": 3,
    "uploads_refused_badly": [],
    "uploads_stored": 9,
}


def post(receiver, event_id, body=b'{"id": "x"}', secret="whsec_test"):
    timestamp = str(int(time.time()))
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    request = urllib.request.Request(
        receiver.url,
        data=body,
        method="POST",
        headers={
            "Talentdesk-Event-Id": event_id,
            "Talentdesk-Timestamp": timestamp,
            "Talentdesk-Signature": f"v1={mac.hexdigest()}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_21_the_receiver_applies_each_event_once_however_often_it_comes():
    receiver = Receiver("whsec_test")
    receiver.start()
    try:
        assert post(receiver, "e-1") == 200
        assert post(receiver, "e-1") == 200  # a redelivery is acknowledged...
        assert post(receiver, "e-2") == 200
        assert receiver.applied == {"e-1": 1, "e-2": 1}  # ...and not applied again
        assert receiver.duplicates == 1 and receiver.applied_twice == 0
        assert receiver.applied_ids() == {"e-1", "e-2"}
        assert post(receiver, "e-3", secret="forged") == 401
        assert receiver.bad_signatures == 1 and "e-3" not in receiver.applied
    finally:
        receiver.stop()


def test_21_the_figures_fit_on_one_line_and_read_back():
    line = figures_line(PASSING)
    assert line == (
        "0 acknowledged writes lost, 0 duplicates, 0 partial rows, recovery 4 s, "
        "214/214 events delivered, 428/428 e-mails sent, upload refused clearly: yes"
    )
    assert "\n" not in line
    back = parse_figures("[faults] " + line)
    assert back["lost"] == 0 and back["events"] == back["delivered"] == 214
    assert back["recovery"] == 4 and back["clear"] is True
    assert parse_figures("all good") is None


def test_21_a_passing_run_has_no_miss_and_each_fault_is_one():
    assert misses(PASSING) == []
    failing = {
        "lost": 1,
        "duplicates": 2,
        "partial": 1,
        "recovery": 31,
        "healthz_503": False,
        "events_delivered": 213,
        "applied_twice": 1,
        "emails": [428, 427],
        "uploads_refused_clearly": 0,
        "uploads_refused_badly": [(500, "Server Error")],
        "refused": [("k", 409, "{}")],
        "unanswered": 1,
    }
    for key, value in failing.items():
        assert len(misses(PASSING | {key: value})) == 1, key
    none = figures_line(PASSING | {"recovery": None, "uploads_refused_clearly": 0})
    assert "recovery none" in none and "upload refused clearly: no" in none
    assert json.dumps(PASSING)  # the results file is written from plain data
