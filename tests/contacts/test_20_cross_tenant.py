"""Cross-tenant probes (issue 20): a brand contact and her deals are her agency's alone; a guest
link opens its one deal to whoever holds it, and nothing else to anyone."""

import pytest

from access.models import SecurityEvent, SecurityEventKind
from contacts import actions
from contacts.models import BrandContact
from talentdesk.lib.errors import ActionError
from tests.campaigns.conftest import role_of
from tests.contacts.test_20_offplatform_life import one_unit_terms, record_deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(cast, contact, as_manager, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return record_deal(cast, contact, as_manager)


@pytest.fixture
def token(deal, as_manager):
    return actions.create_guest_link(deal, **as_manager)[1]


def probes(contact, deal):
    return [
        f"/agency/contacts/{contact.public_id}/",
        f"/agency/deals/{deal.public_id}/record/",
    ]


def test_20_another_agency_never_sees_the_contact_or_records_on_its_deals(
    cast, contact, deal, login
):
    other = login(cast.lumen_manager)
    for path in probes(contact, deal):
        assert other.get(path).status_code == 404, path
    assert other.post(f"/agency/deals/{deal.public_id}/guest-link/").status_code == 404
    assert other.post(f"/agency/contacts/{contact.public_id}/attach/").status_code == 404
    listing = other.get("/agency/contacts/")
    assert listing.status_code == 200 and "Solène" not in listing.text
    lumen = role_of(cast.lumen_manager, "agency")
    assert not BrandContact.objects.visible_to(lumen).exists()
    with pytest.raises(ActionError):
        actions.record_move(
            deal, "withdraw", role=lumen, actor=cast.lumen_manager, received_on=None
        )


def test_20_brands_and_creators_never_see_contacts(cast, contact, deal, login, anon):
    for user, kind in (
        (cast.outsider_brand, "brand"),
        (cast.brand, "brand"),
        (cast.creator2, "creator"),
    ):
        client = login(user, role_of(user, kind).key)
        assert client.get("/agency/contacts/").status_code == 404
        for path in probes(contact, deal):
            assert client.get(path).status_code == 404, (user, path)
    for path in probes(contact, deal):
        assert anon.get(path).status_code == 302  # to the sign-in page


def test_20_a_guest_token_opens_its_deal_only_whoever_holds_it(
    cast, contact, deal, token, login, anon
):
    other_deal = actions.record_deal(
        contact=contact,
        creator=cast.maya,
        campaign_name="Another",
        terms=one_unit_terms(),
        received_on=deal.created_at.date(),
        **{"role": role_of(cast.manager, "agency"), "actor": cast.manager},
    )
    clients = [
        login(cast.lumen_manager),
        login(cast.outsider_brand, role_of(cast.outsider_brand, "brand").key),
        anon,
    ]
    for client in clients:
        assert client.get(f"/guest/{deal.public_id}/{token}/").status_code == 200
        for path in (
            f"/guest/{other_deal.public_id}/{token}/",
            f"/guest/{other_deal.public_id}/{token}/counter/",
            f"/guest/{deal.public_id}/{token[:-1]}/",
            f"/guest/{deal.public_id}/{token}x/sign/",
        ):
            assert client.get(path).status_code == 404, path
    refused = SecurityEvent.objects.filter(kind=SecurityEventKind.GUEST_LINK_REFUSED)
    assert refused.count() == 12
    assert not refused.filter(path__contains=token).exists()  # the token is never logged
