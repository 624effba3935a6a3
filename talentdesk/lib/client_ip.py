"""The address of the client a request came from, behind zero or more trusted reverse proxies.

Without `TRUSTED_PROXIES` (the default) the answer is REMOTE_ADDR, the socket's peer, and any
X-Forwarded-For header is ignored: anyone can send one. With it, a request whose REMOTE_ADDR is
one of the trusted proxies is walked back through X-Forwarded-For from right to left (each proxy
appends the address it received the request from), skipping the trusted proxies; the first
address that is not one of them is the client. Everything left of it was written by the client
and is never read.

An entry that is not a plain IP address (garbage, an empty slot, a port, a zone id) ends the walk,
as does the left end of the header: the answer is then the last trusted hop read, which is
REMOTE_ADDR itself when the header is missing or its rightmost entry is unreadable. That is the
furthest address a trusted proxy vouched for. Nothing here raises on what a request contains.
"""

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted_proxies(entries: Iterable[str]) -> tuple[Network, ...]:
    """The networks of TRUSTED_PROXIES (addresses become one-address networks); raises
    ImproperlyConfigured naming the first entry that is neither, so a typo stops start-up."""
    if isinstance(entries, str):
        raise ImproperlyConfigured("TRUSTED_PROXIES must be a list of addresses, not one string")
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES entries must be IP addresses or networks such as 10.0.0.0/8, "
                f"not {entry!r}"
            ) from None
    return tuple(networks)


@lru_cache(maxsize=16)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    # Keyed on the setting's value, so a test (or anything else) changing it is seen at once.
    return parse_trusted_proxies(entries)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id is not None:
            return None  # fe80::1%eth0 is not storable (PostgreSQL inet refuses it)
        # ::ffff:10.0.0.1 is how a dual-stack socket shows an IPv4 peer.
        return address.ipv4_mapped or address
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address by the rule above; None when the request has no REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", None) or ()))
    hop = _address(remote) if remote and networks else None
    if hop is None or not _is_trusted(hop, networks):
        return remote
    client = remote
    # A missing header splits into one empty entry, which ends the walk at once.
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            break
        client = str(address)
        if not _is_trusted(address, networks):
            break
    return client
