"""allauth does the account flows; these receivers keep every security event audited as before:
sign-ins, failures and sign-outs in the security-event log, a new account and a changed e-mail
address in the audit log (SPEC §9 Audit; RELIABILITY.md AL-2)."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.db import transaction
from django.dispatch import receiver

from access import audit
from access.events import Event
from access.models import ActingAs, AuditEventType, SecurityEventKind
from accounts.middleware import SECOND_FACTOR_CHECKED
from talentdesk.lib.events import publish


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts.login")
def log_sign_in(sender, request, user, **kwargs):
    if request is not None:
        audit.security_event(SecurityEventKind.LOGIN, user=user, request=request)
        request.session.pop(SECOND_FACTOR_CHECKED, None)  # each sign-in asks again


@receiver(auth_signals.user_logged_out, dispatch_uid="accounts.logout")
def log_sign_out(sender, request, user, **kwargs):
    if user is not None and request is not None:
        audit.security_event(SecurityEventKind.LOGOUT, user=user, request=request)


@receiver(account_signals.user_signed_up, dispatch_uid="accounts.signed-up")
def audit_account_created(sender, request, user, **kwargs):
    with transaction.atomic():
        publish(
            Event(
                type=AuditEventType.ACCOUNT_CREATED,
                actor=user,
                acting_as=ActingAs.USER,
                target=user,
            )
        )


@receiver(account_signals.password_changed, dispatch_uid="accounts.password-changed")
@receiver(account_signals.password_set, dispatch_uid="accounts.password-set")
def log_password_changed(sender, request, user, **kwargs):
    audit.security_event(SecurityEventKind.PASSWORD_CHANGED, user=user, request=request)


@receiver(account_signals.password_reset, dispatch_uid="accounts.password-reset")
def log_password_reset(sender, request, user, **kwargs):
    audit.security_event(
        SecurityEventKind.PASSWORD_RESET, user=user, email=user.email, request=request
    )


@receiver(account_signals.email_changed, dispatch_uid="accounts.email-changed")
def audit_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    old = from_email_address.email if from_email_address else ""
    new = to_email_address.email
    audit.security_event(SecurityEventKind.EMAIL_CHANGED, user=user, email=new, request=request)
    with transaction.atomic():
        publish(
            Event(
                type=AuditEventType.PROFILE_UPDATED,
                actor=user,
                acting_as=ActingAs.USER,
                target=user,
                changes={"email": [old, new]},
            )
        )


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.mfa-added")
@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts.mfa-reset")
def log_second_factor_added(sender, request, user, authenticator, **kwargs):
    audit.security_event(SecurityEventKind.MFA_ADDED, user=user, request=request)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.mfa-removed")
def log_second_factor_removed(sender, request, user, authenticator, **kwargs):
    audit.security_event(SecurityEventKind.MFA_REMOVED, user=user, request=request)
    request.session.pop(SECOND_FACTOR_CHECKED, None)


@receiver(mfa_signals.authentication_failed, dispatch_uid="accounts.mfa-failed")
def log_second_factor_failed(sender, request, user, **kwargs):
    audit.security_event(SecurityEventKind.MFA_FAILED, email=user.email, request=request)
