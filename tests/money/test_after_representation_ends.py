"""After a representation ends (SPEC §9 Revocation): the agency's owners and admins keep read
access to the invoices it issued for the creator, and can no longer act on them; its other staff,
and every other agency, lose them at once."""

import pytest
from django.urls import reverse

from access import actions as access_actions
from access.models import Representation
from campaigns.actions import today
from money.models import Invoice, Payment
from tests.campaigns.conftest import role_of
from tests.money.test_invoice_pages import draft, issued  # noqa: F401 - the fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def revoked(cast, issued):  # noqa: F811
    rep = Representation.objects.active().get(creator=cast.maya, agency=cast.northstar)
    access_actions.end_representation(
        rep, "revoke", role=role_of(cast.creator, "creator"), actor=cast.creator
    )
    return issued


def url(invoice, name="money:invoice"):
    return reverse(name, args=[invoice.public_id])


def test_the_owner_still_reads_the_invoice_it_issued_and_its_pdf(cast, login, revoked):
    client = login(cast.owner)
    page = client.get(url(revoked))
    assert page.status_code == 200 and revoked.number in page.text
    assert "Record a payment" not in page.text and 'value="void"' not in page.text
    assert client.get(url(revoked, "money:invoice-pdf")).status_code == 200
    listed = client.get(reverse("money:invoices") + "?status=issued").text
    assert revoked.number in listed


def test_the_owner_can_no_longer_act_on_it(cast, login, revoked):
    client = login(cast.owner)
    pay = {"verb": "pay", "amount": "10", "paid_on": today().isoformat()}
    assert client.post(url(revoked), pay).status_code == 403
    assert client.post(url(revoked), {"verb": "void", "reason": "x"}).status_code == 403
    assert not Payment.objects.filter(invoice=revoked).exists()
    assert Invoice.objects.get(pk=revoked.pk).status == revoked.status


def test_its_managers_and_other_agencies_lose_it(cast, login, revoked):
    for user in (cast.manager, cast.manager2, cast.assistant, cast.lumen_owner):
        assert login(user).get(url(revoked)).status_code == 404, user


def test_the_api_reads_it_for_the_owner_only(cast, revoked):
    owner = role_of(cast.owner, "agency")
    manager = role_of(cast.manager, "agency")
    assert Invoice.objects.visible_to(owner).filter(pk=revoked.pk).exists()
    assert not Invoice.objects.visible_to(manager).filter(pk=revoked.pk).exists()


def test_a_draft_it_never_issued_is_not_kept(cast, draft):  # noqa: F811
    rep = Representation.objects.active().get(creator=cast.maya, agency=cast.northstar)
    access_actions.end_representation(
        rep, "revoke", role=role_of(cast.creator, "creator"), actor=cast.creator
    )
    assert not Invoice.objects.visible_to(role_of(cast.owner, "agency")).filter(pk=draft.pk)
