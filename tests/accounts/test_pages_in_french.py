"""Every account page in French, and each flow working in French (SPEC §7)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor_fr():
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def french(response, *phrases):
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    for phrase in phrases:
        assert phrase in response.text, phrase


def test_sign_in_in_french(cast, visitor_fr):
    french(visitor_fr.get(reverse("account_login")), "Se connecter", "Adresse e-mail")
    response = visitor_fr.post(
        reverse("account_login"), {"login": "owner@northstar.example", "password": "demo-pass-2026"}
    )
    assert response["Location"] == "/"


def test_sign_up_in_french(visitor_fr, mailoutbox, django_capture_on_commit_callbacks):
    french(visitor_fr.get(reverse("account_signup")), "Créer un compte", "Nom complet")
    with django_capture_on_commit_callbacks(execute=True):
        sent = visitor_fr.post(
            reverse("account_signup"),
            {"name": "Lucie Martin", "email": "lucie@example.com", "password1": "un-long-mot-2026"},
            follow=True,
        )
    french(sent, "Consultez vos e-mails")
    link = re.search(r"https?://[^/]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)
    french(visitor_fr.get(link.group(1)), "Confirmer")
    done = visitor_fr.post(link.group(1), follow=True)
    assert done.status_code == 200 and '<html lang="fr">' in done.text  # signed in, in French


def test_password_reset_in_french(cast, visitor_fr, mailoutbox):
    french(visitor_fr.get(reverse("account_reset_password")), "Réinitialiser votre mot de passe")
    sent = visitor_fr.post(
        reverse("account_reset_password"), {"email": "owner@northstar.example"}, follow=True
    )
    french(sent, "Consultez vos e-mails")
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)
    form = visitor_fr.get(link.group(1), follow=True)
    french(form, "Choisir un nouveau mot de passe")
    done = visitor_fr.post(
        form.redirect_chain[-1][0],
        {"password1": "un-nouveau-mot-2026", "password2": "un-nouveau-mot-2026"},
        follow=True,
    )
    french(done, "Mot de passe modifié")


def test_account_pages_in_french_for_a_french_user(cast, login):
    cast.owner.language = "fr"
    cast.owner.save()
    client = login(cast.owner)
    french(client.get(reverse("mfa_index")), "Authentification à deux facteurs")
    french(client.get(reverse("usersessions_list")), "Sessions")
    french(client.get(reverse("account_reauthenticate")), "Mot de passe")
    french(client.get(reverse("account_logout")), "Se déconnecter")
