"""Caps on failed sign-ins, counted in the shared cache so every worker sees the same figures.

Per account: LOGIN_FAILURES_PER_ACCOUNT failures in LOGIN_WINDOW lock password sign-in for that
address until the window passes or a password reset (the documented unlock path) clears it.
Per IP: LOGIN_FAILURES_PER_IP failures in the window.
"""

from django.conf import settings
from django.core.cache import cache

from accounts.models import normalize_email


def _keys(email: str, ip: str | None) -> list[str]:
    keys = [f"login-fail:acct:{normalize_email(email)}"]
    if ip:
        keys.append(f"login-fail:ip:{ip}")
    return keys


def is_locked(email: str, ip: str | None) -> bool:
    counts = cache.get_many(_keys(email, ip))
    account, *by_ip = _keys(email, ip)
    if counts.get(account, 0) >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        return True
    return bool(by_ip) and counts.get(by_ip[0], 0) >= settings.LOGIN_FAILURES_PER_IP


def record_failure(email: str, ip: str | None) -> None:
    for key in _keys(email, ip):
        cache.add(key, 0, timeout=settings.LOGIN_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_WINDOW)


def clear(email: str) -> None:
    cache.delete(f"login-fail:acct:{normalize_email(email)}")
