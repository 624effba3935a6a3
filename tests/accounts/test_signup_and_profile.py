import re

import pytest
from allauth.account.models import EmailAddress
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
    def post(email, name="Rosa Lind", password="a-long-unusual-pass-77"):
        with django_capture_on_commit_callbacks(execute=True):
            return anon.post(
                reverse("account_signup"),
                {"name": name, "email": email, "password1": password},
                follow=True,
            )

    return post


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_new_user_signs_up_confirms_the_address_and_lands_on_onboarding(sign_up, anon):
    response = sign_up("Rosa@Example.com")
    assert "Check your e-mail" in response.text
    user = User.objects.get(email="rosa@example.com")
    assert user.name == "Rosa Lind" and not user.is_demo
    assert AuditEvent.objects.filter(event_type=AuditEventType.ACCOUNT_CREATED, actor=user).exists()
    # Not signed in before the address is confirmed.
    assert anon.get("/").status_code == 302
    refused = anon.post(
        reverse("account_login"),
        {"login": "rosa@example.com", "password": "a-long-unusual-pass-77"},
    )
    assert refused.status_code == 302 and "confirm" in refused["Location"]
    link = confirmation_link(mail.outbox[-1])
    page = anon.get(link)
    assert page.status_code == 200  # a page with a button: a mail scanner's GET confirms nothing
    assert not EmailAddress.objects.get(user=user).verified
    done = anon.post(link, follow=True)
    assert EmailAddress.objects.get(user=user).verified
    assert "I am a creator" in done.text  # signed in, on the onboarding page


def test_signup_refuses_a_weak_password(sign_up):
    response = sign_up("rosa@example.com", password="123")
    assert "This password is too short." in response.text
    assert not User.objects.filter(email="rosa@example.com").exists()


def test_signup_answers_the_same_for_a_taken_address(cast, sign_up):
    new = sign_up("someone.new@example.com")
    taken = sign_up("OWNER@northstar.example", name="Impostor")
    assert new.redirect_chain == taken.redirect_chain
    # The pages differ only by the address the visitor typed.
    assert without_tokens(new.text).replace("someone.new@example.com", "@") == without_tokens(
        taken.text
    ).replace("owner@northstar.example", "@")
    assert mail.outbox[-1].to == ["owner@northstar.example"]
    assert "already" in mail.outbox[-1].body
    cast.owner.refresh_from_db()
    assert cast.owner.name == "Hannah Reyes" and cast.owner.check_password("demo-pass-2026")


def test_signup_refuses_a_malformed_address_and_creates_nothing(anon):
    response = anon.post(
        reverse("account_signup"),
        {"name": "Rosa", "email": "rosa@", "password1": "a-long-unusual-pass-77"},
    )
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
    assert "Mot de passe" in anon.get(reverse("account_login")).text


def test_language_switch_ignores_foreign_redirects(anon):
    response = anon.post(
        reverse("accounts:language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
