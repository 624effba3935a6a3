"""Every URL pattern's view must say who may open it (access.decorators). A new page without a
declaration fails here before it can leak anything."""

from django.urls import URLPattern, URLResolver, get_resolver

from access.decorators import ATTRIBUTE

# Django's admin has its own staff-only checks; everything else is ours.
EXEMPT_NAMESPACES = {"admin"}
PUBLIC = {
    "home": "login",
    "messaging:notifications": "login",
    "healthz": "public",
    # allauth's pages for people not signed in yet (accounts/allauth_urls.py)
    "account_login": "public",
    "account_logout": "public",
    "account_inactive": "public",
    "account_signup": "public",
    "account_email_verification_sent": "public",
    "account_confirm_email": "public",
    "account_reset_password": "public",
    "account_reset_password_done": "public",
    "account_reset_password_from_key": "public",
    "account_reset_password_from_key_done": "public",
    "mfa_authenticate": "public",
    "mfa_login_webauthn": "public",  # passkey sign-in: the key is the credential
    "accounts:language": "public",
    "accounts:invitation": "public",
    "access:creator-invitation": "public",  # an agency's e-mailed invitation (issue 17)
    "messaging:feed": "public",  # the private ICS token is the credential (SPEC §9)
    # issue 19 (D): a creator's media kit, while she has it on; its unguessable slug is the link
    "media_kit:kit": "public",
    "media_kit:kit-pdf": "public",
    # issue 20 (F): a brand contact's guest link, its hashed token checked on every request
    "contacts:guest": "public",
    "contacts:guest-counter": "public",
    "contacts:guest-sign": "public",
    "contacts:guest-contract": "public",
    "contacts:guest-draft-file": "public",
}
# The REST API's operations all require a token or a session (tests/api/test_access_matrix.py
# checks each one's security in the OpenAPI document); their views are marked "api".


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_view_declares_who_may_open_it():
    views = dict(walk(get_resolver().url_patterns))
    undeclared = sorted(name for name, view in views.items() if not getattr(view, ATTRIBUTE, None))
    assert undeclared == []
    print(f"\n{len(views)} URL patterns, each with a declared access rule")


def test_public_pages_are_exactly_the_listed_ones():
    views = dict(walk(get_resolver().url_patterns))
    public = {name for name, view in views.items() if getattr(view, ATTRIBUTE) == "public"}
    assert public == {name for name, rule in PUBLIC.items() if rule == "public"}
