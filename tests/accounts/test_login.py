import re

import pytest
from django.core import mail
from django.urls import reverse

from access.models import SecurityEvent, SecurityEventKind
from talentdesk.settings import login_rate_limits

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")


def test_demo_user_signs_in_with_any_spelling_of_the_address(cast, anon):
    response = anon.post(
        LOGIN, {"login": " Owner@NorthStar.example ", "password": "demo-pass-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN, user=cast.owner).exists()


def test_signing_in_issues_a_new_session_key(cast, anon):
    anon.get(LOGIN)
    anon.session.save()
    before = anon.session.session_key
    anon.post(LOGIN, {"login": "owner@northstar.example", "password": "demo-pass-2026"})
    assert anon.session.session_key != before


@pytest.mark.parametrize("email", ["owner@northstar.example", "nobody@nowhere.example"])
def test_wrong_password_and_unknown_address_get_the_same_message(cast, anon, email):
    response = anon.post(LOGIN, {"login": email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "That e-mail address and password do not match an account." in response.text
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED, email=email).exists()


def test_malformed_address_is_explained_next_to_the_field(anon):
    response = anon.post(LOGIN, {"login": "not-an-address", "password": "x"})
    assert "Enter a valid email address." in response.text


def test_sign_out_asks_before_a_get_and_happens_on_a_post(cast, login):
    client = login(cast.owner)
    assert client.get(reverse("account_logout")).status_code == 200  # "are you sure?"
    assert client.get("/").status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT, user=cast.owner).exists()
    assert client.get("/").status_code == 302  # back to the login page


def test_anonymous_visitor_is_sent_to_login(anon):
    response = anon.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_signed_in_user_opening_login_goes_home(cast, login):
    assert login(cast.owner).get(LOGIN)["Location"] == "/"


def test_failed_sign_ins_are_capped_per_account_and_a_reset_unlocks(cast, anon, settings):
    settings.ACCOUNT_RATE_LIMITS = login_rate_limits(per_account=3, per_ip=50, window=900)
    for _ in range(3):
        anon.post(LOGIN, {"login": "owner@northstar.example", "password": "guess"})
    locked = anon.post(LOGIN, {"login": "OWNER@northstar.example", "password": "demo-pass-2026"})
    assert locked.status_code == 429
    assert "Too many failed attempts." in locked.text
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_THROTTLED).exists()
    # Another account from the same place is not affected.
    other = anon.post(LOGIN, {"login": "manager@northstar.example", "password": "demo-pass-2026"})
    assert other.status_code == 302
    anon.post(reverse("account_logout"))

    # The documented way out: a password reset clears the account's count.
    anon.post(reverse("account_reset_password"), {"email": "owner@northstar.example"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mail.outbox[-1].body)
    form = anon.get(link.group(1), follow=True)
    anon.post(
        form.redirect_chain[-1][0],
        {"password1": "brand-new-pass-2026", "password2": "brand-new-pass-2026"},
    )
    again = anon.post(
        LOGIN, {"login": "owner@northstar.example", "password": "brand-new-pass-2026"}
    )
    assert again.status_code == 302


def test_failed_sign_ins_are_capped_per_ip(cast, anon, settings):
    settings.ACCOUNT_RATE_LIMITS = login_rate_limits(per_account=10, per_ip=4, window=900)
    for i in range(4):
        anon.post(LOGIN, {"login": f"nobody{i}@example.com", "password": "guess"})
    response = anon.post(LOGIN, {"login": "owner@northstar.example", "password": "demo-pass-2026"})
    assert response.status_code == 429


def test_the_admin_signs_in_through_the_account_pages(anon):
    response = anon.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
