"""My sessions (allauth.usersessions): I see where I am signed in and end the other sessions."""

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client
from django.urls import reverse

from access.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db


def signed_in(user, agent: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT=agent)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "demo-pass-2026"}
    )
    assert response.status_code == 302
    return client


def test_i_see_my_other_sessions_and_end_them(cast):
    laptop = signed_in(cast.manager, "Firefox on the laptop")
    phone = signed_in(cast.manager, "Safari on the phone")
    assert UserSession.objects.filter(user=cast.manager).count() == 2
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert "Safari on the phone" in page.text and "Firefox on the laptop" in page.text

    laptop.post(reverse("usersessions_list"))
    assert phone.get("/").status_code == 302  # the phone is signed out
    assert laptop.get("/").status_code == 200  # this session stays
    assert UserSession.objects.filter(user=cast.manager).count() == 1
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.SESSIONS_ENDED, user=cast.manager
    ).exists()


def test_someone_elses_sessions_are_not_listed(cast):
    signed_in(cast.owner, "The owner's browser")
    mine = signed_in(cast.manager, "My browser")
    assert "The owner's browser" not in mine.get(reverse("usersessions_list")).text


def test_a_password_change_signs_out_the_other_sessions(cast):
    laptop = signed_in(cast.manager, "laptop")
    phone = signed_in(cast.manager, "phone")
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": "demo-pass-2026",
            "password1": "a-new-long-pass-2027",
            "password2": "a-new-long-pass-2027",
        },
    )
    assert response.status_code == 302
    assert phone.get("/").status_code == 302
    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.PASSWORD_CHANGED, user=cast.manager
    ).exists()
