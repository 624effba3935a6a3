import pytest
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_new_user_signs_up_and_lands_on_onboarding(anon):
    response = anon.post(
        reverse("accounts:signup"),
        {"name": "Rosa Lind", "email": "Rosa@Example.com", "password": "a-long-unusual-pass-77"},
        follow=True,
    )
    assert "I am a creator" in response.text
    user = User.objects.get(email="rosa@example.com")
    assert user.check_password("a-long-unusual-pass-77")
    assert AuditEvent.objects.filter(event_type=AuditEventType.ACCOUNT_CREATED, actor=user).exists()


def test_signup_refuses_a_weak_password_and_creates_nothing(anon):
    response = anon.post(
        reverse("accounts:signup"), {"name": "Rosa", "email": "rosa@example.com", "password": "123"}
    )
    assert "This password is too short." in response.text
    assert not User.objects.filter(email="rosa@example.com").exists()


def test_signup_with_a_taken_address_says_so(cast, anon):
    response = anon.post(
        reverse("accounts:signup"),
        {"name": "X", "email": "OWNER@northstar.example", "password": "a-long-unusual-pass-77"},
    )
    assert "An account with this address exists already." in response.text


def test_profile_change_is_saved_and_audited(cast, login):
    client = login(cast.manager)
    response = client.post(
        reverse("accounts:profile"),
        {"name": "Marco B.", "language": "fr", "time_zone": "America/New_York"},
    )
    assert response.status_code == 302
    cast.manager.refresh_from_db()
    assert (cast.manager.language, cast.manager.time_zone) == ("fr", "America/New_York")
    event = AuditEvent.objects.filter(event_type=AuditEventType.PROFILE_UPDATED).latest("id")
    assert event.changes["language"] == ["en", "fr"]


def test_profile_refuses_an_unknown_time_zone(cast, login):
    response = login(cast.manager).post(
        reverse("accounts:profile"), {"name": "M", "language": "en", "time_zone": "Mars/Olympus"}
    )
    assert "Select a valid choice." in response.text
    cast.manager.refresh_from_db()
    assert cast.manager.time_zone == "Europe/Paris"


def test_language_switch_turns_the_page_french_and_remembers_it(cast, login):
    client = login(cast.owner)
    response = client.post(
        reverse("accounts:language"), {"language": "fr", "next": "/"}, follow=True
    )
    assert '<html lang="fr">' in response.text
    assert "Se déconnecter" in response.text
    cast.owner.refresh_from_db()
    assert cast.owner.language == "fr"


def test_language_switch_for_a_visitor_uses_a_cookie(anon):
    anon.post(reverse("accounts:language"), {"language": "fr", "next": "/accounts/login/"})
    assert "Mot de passe" in anon.get(reverse("accounts:login")).text


def test_language_switch_ignores_foreign_redirects(anon):
    response = anon.post(
        reverse("accounts:language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
