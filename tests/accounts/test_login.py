import pytest
from django.urls import reverse

from access.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
LOGIN = reverse("accounts:login")


def test_demo_user_signs_in_with_any_spelling_of_the_address(cast, anon):
    response = anon.post(
        LOGIN, {"username": " Owner@NorthStar.example ", "password": "demo-pass-2026"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN, user=cast.owner).exists()


@pytest.mark.parametrize("email", ["owner@northstar.example", "nobody@nowhere.example"])
def test_wrong_password_and_unknown_address_get_the_same_message(cast, anon, email):
    response = anon.post(LOGIN, {"username": email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "That e-mail address and password do not match an account." in response.text
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED, email=email).exists()


def test_malformed_address_is_explained_next_to_the_field(anon):
    response = anon.post(LOGIN, {"username": "not-an-address", "password": "x"})
    assert "Enter a valid email address." in response.text


def test_logout_needs_a_post(cast, login):
    client = login(cast.owner)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # back to the login page


def test_anonymous_visitor_is_sent_to_login(anon):
    response = anon.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_signed_in_user_opening_login_goes_home(cast, login):
    assert login(cast.owner).get(LOGIN)["Location"] == "/"


def test_failed_sign_ins_are_capped_per_account_and_a_reset_unlocks(cast, anon, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        anon.post(LOGIN, {"username": "owner@northstar.example", "password": "guess"})
    locked = anon.post(LOGIN, {"username": "OWNER@northstar.example", "password": "demo-pass-2026"})
    assert locked.status_code == 429
    assert "Too many failed attempts." in locked.text
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_THROTTLED).exists()
    # Another account from the same place is not affected.
    other = anon.post(
        LOGIN, {"username": "manager@northstar.example", "password": "demo-pass-2026"}
    )
    assert other.status_code == 302

    from accounts import throttle

    throttle.clear("owner@northstar.example")  # what a completed password reset does
    assert (
        anon.post(
            LOGIN, {"username": "owner@northstar.example", "password": "demo-pass-2026"}
        ).status_code
        == 302
    )


def test_failed_sign_ins_are_capped_per_ip(cast, anon, settings):
    settings.LOGIN_FAILURES_PER_IP = 4
    for i in range(4):
        anon.post(LOGIN, {"username": f"nobody{i}@example.com", "password": "guess"})
    response = anon.post(
        LOGIN, {"username": "owner@northstar.example", "password": "demo-pass-2026"}
    )
    assert response.status_code == 429
