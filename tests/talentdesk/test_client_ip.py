"""The rule deciding a request's client address: REMOTE_ADDR, unless it is a trusted proxy whose
X-Forwarded-For is walked right to left (talentdesk/lib/client_ip.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from talentdesk.lib.client_ip import client_ip, parse_trusted_proxies

PROXY = "10.0.0.1"
CLIENT = "203.0.113.7"
ROOT = Path(__file__).resolve().parents[2]


def request_from(remote: str | None, forwarded: str | None = None):
    request = RequestFactory().get("/")
    if remote is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    return settings


def test_without_trusted_proxies_a_spoofed_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from(CLIENT, "198.51.100.1")) == CLIENT
    assert client_ip(request_from(PROXY, "198.51.100.1")) == PROXY


def test_the_default_setting_trusts_no_proxy(settings):
    assert settings.TRUSTED_PROXIES == []
    assert client_ip(request_from("127.0.0.1", "198.51.100.1")) == "127.0.0.1"


def test_behind_a_trusted_proxy_the_client_comes_from_the_header(behind_proxy):
    assert client_ip(request_from(PROXY, CLIENT)) == CLIENT


def test_addresses_the_client_wrote_left_of_its_own_are_never_read(behind_proxy):
    assert client_ip(request_from(PROXY, f"198.51.100.1, 192.0.2.9, {CLIENT}")) == CLIENT


def test_an_untrusted_peer_sending_the_header_gets_its_own_address(behind_proxy):
    assert client_ip(request_from("192.0.2.50", CLIENT)) == "192.0.2.50"


def test_a_chain_of_trusted_proxies_is_skipped_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "172.16.0.5"]
    forwarded = f"198.51.100.1, {CLIENT}, 10.1.2.3, 172.16.0.5"
    assert client_ip(request_from("10.0.0.1", forwarded)) == CLIENT


def test_when_every_hop_is_trusted_the_furthest_one_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.1", "10.9.9.9, 10.0.0.2")) == "10.9.9.9"


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        (["::1"], "::1", " 2001:DB8:0:0::7 ", "2001:db8::7"),  # canonical form
        (["fd00::/8"], "fd00::1", "2001:db8::7, fd12::3", "2001:db8::7"),
        (["10.0.0.0/8", "::1"], "::1", f"{CLIENT}, 10.0.0.2", CLIENT),
        (["10.0.0.1"], "::ffff:10.0.0.1", CLIENT, CLIENT),  # a dual-stack socket's IPv4 peer
        (["::1"], "::1", "::ffff:203.0.113.7", CLIENT),
    ],
)
def test_ipv6_proxies_and_clients(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(remote, forwarded)) == expected


def test_spaces_around_entries_are_tolerated(behind_proxy):
    assert client_ip(request_from(PROXY, f"  198.51.100.1 ,\t{CLIENT}  ")) == CLIENT


@pytest.mark.parametrize(
    "forwarded",
    [None, "", "   ", "garbage", "unknown", f"{CLIENT}:4711", "fe80::1%eth0", f"{CLIENT},", "\x00"],
)
def test_a_missing_or_unreadable_header_falls_back_to_remote_addr(behind_proxy, forwarded):
    assert client_ip(request_from(PROXY, forwarded)) == PROXY


def test_an_unreadable_entry_ends_the_walk_at_the_last_trusted_hop(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_ip(request_from("10.0.0.1", f"{CLIENT}, garbage, 10.0.0.2")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.1", f"{CLIENT},, 10.0.0.2")) == "10.0.0.2"


def test_a_request_without_remote_addr_has_no_address(behind_proxy):
    assert client_ip(request_from(None, CLIENT)) is None
    assert client_ip(request_from("", CLIENT)) is None


def test_an_unreadable_remote_addr_is_passed_through_as_before(behind_proxy):
    assert client_ip(request_from("unix:/run/talentdesk.sock", CLIENT)) == (
        "unix:/run/talentdesk.sock"
    )


def test_a_changed_setting_is_seen_on_the_next_request(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from(PROXY, CLIENT)) == CLIENT
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_ip(request_from(PROXY, CLIENT)) == PROXY


def test_trusted_proxies_accepts_addresses_and_networks():
    networks = parse_trusted_proxies(["127.0.0.1", " 10.0.0.0/8", "::1", "fd00::/8", "10.1.2.3/8"])
    assert [str(n) for n in networks] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
        "fd00::/8",
        "10.0.0.0/8",
    ]


@pytest.mark.parametrize(
    "entries", [["10.0.0.1", "proxy.internal"], ["10.0.0.0/33"], ["*"], "10.0.0.1"]
)
def test_an_invalid_trusted_proxy_fails_loudly(entries):
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        parse_trusted_proxies(entries)


def test_a_typo_in_the_environment_stops_start_up(tmp_path):
    env = {
        **os.environ,
        "TRUSTED_PROXIES": "10.0.0.1,10.0.0.300",
        "TALENTDESK_VAR_DIR": str(tmp_path),
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", "import talentdesk.settings"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr and "10.0.0.300" in result.stderr
