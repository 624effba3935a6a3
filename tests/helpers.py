"""Small helpers shared by tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)


def with_second_factor(user):
    """`user` with an authenticator app set up, as a real agency owner or platform admin must
    have (accounts/middleware.py); returns the TOTP secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
