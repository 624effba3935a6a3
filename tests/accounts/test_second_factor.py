"""The second factor (allauth.mfa): required for agency owners/admins and platform admins, optional
for everyone else; TOTP codes and recovery codes each work once (AU-6)."""

import datetime as dt
import time

import pytest
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client, RequestFactory
from django.urls import reverse

from access.models import SecurityEvent, SecurityEventKind
from api.models import ApiToken

pytestmark = pytest.mark.django_db
PASSWORD = "demo-pass-2026"
TOKEN_FORM = {
    "name": "CRM sync",
    "role_key": "agency:northstar-talent",
    "scope": "read",
    "days": "90",
}


def totp_code(secret: str) -> str:
    """The current code, not one about to expire (the server accepts this window only)."""
    if time.time() % 30 > 28:
        time.sleep(2.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def next_window(time_machine):
    """next_window(): move the clock to the next 30-second TOTP window."""

    def move():
        time_machine.move_to(dt.datetime.fromtimestamp(time.time() + 30, tz=dt.UTC), tick=False)

    return move


def real(user):
    """The demo's accounts are exempt (SPEC §9); this one is treated as a real account."""
    user.is_demo = False
    user.save(update_fields=["is_demo"])
    return user


def sign_in(client: Client, user, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def set_up_totp(client: Client, password=PASSWORD) -> str:
    """From a signed-in session: confirm the password, scan (read) the secret, enter a code."""
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    if "reauthenticate" in page.redirect_chain[-1][0]:
        client.post(page.redirect_chain[-1][0], {"password": password})
        page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302, done.content
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    return secret


@pytest.fixture
def owner_with_totp(cast):
    owner = real(cast.owner)
    client = Client(HTTP_HOST="127.0.0.1")
    sign_in(client, owner)
    secret = set_up_totp(client)
    client.post(reverse("account_logout"))
    return owner, secret


def test_an_owner_without_a_second_factor_is_sent_to_set_it_up(
    cast, anon, django_capture_on_commit_callbacks, mailoutbox
):
    owner = real(cast.owner)
    assert sign_in(anon, owner).status_code == 302
    for path in ["/", reverse("agencies:roster"), reverse("accounts:team"), "/admin/"]:
        response = anon.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    with django_capture_on_commit_callbacks() as callbacks:
        set_up_totp(anon)
    with context.request_context(RequestFactory().get("/", HTTP_HOST="127.0.0.1")):
        for callback in callbacks:  # in production they run as the request's transaction ends
            callback()
    assert anon.get("/").status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_ADDED, user=owner).exists()
    assert mailoutbox[-1].to == [owner.email]  # told by e-mail that a second factor was added


def test_a_platform_admin_must_set_up_a_second_factor(cast, anon, outsider):
    outsider.is_staff = True
    outsider.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=outsider, email=outsider.email, verified=True, primary=True)
    sign_in(anon, outsider, "pass-outsider-2026")
    assert anon.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_a_manager_and_a_creator_may_go_without_one(cast, anon):
    for user in [real(cast.manager), real(cast.creator)]:
        client = Client(HTTP_HOST="127.0.0.1")
        sign_in(client, user)
        assert client.get("/").status_code == 200


def test_demo_owners_are_exempt_and_told_so(cast, anon):
    sign_in(anon, cast.owner)
    home = anon.get("/")
    assert home.status_code == 200
    assert "This is a demo account" in home.text


def test_sign_in_asks_for_the_code_and_a_reused_code_is_refused(owner_with_totp, next_window):
    owner, secret = owner_with_totp
    next_window()
    client = Client(HTTP_HOST="127.0.0.1")
    step = sign_in(client, owner)
    assert step["Location"] == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not signed in before the code
    code = totp_code(secret)
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post(reverse("account_logout"))

    # The same code again, within its window: refused.
    replay = Client(HTTP_HOST="127.0.0.1")
    sign_in(replay, owner)
    refused = replay.post(reverse("mfa_authenticate"), {"code": code})
    assert refused.status_code == 200
    assert replay.get("/").status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.MFA_FAILED).exists()


def test_a_recovery_code_signs_in_once(owner_with_totp):
    owner, _secret = owner_with_totp
    codes = RecoveryCodes(
        Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10
    client = Client(HTTP_HOST="127.0.0.1")
    sign_in(client, owner)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]})["Location"] == "/"
    client.post(reverse("account_logout"))
    again = Client(HTTP_HOST="127.0.0.1")
    sign_in(again, owner)
    assert again.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 200
    assert again.get("/").status_code == 302


def test_recovery_codes_are_stored_hashed(owner_with_totp):
    owner, _secret = owner_with_totp
    stored = Authenticator.objects.get(user=owner, type=Authenticator.Type.RECOVERY_CODES)
    codes = RecoveryCodes(stored).get_unused_codes()
    assert not any(code in str(stored.data) for code in codes)


def test_creating_an_api_token_asks_for_the_second_factor_again(owner_with_totp, next_window):
    owner, secret = owner_with_totp
    next_window()
    client = Client(HTTP_HOST="127.0.0.1")
    sign_in(client, owner)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    next_window()
    asked = client.post(reverse("integrations:tokens"), TOKEN_FORM)
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not ApiToken.objects.filter(user=owner).exists()
    done = client.post(asked["Location"], {"code": totp_code(secret)})
    assert done.status_code == 302
    assert ApiToken.objects.filter(user=owner, name="CRM sync").exists()


def test_without_a_second_factor_a_token_is_made_at_once(cast, login):
    client = login(cast.owner, "agency:northstar-talent")
    assert client.post(reverse("integrations:tokens"), TOKEN_FORM).status_code == 302
    assert ApiToken.objects.filter(user=cast.owner, name="CRM sync").exists()


def test_a_new_agency_owner_is_asked_at_the_next_sign_in(outsider, login):
    from allauth.account.models import EmailAddress

    from agencies.actions import create_agency

    EmailAddress.objects.create(user=outsider, email=outsider.email, verified=True, primary=True)
    client = Client(HTTP_HOST="127.0.0.1")
    sign_in(client, outsider, "pass-outsider-2026")
    assert client.get("/").status_code == 200
    create_agency(actor=outsider, name="Orbit Talent")
    assert client.get("/").status_code == 200  # this session goes on
    client.post(reverse("account_logout"))
    sign_in(client, outsider, "pass-outsider-2026")
    asked = client.get("/", follow=True)
    assert asked.redirect_chain[0][0] == reverse("mfa_activate_totp")
    assert "sign in with a second factor" in asked.text
