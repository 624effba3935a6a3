"""Earnings (issue 16): booked, invoiced, paid, overdue, commission and the creator's net per
creator, lead manager, brand and month, each currency on its own; the creator's statement and
her agency's view of it show the same figures; only the creators who granted `view_earnings`
are counted; the pages keep their query count at two data sizes."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from access import actions as access_actions
from access.models import Representation
from brands.models import Brand
from campaigns import actions as offer_actions
from campaigns.actions import today
from campaigns.contracts import sign_contract
from campaigns.models import Contract
from money import actions as money
from money import earnings
from money.earnings import By, Figures, Period
from money.models import Invoice, Payment
from money.transitions import COUNTED
from tests.campaigns.conftest import role_of, terms
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db
D = Decimal


# --- building deals through the actions ---------------------------------------------------------
@pytest.fixture
def signed_deal(cast, settings, tmp_path):
    """signed_deal(price, currency, brand_user=GlowSkin's owner) → a new signed deal with Maya."""
    settings.MEDIA_ROOT = tmp_path
    made = iter(range(1000))

    def make(price="1500.00", currency="EUR", brand_user=None):
        brand_user = brand_user or cast.brand
        brand = role_of(brand_user, "brand")
        creator = role_of(cast.creator, "creator")
        campaign = offer_actions.create_campaign(
            brand.brand,
            actor=brand_user,
            name=f"Earnings {next(made)}",
            budget=D("90000"),
            currency=currency,
            starts_on=today(),
            ends_on=today() + timedelta(days=60),
        )
        offer = offer_actions.send_offer(
            campaign,
            role=brand,
            actor=brand_user,
            creator=cast.maya,
            terms=terms(price=D(price), currency=currency),
        )
        offer_actions.accept_offer(offer, role=creator, actor=cast.creator, seen_version=1)
        contract = Contract.objects.get(offer=offer)
        sign_contract(contract, role=brand, actor=brand_user, full_name=brand_user.name)
        sign_contract(contract, role=creator, actor=cast.creator, full_name=cast.creator.name)
        offer.refresh_from_db()
        return offer

    return make


def invoice_upfront(cast, offer, *, paid: bool = True, brand_user=None):
    """Northstar invoices the deal's upfront share; the brand pays it in full when `paid`."""
    manager = role_of(cast.manager, "agency")
    upfront = offer.milestones.get(number=1)
    invoice = money.draft_invoice(manager, offer, actor=cast.manager, milestones=[upfront])
    money.issue_invoice(manager, invoice, actor=cast.manager)
    if paid:
        brand_user = brand_user or cast.brand
        money.mark_paid(role_of(brand_user, "brand"), invoice, actor=brand_user)
    invoice.refresh_from_db()
    return invoice


TODAY = Period(today(), today())


def maya_in(result, cast, currency="EUR") -> Figures:
    return next(
        (
            r.figures
            for r in result.rows
            if r.key == str(cast.maya.public_id) and r.currency == currency
        ),
        Figures(),
    )


def owner(cast):
    return role_of(cast.owner, "agency")


def delta(after: Figures, before: Figures) -> dict:
    return {k: v - before.as_dict()[k] for k, v in after.as_dict().items()}


# --- the figures --------------------------------------------------------------------------------
def test_a_paid_upfront_invoice_is_booked_invoiced_paid_and_split(cast, signed_deal):
    before = maya_in(earnings.earnings(owner(cast), By.CREATOR, TODAY), cast)
    invoice_upfront(cast, signed_deal())
    after = maya_in(earnings.earnings(owner(cast), By.CREATOR, TODAY), cast)
    assert delta(after, before) == {
        "booked": D("1500.00"),
        "invoiced": D("450.00"),
        "overdue": D("0.00"),
        "paid": D("450.00"),
        "commission": D("90.00"),  # Northstar's 20 %
        "shared": D("0.00"),
        "net": D("360.00"),
    }


def test_paid_is_always_the_commission_plus_the_creators_net(cast, signed_deal):
    invoice_upfront(cast, signed_deal("999.99"))
    invoice_upfront(cast, signed_deal("1234.57", "USD"))
    for by in By:
        for row in earnings.earnings(owner(cast), by, Period.default()).rows:
            assert row.figures.paid == row.figures.commission + row.figures.net, row


def test_each_currency_has_its_own_total_never_added_to_another(cast, signed_deal):
    before = earnings.earnings(owner(cast), By.CREATOR, TODAY).totals
    invoice_upfront(cast, signed_deal("1000.00", "USD"))
    invoice_upfront(cast, signed_deal("2000.00", "JPY"))
    totals = earnings.earnings(owner(cast), By.CREATOR, TODAY).totals
    assert totals["USD"].paid - before.get("USD", Figures()).paid == D("300.00")
    assert totals["JPY"].paid - before.get("JPY", Figures()).paid == D("600")
    assert list(totals) == sorted(totals)  # one entry per currency, none of them summed


def test_an_unpaid_invoice_past_its_due_date_is_overdue_and_still_owed(cast, signed_deal):
    late_day = today() + timedelta(days=31)  # the upfront share is due 30 days after signature
    money.mark_overdue(late_day)  # the demo's invoices first: only the new one changes below
    before = earnings.statement(role_of(cast.creator, "creator"), TODAY)
    invoice = invoice_upfront(cast, signed_deal(), paid=False)
    money.mark_overdue(late_day)
    after = earnings.statement(role_of(cast.creator, "creator"), TODAY)
    assert after.totals["EUR"].overdue - before.totals.get("EUR", Figures()).overdue == D("450")
    owed, late = after.owed["EUR"]
    owed_before, late_before = before.owed.get("EUR", (D(0), D(0)))
    assert (owed - owed_before, late - late_before) == (D("450.00"), D("450.00"))
    assert invoice.pk in [i.pk for i in after.open_invoices]


def test_figures_fall_in_the_month_of_their_own_date(cast, signed_deal):
    invoice_upfront(cast, signed_deal())
    month = earnings.first_of_month(today())
    rows = earnings.earnings(owner(cast), By.MONTH, Period.default()).rows
    this_month = next(r for r in rows if r.month == month and r.currency == "EUR")
    assert this_month.key == f"{month:%Y-%m}"
    assert this_month.figures.paid >= D("450.00")
    elsewhere = Period(month - timedelta(days=400), month - timedelta(days=1))
    assert all(r.month < month for r in earnings.earnings(owner(cast), By.MONTH, elsewhere).rows)


def test_by_lead_manager_counts_each_creator_under_her_lead(cast, signed_deal):
    invoice_upfront(cast, signed_deal())
    rows = earnings.earnings(owner(cast), By.MANAGER, TODAY).rows
    marco = [r for r in rows if r.key == str(cast.manager.public_id) and r.currency == "EUR"]
    assert marco and marco[0].label == cast.manager.name
    assert marco[0].figures.paid >= D("450.00")


def test_by_brand_keeps_each_brand_apart(cast, signed_deal):
    volt = Brand.objects.get(name="Volt Bikes")
    before = earnings.earnings(owner(cast), By.BRAND, TODAY).rows
    invoice_upfront(
        cast, signed_deal("800.00", brand_user=cast.outsider_brand), brand_user=cast.outsider_brand
    )
    rows = earnings.earnings(owner(cast), By.BRAND, TODAY).rows

    def paid(rows, brand):
        return sum((r.figures.paid for r in rows if r.key == str(brand.public_id)), D(0))

    assert paid(rows, volt) - paid(before, volt) == D("240.00")
    assert paid(rows, cast.glowskin) == paid(before, cast.glowskin)


def test_a_shared_commission_shows_on_both_statements(cast, signed_deal):
    rep = Representation.objects.active().get(creator=cast.maya)
    money.set_commission(
        owner(cast),
        rep,
        actor=cast.owner,
        commission_pct="20",
        split_with="Scout & Co",
        split_pct="25",
    )
    invoice_upfront(cast, signed_deal())  # signed after the change: the share is frozen in the deal
    mine = earnings.statement(role_of(cast.creator, "creator"), TODAY)
    theirs = earnings.statement(owner(cast), TODAY, creator=cast.maya)
    assert ("Scout & Co", "EUR", D("22.50")) in mine.shares  # 25 % of the 90.00 commission
    assert mine.shares == theirs.shares
    card = next(c for c in theirs.cards if c.currency == "EUR")
    assert card.figures.agency_keeps == card.figures.commission - card.figures.shared


def test_only_the_deals_signed_with_a_share_count_in_the_agencys_shares(cast, signed_deal):
    invoice_upfront(cast, signed_deal())  # signed before the share: none of it is shared
    rep = Representation.objects.active().get(creator=cast.maya)
    money.set_commission(
        owner(cast),
        rep,
        actor=cast.owner,
        commission_pct="20",
        split_with="Scout & Co",
        split_pct="25",
    )
    invoice_upfront(cast, signed_deal())
    result = earnings.earnings(owner(cast), By.CREATOR, TODAY)
    assert result.shares == [("Scout & Co", "EUR", D("22.50"))]
    assert result.totals["EUR"].shared == D("22.50")


def test_the_creator_and_her_agency_see_the_same_statement(cast, signed_deal):
    invoice_upfront(cast, signed_deal())
    invoice_upfront(cast, signed_deal("700.00", "USD"), paid=False)
    period = Period.default()
    mine = earnings.statement(role_of(cast.creator, "creator"), period)
    for who in (cast.owner, cast.manager, cast.assistant):
        theirs = earnings.statement(role_of(who, "agency"), period, creator=cast.maya)
        assert theirs.totals == mine.totals
        assert [(r.key, r.currency, r.figures) for r in theirs.by_month] == [
            (r.key, r.currency, r.figures) for r in mine.by_month
        ]
        assert theirs.owed == mine.owed and theirs.shares == mine.shares


# --- who sees what ------------------------------------------------------------------------------
def test_staff_see_no_figure_of_a_creator_who_withdrew_view_earnings(cast, signed_deal):
    invoice_upfront(cast, signed_deal())
    rep = Representation.objects.active().get(creator=cast.maya)
    access_actions.change_scopes(
        rep,
        role=role_of(cast.creator, "creator"),
        actor=cast.creator,
        scopes=[s for s in rep.scopes if s != "view_earnings"],
    )
    for who in (cast.owner, cast.manager):
        result = earnings.earnings(role_of(who, "agency"), By.CREATOR, Period.default())
        assert str(cast.maya.public_id) not in {r.key for r in result.rows}
    with pytest.raises(PermissionDenied, match="not shared their earnings"):
        earnings.creator_for_agency(owner(cast), cast.maya.public_id)


def test_other_agencies_and_unassigned_managers_never_count_her(cast, signed_deal):
    invoice_upfront(cast, signed_deal())
    for user in (cast.lumen_owner, cast.manager2):
        role = role_of(user, "agency")
        keys = {r.key for r in earnings.earnings(role, By.CREATOR, Period.default()).rows}
        assert str(cast.maya.public_id) not in keys
        with pytest.raises(Http404):
            earnings.creator_for_agency(role, cast.maya.public_id)


def test_the_ledgers_hold_exactly_the_invoices_the_role_may_see(cast, signed_deal):
    invoice_upfront(cast, signed_deal())
    for user, kind in [
        (cast.owner, "agency"),
        (cast.manager, "agency"),
        (cast.manager2, "agency"),
        (cast.assistant, "agency"),
        (cast.lumen_owner, "agency"),
        (cast.creator, "creator"),
    ]:
        role = role_of(user, kind)
        visible = Invoice.objects.visible_to(role).filter(status__in=COUNTED)
        assert set(earnings.ledgers(role).invoices) == set(visible), user
        paid = Payment.objects.filter(invoice__in=visible)
        assert set(earnings.ledgers(role).payments) == set(paid), user


def test_brands_have_no_earnings(cast):
    with pytest.raises(PermissionDenied, match="creators and the agencies"):
        earnings.require_earnings(role_of(cast.brand, "brand"))


# --- the pages ----------------------------------------------------------------------------------
EARNINGS = reverse("money:earnings")


def test_the_creator_page_shows_her_net_what_is_owed_and_the_commission(cast, login, signed_deal):
    invoice_upfront(cast, signed_deal())
    invoice_upfront(cast, signed_deal("200.00", "USD"), paid=False)
    page = login(cast.creator).get(EARNINGS)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your net" in text and "Still owed to you" in text and "Agency commission" in text
    assert "In EUR" in text and "In USD" in text
    assert f"{reverse('money:earnings-chart')}?currency=EUR" in text


def test_the_agency_page_has_a_tab_per_grouping_and_an_htmx_table(cast, login, signed_deal):
    invoice_upfront(cast, signed_deal())
    client = login(cast.owner)
    for by in By:
        page = client.get(EARNINGS, {"by": by})
        assert page.status_code == 200
        assert 'aria-current="page">' in page.content.decode()
    partial = client.get(
        EARNINGS, {"by": "brand"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="earnings-table"
    )
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="earnings-table">') and "<html" not in body
    assert "GlowSkin" in body


def test_the_agency_sees_her_statement_with_the_figures_she_sees(cast, login, signed_deal):
    invoice_upfront(cast, signed_deal())
    hers = login(cast.creator).get(EARNINGS).content.decode()
    url = reverse("money:creator-earnings", args=[cast.maya.public_id])
    theirs = login(cast.owner).get(url).content.decode()

    def figures(html, name):
        return re.findall(rf'data-figure="{name}">([^<]+)<', html)

    for name in ("net", "commission", "owed"):
        assert figures(hers, name) == figures(theirs, name) != []


def test_the_chart_is_an_svg_of_the_months_in_one_currency(cast, login, signed_deal):
    invoice_upfront(cast, signed_deal())
    for client in (login(cast.creator), login(cast.owner)):
        chart = client.get(reverse("money:earnings-chart"), {"currency": "EUR"})
        assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
        assert b"Earnings by month (EUR)" in chart.content
    first = login(cast.creator).get(reverse("money:earnings-chart"))  # her first currency
    assert first.status_code == 200 and b"Earnings by month (EUR)" in first.content
    wrong = login(cast.owner).get(reverse("money:earnings-chart"), {"currency": "euro"})
    assert wrong.status_code == 404


def test_a_wrong_period_says_so_and_shows_the_last_twelve_months(cast, login):
    page = login(cast.creator).get(EARNINGS, {"from": "2026-05-01", "to": "2026-01-01"})
    assert page.status_code == 200
    assert "The period ends before it starts." in page.content.decode()
    assert page.context["period"] == Period.default()
    for far in ({"to": "0001-01-01"}, {"from": "2026-01-01", "to": "9999-12-31"}):
        page = login(cast.creator).get(EARNINGS, far)
        assert page.status_code == 200 and page.context["period"] == Period.default()
        assert "Give days between 1970 and 2100." in page.content.decode()


@pytest.mark.parametrize(
    "who,kind,status",
    [
        ("brand", "brand", 404),
        ("outsider_brand", "brand", 404),
        ("lumen_owner", "agency", 200),  # Lumen's own creators, none of Maya's figures
        ("manager2", "agency", 200),
    ],
)
def test_the_agency_page_never_shows_her_figures_to_others(
    cast, login, signed_deal, who, kind, status
):
    invoice_upfront(cast, signed_deal("1200.00"))
    user = getattr(cast, who)
    page = login(user, role_of(user, kind).key).get(EARNINGS, {"by": "creator"})
    assert page.status_code == status
    assert "@mayamoves" not in page.content.decode()


def test_her_statement_is_404_out_of_reach_and_403_without_view_earnings(cast, login):
    url = reverse("money:creator-earnings", args=[cast.maya.public_id])
    for user in (cast.manager2, cast.lumen_owner):
        assert login(user, role_of(user, "agency").key).get(url).status_code == 404
    assert login(cast.brand).get(url).status_code == 404
    rep = Representation.objects.active().get(creator=cast.maya)
    Representation.objects.filter(pk=rep.pk).update(
        scopes=[s for s in rep.scopes if s != "view_earnings"]
    )
    refused = login(cast.owner).get(url)
    assert refused.status_code == 403
    assert "not shared their earnings" in refused.content.decode()


def test_earnings_pages_read_the_same_queries_at_two_sizes(cast, login, signed_deal):
    pages = {
        "creator": (login(cast.creator), EARNINGS),
        "agency": (login(cast.owner), EARNINGS),
        "agency by manager": (login(cast.owner), EARNINGS + "?by=manager"),
        "her statement": (
            login(cast.owner),
            reverse("money:creator-earnings", args=[cast.maya.public_id]),
        ),
        "chart": (login(cast.owner), reverse("money:earnings-chart") + "?currency=EUR"),
    }
    invoice_upfront(cast, signed_deal())

    def counts():
        return {name: count_queries(lambda c=c, u=u: c.get(u)) for name, (c, u) in pages.items()}

    counts()  # warm the sessions
    small = counts()
    for n in range(3):
        invoice_upfront(cast, signed_deal(f"{900 + n}.00", ("EUR", "USD", "JPY")[n]))
        invoice_upfront(
            cast,
            signed_deal("450.00", brand_user=cast.outsider_brand),
            brand_user=cast.outsider_brand,
        )
    invoice_upfront(cast, signed_deal("300.00"), paid=False)
    assert counts() == small
