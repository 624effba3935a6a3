"""Sign-in throttling and the logged address behind the reverse proxy of docs/deploy.md §2."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from access.models import AuditEvent, AuditEventType, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")
PROXY = "10.0.0.1"
ATTACKER = "203.0.113.66"
VISITOR = "198.51.100.7"


@pytest.fixture(autouse=True)
def _fresh_throttle(db):
    cache.clear()  # failure counts live in the shared cache, keyed by address
    yield
    cache.clear()


def through_proxy(client_address: str) -> Client:
    """A browser at `client_address` whose requests reach the app through the proxy, which
    appends the address it saw to X-Forwarded-For."""
    return Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def fail_past_the_ip_limit(client: Client, settings, **extra) -> None:
    # A different unknown address each time, so only the per-IP cap can lock anyone out.
    for i in range(settings.LOGIN_FAILURES_PER_IP + 1):
        client.post(LOGIN, {"login": f"guess{i}@nowhere.example", "password": "x"}, **extra)


def test_issue14_break14_one_attacker_behind_the_proxy_does_not_pause_sign_in_for_everyone(
    cast, settings
):
    """Issue #14, break 14: behind a proxy every request came from the proxy's address, so one
    attacker failing LOGIN_FAILURES_PER_IP sign-ins paused password sign-in for everyone, and the
    log recorded the proxy for all of them. With TRUSTED_PROXIES set, each client is itself."""
    settings.TRUSTED_PROXIES = [PROXY]
    attacker = through_proxy(ATTACKER)
    fail_past_the_ip_limit(attacker, settings)
    locked = attacker.post(LOGIN, {"login": "guess@nowhere.example", "password": "x"})
    assert locked.status_code == 429

    visitor = through_proxy(VISITOR)
    response = visitor.post(
        LOGIN, {"login": "owner@northstar.example", "password": "demo-pass-2026"}
    )
    assert response.status_code == 302

    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED)
    assert set(failed.values_list("ip", flat=True)) == {ATTACKER}
    throttled = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_THROTTLED)
    assert set(throttled.values_list("ip", flat=True)) == {ATTACKER}
    signed_in = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN, user=cast.owner)
    assert signed_in.ip == VISITOR

    # The audit log of what the visitor then does carries the visitor's address too.
    visitor.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    event = AuditEvent.objects.filter(event_type=AuditEventType.PROFILE_UPDATED).latest("id")
    assert event.actor == cast.owner
    assert event.ip == VISITOR


def test_issue14_break14_clients_behind_a_chain_of_proxies_are_counted_apart(cast, settings):
    """Issue #14, break 14: with a load balancer in front of nginx (both trusted), the address
    the outer proxy saw is the client's, whatever the client itself put in the header."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    attacker = Client(
        HTTP_HOST="127.0.0.1",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{VISITOR}, {ATTACKER}, 10.0.0.2",  # the first entry is spoofed
    )
    fail_past_the_ip_limit(attacker, settings)
    visitor = Client(
        HTTP_HOST="127.0.0.1", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{VISITOR}, 10.0.0.2"
    )
    response = visitor.post(
        LOGIN, {"login": "owner@northstar.example", "password": "demo-pass-2026"}
    )
    assert response.status_code == 302
    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED)
    assert set(failed.values_list("ip", flat=True)) == {ATTACKER}


def test_without_trusted_proxies_a_spoofed_header_neither_dodges_the_ip_limit_nor_is_logged(
    cast, settings
):
    settings.TRUSTED_PROXIES = []
    attacker = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=ATTACKER)
    for i in range(settings.LOGIN_FAILURES_PER_IP):
        attacker.post(
            LOGIN,
            {"login": f"guess{i}@nowhere.example", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i % 250 + 1}",  # a new "address" every time
        )
    response = attacker.post(
        LOGIN,
        {"login": "owner@northstar.example", "password": "demo-pass-2026"},
        HTTP_X_FORWARDED_FOR=VISITOR,
    )
    assert response.status_code == 429
    logged = SecurityEvent.objects.filter(
        kind__in=[SecurityEventKind.LOGIN_FAILED, SecurityEventKind.LOGIN_THROTTLED]
    )
    assert logged.count() == settings.LOGIN_FAILURES_PER_IP + 1
    assert set(logged.values_list("ip", flat=True)) == {ATTACKER}


def test_a_client_reaching_the_app_around_the_proxy_is_counted_by_its_own_address(cast, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    direct = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR=ATTACKER)
    fail_past_the_ip_limit(direct, settings, HTTP_X_FORWARDED_FOR=VISITOR)
    assert set(
        SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED).values_list(
            "ip", flat=True
        )
    ) == {ATTACKER}
    response = through_proxy(VISITOR).post(
        LOGIN, {"login": "owner@northstar.example", "password": "demo-pass-2026"}
    )
    assert response.status_code == 302
