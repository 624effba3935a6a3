import re

import pytest
from django.core import mail
from django.urls import reverse

from access.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
RESET = reverse("account_reset_password")


def reset_link(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+/)", message.body).group(1)


def test_known_and_unknown_addresses_get_the_same_answer(cast, anon):
    known = anon.post(RESET, {"email": "OWNER@northstar.example"}, follow=True)
    unknown = anon.post(RESET, {"email": "nobody@nowhere.example"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert "If an account uses this address" in known.text
    assert "If an account uses this address" in unknown.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@northstar.example"]


def test_a_look_alike_address_gets_no_mail(cast, anon):
    """AU-3: the dotless ı of `owner` folds to nothing registered; no mail goes to it."""
    anon.post(RESET, {"email": "owner@northstar.example".replace("o", "ο", 1)})  # Greek omicron
    anon.post(RESET, {"email": "manager@northstar.example".replace("a", "а", 1)})  # Cyrillic a
    assert all(m.to[0].isascii() for m in mail.outbox)


def test_reset_link_sets_a_new_password_once(cast, anon):
    anon.post(RESET, {"email": "owner@northstar.example"})
    link = reset_link(mail.outbox[0])
    form = anon.get(link, follow=True)
    assert "Choose a new password" in form.text
    weak = anon.post(form.redirect_chain[-1][0], {"password1": "123", "password2": "123"})
    assert "This password is too short." in weak.text
    done = anon.post(
        form.redirect_chain[-1][0],
        {"password1": "brand-new-pass-2026", "password2": "brand-new-pass-2026"},
    )
    assert done.status_code == 302
    cast.owner.refresh_from_db()
    assert cast.owner.check_password("brand-new-pass-2026")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET).exists()
    assert "This reset link is not valid" in anon.get(link, follow=True).text
    # The owner is told on their address that the password changed.
    assert mail.outbox[-1].to == ["owner@northstar.example"]
