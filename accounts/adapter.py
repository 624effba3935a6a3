"""How allauth fits talentdesk: our spelling of e-mail addresses, our client address behind a
trusted proxy, our wording, and the security-event log for refusals (accounts/signals.py logs
the rest)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from access import audit
from access.models import SecurityEventKind
from accounts import mfa_secrets
from accounts.models import normalize_email
from talentdesk.lib.client_ip import client_ip


def _login_of(credentials: dict) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("That e-mail address and password do not match an account."),
        "account_inactive": _("This account has been closed."),
        "too_many_login_attempts": _(
            "Too many failed attempts. Try again in a few minutes, "
            "or reset your password to sign in now."
        ),
    }

    def clean_email(self, email: str) -> str:
        """One spelling per address (NFKC + casefold), as the User model stores it (AU-3)."""
        return normalize_email(email)

    def get_client_ip(self, request) -> str:
        """The client behind a trusted proxy, as the audit log sees it (docs/deploy.md)."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def save_user(self, request, user, form, commit=True):
        user.name = form.cleaned_data.get("name", "")
        user.language = getattr(request, "LANGUAGE_CODE", "en") or "en"
        return super().save_user(request, user, form, commit=commit)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys the count by the request's host, port included: two app servers (or two
        # host names) would each count alone. The address is the account, wherever it signs in.
        return _login_of(credentials).lower()

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except Exception:
            request.login_throttled = True  # the login view answers 429
            audit.security_event(
                SecurityEventKind.LOGIN_THROTTLED, email=_login_of(credentials), request=request
            )
            raise

    def authentication_failed(self, request, **credentials) -> None:
        audit.security_event(
            SecurityEventKind.LOGIN_FAILED, email=_login_of(credentials), request=request
        )


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user) -> str:
        return user.email

    def encrypt(self, text: str) -> str:
        return mfa_secrets.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_secrets.decrypt(encrypted_text)


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        sessions = list(sessions)
        super().end_sessions(sessions)
        for user in {session.user for session in sessions}:
            audit.security_event(SecurityEventKind.SESSIONS_ENDED, user=user)
