"""Asking for the second factor again before a sensitive step (an API token is a credential)."""

import time
from functools import wraps

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.utils import is_mfa_enabled
from django.urls import reverse


def used_second_factor_recently(request) -> bool:
    """Whether this session passed the second factor again (not only at sign-in) within allauth's
    re-authentication timeout."""
    records = get_authentication_records(request, request.user)
    recent = [r["at"] for r in records if r.get("method") == "mfa" and r.get("reauthenticated")]
    return bool(recent) and time.time() - recent[-1] < account_settings.REAUTHENTICATION_TIMEOUT


def second_factor_again(view):
    """A POST from an account with a second factor goes through allauth's second-factor
    re-authentication first, unless the session used it within the timeout; allauth then
    replays the POST. Accounts without one, and GETs, pass."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method == "POST"
            and request.user.is_authenticated
            and is_mfa_enabled(request.user)
            and not used_second_factor_recently(request)
        ):
            return suspend_request(request, reverse("mfa_reauthenticate"))
        return view(request, *args, **kwargs)

    return wrapper
