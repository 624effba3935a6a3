"""A new user signs up, confirms her address, sets up an authenticator app, signs out and signs in
again with a code from it (issue 17)."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "a-long-unusual-pass-77"


def totp_code(secret: str) -> str:
    """The current code, not one about to expire (the server accepts this window only)."""
    if time.time() % 30 > 28:
        time.sleep(2.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def wait_for_the_next_window() -> None:
    """A TOTP code works once: the sign-in needs the code of a later 30-second window."""
    time.sleep(30 - time.time() % 30 + 0.5)


def test_sign_up_set_up_totp_sign_out_and_sign_in_with_the_code(
    world, page, live_server, check_a11y
):
    page.goto(f"{live_server.url}/accounts/signup/")
    check_a11y(page)
    page.get_by_label("Full name").fill("Rosa Lind")
    page.get_by_label("Email").fill("rosa.lind@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    body = next(m.body for m in mail.outbox if m.to == ["rosa.lind@example.com"])
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", body).group(1)
    page.goto(f"{live_server.url}{link}")
    check_a11y(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("I am a creator")).to_be_visible()  # signed in, onboarding

    page.goto(f"{live_server.url}/accounts/2fa/")
    check_a11y(page)
    page.get_by_role("link", name="Activate").click()
    page.get_by_label("Password").fill(PASSWORD)  # allauth asks for the password again
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    check_a11y(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")
    check_a11y(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    wait_for_the_next_window()
    page.get_by_label("E-mail address").fill("rosa.lind@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    check_a11y(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("I am a creator")).to_be_visible()
