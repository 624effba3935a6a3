"""Issue 17: a passkey (WebAuthn) is added from the two-factor page and then signs in without a
password. Chromium's virtual authenticator (DevTools WebAuthn domain) plays the phone or the
security key; the origin is http://localhost, which WebAuthn treats as secure."""

import pytest

from access.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.browser
PASSWORD = "demo-pass-2026"


def with_virtual_authenticator(context, page):
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})


def test_17_a_passkey_signs_in_without_a_password(world, browser, live_server, check_a11y):
    from allauth.mfa.models import Authenticator

    context = browser.new_context()
    page = context.new_page()
    with_virtual_authenticator(context, page)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("creator@creators.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)

    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)  # adding a factor asks for the password again
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/2fa/webauthn/add/")
    check_a11y(page)
    page.get_by_role("checkbox").check()  # passwordless: the key alone signs in
    page.get_by_role("button", name="Add").click()
    page.wait_for_url("**/2fa/recovery-codes/")
    key = Authenticator.objects.get(user__email="creator@creators.example", type="webauthn")
    assert key.wrap().is_passwordless
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_ADDED, user=key.user).exists()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/accounts/login/")
    check_a11y(page)
    page.get_by_role("button", name="Use a passkey instead").click()
    page.wait_for_url(lambda url: "/accounts/login" not in url)
    assert page.get_by_role("button", name="Sign out").is_visible()
    context.close()
