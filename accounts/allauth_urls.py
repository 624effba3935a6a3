"""allauth's account, second-factor and session pages, each declaring who may open it as our
own views do (access.decorators; tests/access/test_every_view_declares_access.py).

allauth checks sign-in itself on its private pages; we declare the rule and keep the check."""

from functools import wraps

from allauth import urls as allauth_urls
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from access.decorators import login_required, public

# Pages for people who are not signed in (yet): sign-in and its second step, sign-up, e-mail
# verification links, password reset.
PUBLIC = {
    "account_login",
    "account_logout",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_confirm_email",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "mfa_authenticate",
    "mfa_login_webauthn",
}


def _answer_429_when_throttled(view):
    """allauth refuses a throttled sign-in with a form error; we also say 429 (AU-1)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if getattr(request, "login_throttled", False) and response.status_code == 200:
            response.status_code = 429
        return response

    return wrapper


def _lock_invited_email(view):
    """Sign-up from an invitation link (access.views.creator_invitation stashed the invited
    address as verified): the address is filled in and cannot be changed, so the account is
    the invited one and needs no verification e-mail."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        email = request.session.get("account_verified_email")
        if email and request.method == "POST":
            request.POST = request.POST.copy()
            request.POST["email"] = email
        response = view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if email and form is not None and "email" in form.fields:
            form.fields["email"].initial = email
            form.fields["email"].disabled = True
            form.fields["email"].widget.attrs["readonly"] = True
            form.fields["email"].help_text = _("The address your invitation was sent to.")
        return response

    return wrapper


def _declare(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _declare(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = pattern.callback
            if pattern.name == "account_login":
                view = _answer_429_when_throttled(view)
            if pattern.name == "account_signup":
                view = _lock_invited_email(view)
            pattern.callback = public(view) if pattern.name in PUBLIC else login_required(view)
    return patterns


def _named(patterns):
    """allauth's patterns without its unnamed legacy redirects (/social/…), which would be
    pages without a name in the permission matrix."""
    return [p for p in patterns if not (isinstance(p, URLPattern) and p.name is None)]


urlpatterns = _declare([path("", include(_named(allauth_urls.urlpatterns)))])
