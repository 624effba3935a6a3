import re

import pytest
from django.core import mail
from django.urls import reverse

from access.models import AuditEvent, AuditEventType
from accounts.models import User

pytestmark = pytest.mark.django_db


def without_tokens(html: str) -> str:
    """The page minus its per-response nonce and CSRF token."""
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "", html)


@pytest.fixture
def sign_up(anon, django_capture_on_commit_callbacks):
    def post(email, name="Rosa Lind"):
        with django_capture_on_commit_callbacks(execute=True):
            return anon.post(
                reverse("accounts:signup"), {"name": name, "email": email}, follow=True
            )

    return post


def test_new_user_signs_up_chooses_a_password_and_lands_on_onboarding(sign_up, anon):
    response = sign_up("Rosa@Example.com")
    assert "Check your e-mail" in response.text
    user = User.objects.get(email="rosa@example.com")
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(event_type=AuditEventType.ACCOUNT_CREATED, actor=user).exists()
    link = re.search(r"https?://[^/]+(/accounts/activate/\S+/)", mail.outbox[-1].body).group(1)
    form = anon.get(link, follow=True)
    weak = anon.post(form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert "This password is too short." in weak.text
    done = anon.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-unusual-pass-77", "new_password2": "a-long-unusual-pass-77"},
        follow=True,
    )
    assert "I am a creator" in done.text  # signed in, on the onboarding page
    assert "This link is not valid" in anon.get(link, follow=True).text


def test_signup_answers_the_same_for_a_taken_address(cast, sign_up):
    new = sign_up("someone.new@example.com")
    taken = sign_up("OWNER@northstar.example", name="Impostor")
    assert new.redirect_chain == taken.redirect_chain
    assert without_tokens(new.text) == without_tokens(taken.text)
    assert mail.outbox[-1].to == ["owner@northstar.example"]
    assert "already has one" in mail.outbox[-1].body
    cast.owner.refresh_from_db()
    assert cast.owner.name == "Hannah Reyes" and cast.owner.check_password("demo-pass-2026")


def test_signup_refuses_a_malformed_address_and_creates_nothing(anon):
    response = anon.post(reverse("accounts:signup"), {"name": "Rosa", "email": "rosa@"})
    assert "Enter a valid email address." in response.text
    assert not User.objects.filter(name="Rosa").exists()


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
