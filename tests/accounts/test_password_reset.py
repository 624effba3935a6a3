import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
RESET = reverse("accounts:password-reset")


def test_known_and_unknown_addresses_get_the_same_answer(cast, anon):
    known = anon.post(RESET, {"email": "OWNER@northstar.example"}, follow=True)
    unknown = anon.post(RESET, {"email": "nobody@nowhere.example"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert "If an account uses this address" in known.text
    assert "If an account uses this address" in unknown.text
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@northstar.example"]


def test_reset_link_sets_a_new_password_once(cast, anon):
    anon.post(RESET, {"email": "owner@northstar.example"})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = anon.get(link, follow=True)
    assert "Choose a new password" in form.text
    done = anon.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-pass-2026", "new_password2": "brand-new-pass-2026"},
    )
    assert done.status_code == 302
    cast.owner.refresh_from_db()
    assert cast.owner.check_password("brand-new-pass-2026")
    assert "This reset link is not valid" in anon.get(link, follow=True).text
