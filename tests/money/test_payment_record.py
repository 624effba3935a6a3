"""A brand's payment record (issue 16): from the ledger, its average days from issue to payment
and how many invoices were late, shown to the creator side on the brand's new offers."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from access.models import Representation
from brands.actions import create_brand
from campaigns.actions import today
from money import actions as money
from money.models import Milestone
from money.payment_record import brand_record
from tests.campaigns.conftest import role_of
from tests.money.test_earnings import signed_deal  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def payer(outsider):
    """A new brand, Ola's, with no invoice yet: its record is only what the test makes."""
    brand = create_brand(actor=outsider, name="Slow Pay Ltd", country="FR")
    return brand, outsider


def invoice(cast, offer, *, issued_days_ago: int, due_days_ago: int, paid: bool):
    """The deal's upfront share, due `due_days_ago`, issued `issued_days_ago`, paid today or not."""
    manager = role_of(cast.manager, "agency")
    Milestone.objects.filter(offer=offer, number=1).update(
        due_on=today() - timedelta(days=due_days_ago)
    )
    upfront = offer.milestones.get(number=1)
    made = money.draft_invoice(manager, offer, actor=cast.manager, milestones=[upfront])
    money.issue_invoice(
        manager, made, actor=cast.manager, issued_on=today() - timedelta(days=issued_days_ago)
    )
    if paid:
        brand_user = offer.campaign.brand.memberships.first().user
        money.mark_paid(role_of(brand_user, "brand"), made, actor=brand_user)
    return made


def test_the_record_averages_days_to_pay_and_counts_late_invoices(cast, signed_deal, payer):  # noqa: F811
    brand, user = payer
    on_time = invoice(
        cast, signed_deal(brand_user=user), issued_days_ago=20, due_days_ago=0, paid=True
    )
    late = invoice(
        cast, signed_deal(brand_user=user), issued_days_ago=50, due_days_ago=10, paid=True
    )
    unpaid = invoice(
        cast, signed_deal(brand_user=user), issued_days_ago=40, due_days_ago=5, paid=False
    )
    money.mark_overdue()
    record = brand_record(role_of(cast.creator, "creator"), brand.pk, cast.maya)
    assert (record.paid, record.overdue, record.counted) == (2, 1, 3)
    assert record.late == 2  # paid 10 days after its due date, and still unpaid after it
    assert record.average_days == Decimal("35.0")  # (20 + 50) / 2
    assert {on_time.number, late.number, unpaid.number}  # all three were numbered


def test_a_brand_that_never_paid_or_fell_late_has_an_empty_record(cast, payer):
    brand, _user = payer
    record = brand_record(role_of(cast.creator, "creator"), brand.pk, cast.maya)
    assert record.counted == 0 and record.average_days is None and not record.withheld


def test_staff_without_her_view_earnings_see_it_withheld(cast, payer):
    brand, _user = payer
    rep = Representation.objects.active().get(creator=cast.maya)
    assert not brand_record(role_of(cast.manager, "agency"), brand.pk, cast.maya).withheld
    Representation.objects.filter(pk=rep.pk).update(
        scopes=[s for s in rep.scopes if s != "view_earnings"]
    )
    record = brand_record(role_of(cast.manager, "agency"), brand.pk, cast.maya)
    assert "not shared their earnings" in record.withheld


def test_the_brand_itself_is_not_shown_a_record(cast):
    assert brand_record(role_of(cast.brand, "brand"), cast.glowskin.pk, cast.maya) is None


def test_the_offer_page_loads_it_for_the_creator_side_while_the_offer_awaits(cast, login, offer):
    """The page holds a placeholder that fetches the record once loaded (HTMX), with a link to
    it for a browser without JavaScript; the brand's own staff get neither."""
    url = reverse("campaigns:offer", args=[offer.public_id])
    record_url = reverse("money:offer-brand-record", args=[offer.public_id])
    for user in (cast.creator, cast.manager):
        page = login(user).get(url).content.decode()
        assert f'data-hx-get="{record_url}"' in page and f'href="{record_url}"' in page
    assert record_url not in login(cast.brand).get(url).content.decode()


def test_the_record_comes_as_a_fragment_in_place_and_as_a_page_without_javascript(
    cast, login, offer
):
    url = reverse("money:offer-brand-record", args=[offer.public_id])
    client = login(cast.creator)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="brand-record"' in fragment and "How this brand pays" in fragment
    assert "<html" not in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and 'id="brand-record"' in page


def test_the_record_is_hidden_from_the_brand_and_from_outsiders(cast, login, offer, outsider):
    url = reverse("money:offer-brand-record", args=[offer.public_id])
    assert login(cast.brand).get(url).status_code == 404
    assert login(outsider).get(url).status_code == 404


def test_a_signed_deal_no_longer_shows_it(cast, login, signed):
    client = login(cast.creator)
    page = client.get(reverse("campaigns:offer", args=[signed.public_id])).content.decode()
    record_url = reverse("money:offer-brand-record", args=[signed.public_id])
    assert 'id="brand-record"' not in page
    assert client.get(record_url).status_code == 404


def test_other_brands_invoices_do_not_count(cast, signed_deal, payer):  # noqa: F811
    brand, user = payer
    invoice(cast, signed_deal(), issued_days_ago=90, due_days_ago=60, paid=True)  # GlowSkin's
    record = brand_record(role_of(cast.creator, "creator"), brand.pk, cast.maya)
    assert record.counted == 0
