"""Sending one webhook without being steered to another address (SSRF, issue #14).

A receiver's URL is chosen by a customer, so the sender must not let that receiver, or its DNS,
point talentdesk at 127.0.0.1, the private network or 169.254.169.254 (cloud metadata):

- no redirect is followed: a 3xx answer is a failed attempt, retried like any other;
- the host name is resolved once, every address is checked, and the TCP connection is opened to
  those checked addresses; a second DNS answer (rebinding) is never asked for.

TLS still sends the host name (SNI) and verifies the certificate against it, and the `Host`
header stays the host name: only the lookup is pinned. Proxy variables (`HTTPS_PROXY`) are not
used, since a proxy would resolve the name again.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_PORTS = {"https": 443, "http": 80}


def refused_host(url: str) -> str | None:
    """Why this address may not receive webhooks, or None. Private and loopback addresses are
    refused unless WEBHOOK_ALLOW_PRIVATE is set (a receiver inside your own network)."""
    return _check(url, resolve=not settings.WEBHOOK_ALLOW_PRIVATE)[1]


def post(url: str, body: bytes, headers: dict, timeout) -> tuple[int | None, str]:
    """POST body to url once, following no redirect, over a connection to the addresses that
    were checked; returns (status code or None, error text or "")."""
    addresses, problem = _check(url)
    if problem:
        return None, str(problem)
    parts = urlsplit(url)
    kind = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = kind(parts.hostname, parts.port, addresses=addresses, timeout=timeout)
    try:
        connection.request("POST", target, body=body, headers=headers)
        status = connection.getresponse().status
    except (OSError, http.client.HTTPException) as error:
        return None, (str(error) or type(error).__name__)[:300]
    finally:
        connection.close()
    if 300 <= status < 400:
        return status, _("HTTP %(code)s: redirects are not followed") % {"code": status}
    if not 200 <= status < 300:
        return status, f"HTTP {status}"
    return status, ""


def _check(url: str, *, resolve: bool = True) -> tuple[list, str | None]:
    """Resolve the host name once and check each address: (the addresses, None), or
    ([], why not). With resolve=False only the form of the URL is checked."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)  # ValueError: a port out of range
    except ValueError:
        return [], _("Give a full http(s) address.")
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return [], _("Give a full http(s) address.")
    if parts.scheme == "http" and not settings.WEBHOOK_ALLOW_PRIVATE:
        return [], _("Use https.")
    if not resolve:
        return [], None
    try:
        addresses = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError):  # gaierror, and names that are not valid IDNA
        return [], _("This host name does not resolve.")
    if not addresses:
        return [], _("This host name does not resolve.")
    if not settings.WEBHOOK_ALLOW_PRIVATE:
        for address in addresses:
            if not ipaddress.ip_address(address[4][0]).is_global:
                return [], _("This address is inside a private network.")
    return addresses, None


def _open(addresses: list, timeout) -> socket.socket:
    """A TCP connection to the first checked address that answers (as create_connection does,
    but without resolving anything)."""
    failure = None
    for family, kind, proto, _canonname, sockaddr in addresses:
        sock = None
        try:
            sock = socket.socket(family, kind, proto)  # fails where IPv6 is switched off
            sock.settimeout(timeout)
            sock.connect(sockaddr)
        except OSError as error:
            if sock is not None:
                sock.close()
            failure = error
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise failure  # addresses is never empty: _check refuses an empty answer


class _HTTPConnection(http.client.HTTPConnection):
    """Plain HTTP (only with WEBHOOK_ALLOW_PRIVATE) to the addresses that were checked."""

    def __init__(self, host, port, *, addresses, timeout):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self):
        self.sock = _open(self.addresses, self.timeout)


class _HTTPSConnection(http.client.HTTPSConnection):
    """TLS to the addresses that were checked; SNI and the certificate check use the host name."""

    def __init__(self, host, port, *, addresses, timeout):
        self.tls = ssl.create_default_context()  # verifies the certificate and its host name
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.addresses = addresses

    def connect(self):
        sock = _open(self.addresses, self.timeout)
        try:
            self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
