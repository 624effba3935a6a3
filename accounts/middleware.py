import zoneinfo

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _


class UserPreferencesMiddleware:
    """Shows a signed-in user's pages in their own language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # The thread serves the next request (or a test, or a worker's task) next: it must
            # not inherit this request's language (the user's, or LocaleMiddleware's from
            # Accept-Language for an API token).
            translation.deactivate()


# What a user who must set up a second factor can still open: the set-up itself (with the
# password re-entry it asks for), e-mail verification, signing out, and the language switch.
SECOND_FACTOR_SETUP_PAGES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_list_webauthn",
    "mfa_add_webauthn",
    "mfa_reauthenticate_webauthn",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "account_logout",
    "account_confirm_email",
    "account_email_verification_sent",
    "accounts:language",
}


# Set once a session's user is known not to need the set-up; a sign-in or a removed second
# factor clears it (accounts/signals.py), so a new owner is asked at the next sign-in.
SECOND_FACTOR_CHECKED = "accounts.second-factor-checked"


class SecondFactorRequiredMiddleware:
    """Sends agency owners/admins and platform admins without a second factor to its set-up page
    before anything else (AU-6). Demo accounts are exempt (SPEC §9); API tokens are not sessions
    and pass (their creation asks for the factor again, api/views.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        exempt = request.path.startswith(_EXEMPT_PREFIXES)
        if user.is_authenticated and not exempt and self._must_set_up(request, user):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request, user) -> bool:
        if user.is_demo or request.session.get(SECOND_FACTOR_CHECKED) == user.pk:
            return False  # (demo accounts: no query, and no session write either)
        try:
            name = resolve(request.path_info).view_name
        except Resolver404:
            return False
        if name in SECOND_FACTOR_SETUP_PAGES:
            return False
        if user.needs_second_factor and not is_mfa_enabled(user):
            messages.info(
                request,
                _(
                    "Owners and admins of an agency, and platform admins, sign in with a second "
                    "factor. Set up an authenticator app to go on."
                ),
            )
            return True
        request.session[SECOND_FACTOR_CHECKED] = user.pk
        return False


_EXEMPT_PREFIXES = ("/static/", "/api/", "/healthz")
