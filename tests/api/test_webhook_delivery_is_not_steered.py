"""A webhook receiver cannot steer the sender to another address: no redirect is followed, the
host name is resolved once and the connection goes to the address that was checked, and TLS
still verifies the certificate against the host name."""

import socket
import ssl
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.utils import timezone

from api import actions as api_actions
from api import webhook_http, webhooks
from api.models import WebhookDelivery
from campaigns import actions as offer_actions
from talentdesk.lib.errors import ActionError
from tests.api.conftest import role_of

PUBLIC = "93.184.216.34"  # a global address; nothing is ever sent to it (connect is faked)


class Server:
    """A local HTTP server answering every request with `status` and `headers`; it keeps the
    method, path, headers and body of each request, whatever the method."""

    def __init__(self, status=200, headers=None):
        self.calls = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.calls.append((self.command, self.path, dict(self.headers), raw))
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_HEAD = answer

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    made = []

    def make(status=200, headers=None):
        made.append(Server(status, headers))
        return made[-1]

    yield make
    for s in made:
        s.close()


class FakeDNS:
    """Stands for socket.getaddrinfo: the n-th lookup gets the n-th answer (the last one once
    they run out); every looked-up name is kept."""

    def __init__(self, *answers):
        self.answers, self.lookups = answers, []

    def __call__(self, host, port, family=0, type=0, proto=0, flags=0):
        self.lookups.append(host)
        ips = self.answers[min(len(self.lookups), len(self.answers)) - 1]
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port, 0, 0))
            if ":" in ip
            else (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port))
            for ip in ips
        ]


@pytest.fixture
def connections(monkeypatch):
    """Every TCP connection attempted; none is made (each is refused on the spot)."""
    attempted = []

    def connect(sock, address):
        attempted.append(address[:2])
        raise ConnectionRefusedError(111, "Connection refused (the test lets nothing out)")

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempted


def pending_delivery(cast, offer, url):
    """An endpoint of GlowSkin's at url (registered with the DNS of that moment) and the
    delivery of the offer's acceptance, waiting in the outbox."""
    endpoint = api_actions.create_endpoint(
        role_of(cast.brand, "brand"), actor=cast.brand, url=url, events=["offer.accepted"]
    )
    offer_actions.accept_offer(
        offer, role=role_of(cast.creator, "creator"), actor=cast.creator, seen_version=1
    )
    return WebhookDelivery.objects.get(endpoint=endpoint)


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_issue14_break13_a_redirect_is_not_followed_and_counts_as_a_failed_attempt(
    cast, offer, server, settings, code
):
    """Issue #14, break 13: a receiver answering 3xx made the sender call the Location (here a
    second local server; it could be 127.0.0.1:5432 or 169.254.169.254). Even with
    WEBHOOK_ALLOW_PRIVATE, the redirect is an error, retried and then failed like a 500."""
    settings.WEBHOOK_ALLOW_PRIVATE = True  # lets the loopback receiver in, not its redirects
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    elsewhere = server()
    redirecting = server(code, {"Location": elsewhere.url})
    delivery = pending_delivery(cast, offer, redirecting.url)

    assert webhooks.deliver(delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code) == (1, code)
    assert delivery.last_error == f"HTTP {code}: redirects are not followed"
    with time_machine.travel(timezone.now() + timedelta(minutes=1, seconds=5)):
        webhooks.send_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert [c[:2] for c in redirecting.calls] == [("POST", "/hook")] * 2
    assert elsewhere.calls == []


@pytest.mark.parametrize("inside", ["127.0.0.1", "169.254.169.254", "10.0.0.5", "::1"])
def test_issue14_break13_a_second_dns_answer_does_not_move_the_connection(
    cast, offer, settings, monkeypatch, connections, inside
):
    """Issue #14, break 13: the host name was checked with one DNS lookup and connected to with
    another, so a name answering a public address and then `inside` (DNS rebinding) got the
    POST sent inside. It is now resolved once and the checked address is the one dialled."""
    settings.WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS([PUBLIC]))
    delivery = pending_delivery(cast, offer, "https://hooks.example.com/talentdesk")
    rebinding = FakeDNS([PUBLIC], [inside])
    monkeypatch.setattr(socket, "getaddrinfo", rebinding)

    assert webhooks.deliver(delivery.pk) == "pending"
    assert connections == [(PUBLIC, 443)]
    assert rebinding.lookups == ["hooks.example.com"]
    delivery.refresh_from_db()
    assert delivery.last_status_code is None and "Connection refused" in delivery.last_error


@pytest.mark.parametrize(
    "answer",
    [["127.0.0.1"], ["169.254.169.254"], ["10.0.0.5"], ["fd00::5"], [PUBLIC, "169.254.169.254"]],
    ids=["loopback", "metadata", "private", "unique-local", "one-of-two"],
)
def test_a_name_now_pointing_inside_is_refused_without_connecting(
    cast, offer, settings, monkeypatch, connections, answer
):
    """Registered while public, the name now answers a private, loopback or link-local address
    (at least one of its addresses): the attempt fails before any connection, to be retried."""
    settings.WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS([PUBLIC]))
    delivery = pending_delivery(cast, offer, "https://hooks.example.com/talentdesk")
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS(answer))

    assert webhooks.deliver(delivery.pk) == "pending"
    assert connections == []
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code) == (1, None)
    assert delivery.last_error == "This address is inside a private network."


def test_a_name_pointing_at_the_metadata_address_cannot_be_registered(cast, settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS(["169.254.169.254"]))
    with pytest.raises(ActionError, match="inside a private network"):
        api_actions.create_endpoint(
            role_of(cast.brand, "brand"),
            actor=cast.brand,
            url="https://metadata.example.com/",
            events=["offer.accepted"],
        )


def test_https_sends_the_host_name_for_sni_and_verifies_the_certificate(settings, monkeypatch):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS([PUBLIC]))
    connected, wrapped = [], []
    monkeypatch.setattr(socket.socket, "connect", lambda sock, address: connected.append(address))

    def wrap_socket(context, sock, server_hostname=None, **kwargs):
        wrapped.append((server_hostname, context.check_hostname, context.verify_mode))
        raise ssl.SSLCertVerificationError(1, "stopped by the test")

    monkeypatch.setattr(ssl.SSLContext, "wrap_socket", wrap_socket)

    code, error = webhook_http.post("https://Hooks.Example.com/in?x=1", b"{}", {}, timeout=5)
    assert connected == [(PUBLIC, 443)]
    assert wrapped == [("hooks.example.com", True, ssl.CERT_REQUIRED)]
    assert code is None and error.endswith("stopped by the test")


def test_the_receiver_sees_its_host_name_and_every_header(
    cast, offer, server, settings, monkeypatch
):
    """The connection goes to the checked address, but the request is the same as before."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    hook = server()
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS(["127.0.0.1"]))
    delivery = pending_delivery(cast, offer, f"http://hooks.internal:{hook.port}/in?team=7")

    assert webhooks.deliver(delivery.pk) == "succeeded"
    [(method, path, headers, raw)] = hook.calls
    assert (method, path, headers["Host"]) == ("POST", "/in?team=7", f"hooks.internal:{hook.port}")
    assert headers["Content-Type"] == "application/json"
    assert headers["User-Agent"] == "talentdesk-webhooks/1"
    assert headers["Talentdesk-Event"] == "offer.accepted"
    assert headers["Talentdesk-Event-Id"] == str(delivery.event_id)
    assert webhooks.verify_signature(
        delivery.endpoint.secret,
        headers["Talentdesk-Signature"],
        headers["Talentdesk-Timestamp"],
        raw,
    )


def test_each_checked_address_is_tried_in_turn(server, settings, monkeypatch):
    """Like the standard library's create_connection: ::1 refuses, 127.0.0.1 answers."""
    settings.WEBHOOK_ALLOW_PRIVATE = True
    hook = server()
    monkeypatch.setattr(socket, "getaddrinfo", FakeDNS(["::1", "127.0.0.1"]))
    assert webhook_http.post(f"http://hooks.internal:{hook.port}/", b"{}", {}, 5) == (200, "")
    assert len(hook.calls) == 1
